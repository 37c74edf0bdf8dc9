import unicodedata

import pytest

from archive.extract import extract
from archive.extract.decode import (
    MAX_INPUT_BYTES,
    declared_charset,
    decode,
    media_type,
    non_html_reason,
)

TONES = "\u0300\u0301\u0303\u0309\u0323"
VI = "Thị uỷ Kinh Môn sơ kết giữa nhiệm kỳ, Đảng bộ tỉnh Hải Dương"


def to_cp1258(text: str) -> bytes:
    """Windows-1258 the way Vietnamese legacy editors wrote it: base letter + tone mark."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        nfd = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in nfd if c in TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in TONES))
        out += base.encode("cp1258") + tones.encode("cp1258")
    return bytes(out)


def page(body: str, head: str = "") -> str:
    return f"<html><head>{head}<title>t</title></head><body><p>{body}</p></body></html>"


def test_utf8_without_declared_charset() -> None:
    assert VI in decode(page(VI).encode("utf-8"))


def test_windows_1258_from_content_type() -> None:
    data = to_cp1258(page(VI))
    text = decode(data, "text/html; charset=windows-1258")
    assert VI in text
    assert text == unicodedata.normalize("NFC", text)


def test_windows_1258_from_meta() -> None:
    head = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">'
    assert VI in decode(to_cp1258(page(VI, head)))
    assert VI in decode(to_cp1258(page(VI, '<meta charset="windows-1258">')))


def test_cp1258_without_any_declaration_falls_back() -> None:
    assert VI in decode(to_cp1258(page(VI)))


def test_content_type_beats_meta() -> None:
    data = to_cp1258(page(VI, '<meta charset="iso-8859-1">'))
    assert VI in decode(data, "text/html; charset=windows-1258")


def test_utf8_bytes_under_a_wrong_latin1_label() -> None:
    assert VI in decode(page(VI).encode("utf-8"), "text/html; charset=ISO-8859-1")


def test_unknown_charset_label_is_ignored() -> None:
    assert VI in decode(page(VI).encode("utf-8"), "text/html; charset=x-bogus")


def test_bom() -> None:
    assert VI in decode(b"\xef\xbb\xbf" + page(VI).encode("utf-8"))
    assert VI in decode(page(VI).encode("utf-16"))


def test_nfd_input_comes_out_nfc() -> None:
    nfd = unicodedata.normalize("NFD", VI)
    assert nfd != VI
    assert VI in decode(page(nfd).encode("utf-8"))
    assert VI in decode(page(nfd))


def test_nul_and_control_characters_removed() -> None:
    assert "\x00" not in decode(b"<p>a\x00b\x07c</p>")


def test_huge_input_is_capped_on_a_character_boundary() -> None:
    data = ("<p>" + "ế" * (MAX_INPUT_BYTES // 2) + "</p>").encode("utf-8")
    text = decode(data)
    assert len(text.encode("utf-8")) <= MAX_INPUT_BYTES
    assert "\ufffd" not in text and "ế" in text


def test_media_type() -> None:
    assert media_type("Text/HTML; charset=UTF-8") == "text/html"
    assert media_type(None) is None


@pytest.mark.parametrize(
    ("content_type", "data"),
    [
        ("image/jpeg", b"\xff\xd8\xff\xe0JFIF"),
        ("application/pdf", b"%PDF-1.4"),
        (None, b"%PDF-1.4 ..."),
        (None, b"\x89PNG\r\n\x1a\n"),
        ("application/octet-stream", b"<html></html>"),
    ],
)
def test_non_html(content_type: str | None, data: bytes) -> None:
    assert non_html_reason(content_type, data)
    result = extract(data, "https://haiduong.gov.vn/a.pdf", content_type=content_type)
    assert not result.is_article and result.reason and result.text == ""


def test_html_types_accepted() -> None:
    assert non_html_reason("text/html", b"<html>") is None
    assert non_html_reason("application/xhtml+xml", b"<html>") is None
    assert non_html_reason(None, b"<html>") is None


def test_declared_charset() -> None:
    assert declared_charset(b"", "text/html; charset=windows-1258") == "cp1258"
    assert declared_charset(b'<meta charset="utf-8">', None) == "utf-8"
    assert declared_charset(b"<html>", None) is None
