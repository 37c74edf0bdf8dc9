import random

import pytest

from archive.extract import EXTRACTOR_VERSION, Extraction, extract

URL = "https://haiduong.gov.vn/x"


@pytest.mark.parametrize(
    "data",
    [
        b"", "", b"   ", b"\x00\x00\x00", b"<", b"<html", b"</div></div></html>",
        b"<html><body></body></html>",
        "<?xml version='1.0' encoding='utf-8'?><html><p>x</p></html>",
        b"<html><body><p>Ch\xe0o \xff\xfe b\xe1n</p>", b"<table><tr><td><table><tr><td>x",
        b"<div>" * 5000 + b"s\xc3\xa2u" + b"</div>" * 5000,
        b"<!DOCTYPE html><h1>Ti\xc3\xaau \xc4\x91\xe1\xbb\x81</h1>",
        b"\xef\xbb\xbf<html><head><meta charset=utf-16></head><body>a</body></html>",
        "<html><body><p>\ud800 lone surrogate</p></body></html>",
    ],
)  # fmt: skip
def test_never_raises(data: bytes | str) -> None:
    result = extract(data, URL)
    assert isinstance(result, Extraction)
    assert isinstance(result.text, str)
    if not result.is_article:
        assert result.reason


def test_random_bytes_never_raise() -> None:
    rng = random.Random(7)
    for _ in range(30):
        data = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 3000)))
        assert isinstance(extract(data, URL, content_type="text/html"), Extraction)


def test_empty_is_not_an_article() -> None:
    result = extract(b"", URL)
    assert not result.is_article and result.reason == "empty document"


def test_huge_page_is_capped_and_fast_enough() -> None:
    para = "<p>" + "Hội nghị sơ kết giữa nhiệm kỳ thực hiện Nghị quyết Đại hội Đảng bộ. " * 20
    html = ("<html><body><h1>Tiêu đề bài viết rất dài về hội nghị</h1>" + para * 3000).encode()
    assert len(html) > 5 * 1024 * 1024
    result = extract(html, URL)
    assert isinstance(result, Extraction)
    assert len(result.text.encode("utf-8")) <= 5 * 1024 * 1024


def test_version_string() -> None:
    assert isinstance(EXTRACTOR_VERSION, str) and EXTRACTOR_VERSION.count(".") >= 1


def test_text_input_nfd_is_nfc() -> None:
    import unicodedata

    body = "Ngày 21/6, Thị uỷ Kinh Môn tổ chức hội nghị sơ kết giữa nhiệm kỳ thực hiện. " * 6
    html = f"<html><body><h1>Thị uỷ Kinh Môn sơ kết</h1><p>{body}</p><p>{body}</p></body></html>"
    result = extract(unicodedata.normalize("NFD", html), URL)
    assert result.title == unicodedata.normalize("NFC", "Thị uỷ Kinh Môn sơ kết")
    assert result.text == unicodedata.normalize("NFC", result.text)
    assert "Thị uỷ Kinh Môn tổ chức" in result.text


def test_missing_url_is_tolerated() -> None:
    html = "<html><body><h1>Tiêu đề bài viết về hội nghị</h1><p>" + "Nội dung. " * 80 + "</p>"
    result = extract(html, None)  # type: ignore[arg-type]
    assert result.title == "Tiêu đề bài viết về hội nghị"
