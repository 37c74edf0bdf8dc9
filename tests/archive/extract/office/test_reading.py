"""read_document on real files: each format, scans by real Tesseract, and bad input."""

from __future__ import annotations

import io
import shutil
import zipfile

import pytest
from pypdf import PdfReader, PdfWriter

from archive.extract.office import ReadLimits, read_document
from tests.archive.extract.office.conftest import sample

HAS_TESSERACT = shutil.which("tesseract") is not None


@pytest.mark.parametrize("fmt", ["pdf", "docx", "doc"])
def test_each_format_is_read_to_nfc_text(fmt: str) -> None:
    reading = read_document(sample(fmt))
    assert reading.format == fmt and reading.reason is None and not reading.needs_ocr
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in reading.text
    assert "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;" in reading.text


def test_running_page_footer_is_not_repeated_into_the_text() -> None:
    assert "Trang 1" not in read_document(sample("pdf")).text


@pytest.mark.skipif(not HAS_TESSERACT, reason="needs tesseract (scripts/system-packages.sh)")
def test_a_scan_is_read_by_ocr() -> None:
    reading = read_document(sample("scan"), ocr=True)
    assert reading.ocr_used and not reading.needs_ocr and reading.reason is None
    assert "Độc lập - Tự do - Hạnh phúc" in reading.text


def test_without_tesseract_a_scan_needs_ocr_and_says_why() -> None:
    limits = ReadLimits(tesseract_cmd="/nonexistent/tesseract")
    reading = read_document(sample("scan"), limits=limits)
    assert reading.needs_ocr and not reading.ocr_used
    assert "OCR unavailable" in (reading.reason or "")


def test_no_ocr_asked_leaves_the_scan_marked() -> None:
    reading = read_document(sample("scan"), ocr=False)
    assert reading.needs_ocr and not reading.text.strip()


def test_a_word_file_named_docx_is_read_by_its_bytes() -> None:
    reading = read_document(sample("doc"), filename="quyet-dinh.docx")
    assert reading.format == "doc" and reading.text


def _encrypted(data: bytes) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password="secret", owner_password="owner")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        (b"", "empty.doc", "empty"),
        ("<!DOCTYPE html><html><body>Lỗi 404</body></html>".encode(), "qd-182.pdf", "HTML"),
        (b"\x00\x01\x02garbage" * 10, "x.bin", "unknown"),
    ],
)
def test_bad_files_give_a_reason_not_an_exception(data: bytes, name: str, words: str) -> None:
    reading = read_document(data, filename=name)
    assert not reading.text and words in (reading.reason or "")


def test_an_encrypted_pdf_gives_a_reason() -> None:
    reading = read_document(_encrypted(sample("pdf")), filename="x.pdf")
    assert not reading.text and "encrypted" in (reading.reason or "")


def test_a_truncated_pdf_gives_a_reason_or_partial_text() -> None:
    data = sample("pdf")
    reading = read_document(data[: len(data) // 3], filename="x.pdf")
    assert reading.reason and "truncated" in (reading.reason + " ".join(reading.notes))


def test_a_file_over_the_cap_is_not_read() -> None:
    reading = read_document(sample("pdf"), limits=ReadLimits(max_bytes=1000))
    assert "too large" in (reading.reason or "") and not reading.text


def test_a_zip_of_documents_is_listed_and_read() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("Quyết định.docx", sample("docx"))
        archive.writestr("cong-van.doc", sample("doc"))
    reading = read_document(buf.getvalue(), filename="van-ban.zip")
    assert reading.format == "zip"
    assert [m.name for m in reading.members] == ["Quyết định.docx", "cong-van.doc"]
    assert all(m.text for m in reading.members)


def test_a_signed_pdf_gives_its_signature_dictionary() -> None:
    from archive.extract.office.signatures import pdf_date

    moment = pdf_date("D:20210203095752+07'00'")
    assert moment is not None and moment.isoformat() == "2021-02-03T09:57:52+07:00"
