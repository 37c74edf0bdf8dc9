"""official_fields equals the sandbox's ground truth on every document; number keys."""

from __future__ import annotations

from datetime import date

from archive.extract.office import DocumentReading, number_key, number_tokens, official_fields

FIELDS = ("doc_type", "number", "issuer", "issued_date", "place", "subject", "signer")


def test_every_sandbox_document_reads_to_its_ground_truth(
    documents_truth: list[dict], readings: dict[str, DocumentReading]
) -> None:
    assert {t["format"] for t in documents_truth} == {"pdf", "scan", "docx", "doc"}
    wrong = []
    for truth in documents_truth:
        found = official_fields(readings[truth["url"]].text)
        assert found is not None, truth["url"]
        got = found.to_json()
        wrong += [
            (truth["url"], k, got[k], truth[k])
            for k in (*FIELDS, "signer_title")
            if got[k] != truth[k]
        ]
    assert not wrong


def test_text_holds_every_sentence(
    documents_truth: list[dict], readings: dict[str, DocumentReading]
) -> None:
    for truth in documents_truth:
        flat = " ".join(readings[truth["url"]].text.split())
        missing = [s for s in truth["sentences"] if s not in flat]
        assert len(missing) <= (1 if truth["scanned"] else 0), (truth["url"], missing)


def test_two_column_header_on_one_line_and_ocr_noise() -> None:
    text = (
        "UBND TỈNH HẢI DƯƠNG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "SỞ THÔNG TIN VÀ TRUYỀN THÔNG Độc lập - Tự do - Hạnh phúc\n"
        "Số: 182 / QĐ-STTTT Hải Dương, ngảy 29 thang 6 nãm 2020\n"
        "QUYẾT ĐỊNH\nVề việc thành lập Tổ công tác\nCăn cứ Luật …;\n"
        "Quyết định này có hiệu lực kể từ ngày ký và thay thế Quyết định số 12/QĐ-STTTT.\n"
        "Nơi nhận: KT. GIÁM ĐỐC\n- Như Điều 3; PHÓ GIÁM ĐỐC\n- Lưu: VT.\nNguyễn Văn An"
    )
    found = official_fields(text)
    assert found is not None
    assert found.number == "182/QĐ-STTTT" and found.doc_type == "Quyết định"
    assert found.issuer == "UBND TỈNH HẢI DƯƠNG SỞ THÔNG TIN VÀ TRUYỀN THÔNG"
    assert found.place == "Hải Dương" and found.issued_date == date(2020, 6, 29)
    assert found.subject == "Về việc thành lập Tổ công tác"
    assert found.signer == "Nguyễn Văn An" and found.signer_title == "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC"
    assert found.effective_date == date(2020, 6, 29)
    assert found.replaces == ["12/QĐ-STTTT"]


def test_a_page_that_is_no_official_document_gives_none() -> None:
    assert official_fields("Tin tức hôm nay: thời tiết đẹp.") is None


def test_number_key_matches_however_the_number_is_typed() -> None:
    assert number_key("182/QĐ-STTTT") == number_key("182/QD-STTTT") == "182 qd stttt"
    assert number_key("182 qd stttt") == "182 qd stttt"
    assert number_tokens("02/2022/TT-BTP") == ["02", "2022", "tt", "btp"]
