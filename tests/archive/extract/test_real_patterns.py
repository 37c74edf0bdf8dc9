"""The patterns real portals showed, reproduced on the bench's hand-made layouts: bylines
over CMS accounts, section labels, prose outside <p>, leads, datelines (bench/_layouts.py)."""

from __future__ import annotations

import hashlib
from datetime import datetime

import pytest

from archive.extract import byline, extract, header
from archive.extract.dates import LOCAL_TZ
from archive.extract.labels import strip_labels

from ._layouts import layouts, pages

NEW = ("liferay62", "drupal", "newsbyline")


def run(page):
    return extract(page.html, page.url, content_type=page.content_type)


def minute(value: datetime | None) -> datetime | None:
    return value.replace(second=0, microsecond=0) if value else None


@pytest.mark.parametrize("layout", NEW)
def test_fields_and_every_sentence(layout: str) -> None:
    for page in pages(layout):
        r = run(page)
        assert r.kind == "article" and r.is_article, (page.url, r.reason)
        assert r.title == page.title
        assert r.author == page.author, page.url
        assert minute(r.date) == minute(page.date)
        text = " ".join(r.text.split())
        assert [s for s in page.keep if s not in text] == []
        assert [c for c in page.chrome if c in r.text] == []


def test_the_cms_account_is_never_the_author_the_closing_byline_is() -> None:
    accounts = set(layouts().ACCOUNTS)
    for page in pages("liferay62"):
        r = run(page)
        assert r.author not in accounts and r.author == page.author
        assert not r.text.rstrip().endswith(page.author)  # the byline line left the text


@pytest.mark.parametrize(
    "name", ["admin admin", "Pho Ban bien tap", "Biên tập viên", "Ban biên tập", "Quản trị viên",
             "Phòng Văn hóa - Thông tin", "Báo Hải Dương", "Cổng TTĐT tỉnh"],
)  # fmt: skip
def test_accounts_and_offices_are_not_authors(name: str) -> None:
    assert byline.is_account(name) and byline.clean_author(name) is None


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("PV", "PV"), ("Trang Hằng (Hà Trung)", "Trang Hằng (Hà Trung)"),
        ("Theo Thu Hà", "Thu Hà"), ("Tác giả: Bích Ngọc", "Bích Ngọc"), ("Tin, ảnh: P.Y", "P.Y"),
        ("Kim Chi", "Kim Chi"), ("Ngọc Anh và Thu Hà", "Ngọc Anh và Thu Hà"),
        ("Toàn cảnh hội nghị.", None), ("Theo Báo Hải Dương", None),
    ],
)  # fmt: skip
def test_byline_forms(line: str, author: str | None) -> None:
    assert byline.byline_of(line) == author


def test_ui_words_and_co_authors_are_read() -> None:
    assert byline.clean_author("Duy Anh Xem các bài viết của tác giả") == "Duy Anh"
    several = [p for p in pages("newsbyline", 9) if ", " in (p.author or "")]
    assert several
    for page in several:
        assert run(page).author == page.author  # "A, B", not "A và 1 tác giả khác A B"


def test_name_dateline_gives_author_and_date() -> None:
    shown = [p for p in pages("newsbyline", 9) if b'class="dateline"' in p.html]
    assert shown
    for page in shown:
        r = run(page)
        assert r.author == page.author and minute(r.date) == minute(page.date)


@pytest.mark.parametrize(
    ("line", "dateline"),
    [
        ("PV 27/02/2024 09:00", True), ("Cập nhật: 29/10/2020 07:57:30 AM", True),
        ("Nguyên Minh - 07/03/2026 08:47", True),
        ("07/03/2026 08:52 admin admin 123 Lượt xem", True),
        ("Ngày 10/10/2017, UBND xã tổ chức hội nghị.", False),
        ("Kế hoạch áp dụng kể từ ngày 6/3/2026.", False),
    ],
)  # fmt: skip
def test_datelines_and_sentences(line: str, dateline: bool) -> None:
    assert header.is_dateline(line) is dateline


def test_a_date_inside_a_sentence_is_never_removed() -> None:
    for page in pages("drupal"):
        assert page.keep[0].startswith("Ngày ") and page.keep[0] in run(page).text


def test_the_displayed_date_beats_a_date_in_the_lead() -> None:
    for page in pages("liferay62"):
        r = run(page)
        assert "kể từ ngày" in (r.sapo or "")
        assert minute(r.date) == minute(page.date)


@pytest.mark.parametrize("layout", NEW)
def test_the_lead_opens_the_text(layout: str) -> None:
    for page in pages(layout):
        r = run(page)
        assert r.sapo and r.text.startswith(r.sapo) and r.text.count(r.sapo) == 1


def test_section_labels_never_open_or_close_the_text() -> None:
    for page in pages("liferay62"):
        r = run(page)
        head, *_, tail = r.text.split("\n\n")
        for label in layouts().SECTION_LABELS:
            assert head != label and tail != label


def test_one_article_in_two_sections_is_one_text() -> None:
    mod = layouts()
    page = pages("liferay62")[0]
    texts = set()
    for label in mod.SECTION_LABELS:
        html = page.html
        for other in mod.SECTION_LABELS:  # the same page shown under another section
            html = html.replace(f">{other}<".encode(), f">{label}<".encode())
        r = extract(html, page.url)
        texts.add(hashlib.sha1(r.text.encode()).hexdigest())
    assert len(texts) == 1


def test_strip_labels_keeps_the_middle() -> None:
    paras = ["Tin tức nổi bật", "Câu đầu tiên của bài viết.", "Công nghệ thông tin", "Kết bài."]
    assert strip_labels(paras, frozenset({"công nghệ thông tin"})) == paras[1:]


def test_hard_wrapped_runs_are_joined() -> None:
    html = (
        "<html><body><h1>Hội nghị tổng kết công tác chuyển đổi số năm 2025</h1>"
        "<p>07/03/2026 08:52</p><p><span>Sáng 7/3, Sở Thông tin và Truyền thông tổ\n"
        "chức hội nghị tổng kết công tác chuyển đổi số</span>\n<span>năm 2025 và triển\n"
        "khai nhiệm vụ năm 2026.</span></p><p>"
        + "Nội dung bài viết về chuyển đổi số. " * 12
        + "</p></body></html>"
    )
    r = extract(html, "https://stttt.haiduong.gov.vn/tin-tuc/hoi-nghi")
    want = (
        "Sáng 7/3, Sở Thông tin và Truyền thông tổ chức hội nghị tổng kết công tác chuyển đổi"
        " số năm 2025 và triển khai nhiệm vụ năm 2026."
    )
    assert want in r.text.split("\n\n")
    assert r.date == datetime(2026, 3, 7, 8, 52, tzinfo=LOCAL_TZ)


def test_reported_captions_are_text_stock_captions_are_not() -> None:
    """plo.vn: a photo's caption is a sentence of the report ending with its credit, also
    after the last paragraph; a caption without a sentence ("Ảnh minh họa") stays out."""
    body = "".join(
        f"<p>Đoạn {n}: sáng 11-10, các đoàn đại biểu đã đến nghĩa trang liệt sĩ dâng hoa, "
        f"thắp hương tưởng niệm các anh hùng liệt sĩ đã hy sinh vì độc lập dân tộc.</p>"
        + (
            f'<figure><img src="/a{n}.jpg"><figcaption> Các đại biểu dâng hương viếng các anh '
            f"hùng liệt sĩ tại nhà tưởng niệm số {n}. Ảnh: THUẬN VĂN </figcaption></figure>"
        )
        for n in range(1, 5)
    )
    stock = '<figure><img src="/s.jpg"><figcaption>Ảnh minh họa</figcaption></figure>'
    html = (
        "<html><head><title>Đoàn đại biểu dâng hoa tưởng niệm</title></head><body>"
        "<nav><a href='/'>Trang chủ</a> <a href='/thoi-su'>Thời sự</a></nav><article>"
        "<h1>Đoàn đại biểu dâng hoa tưởng niệm các anh hùng liệt sĩ</h1>"
        "<div class='article__meta'>11/10/2025 10:02</div>"
        f"<div class='article__body'>{stock}{body}</div></article>"
        "<footer>Báo Pháp Luật TP.HCM</footer></body></html>"
    ).encode()
    r = extract(html, "https://plo.vn/doan-dai-bieu-dang-hoa-post1.html")
    for n in range(1, 5):
        assert f"nhà tưởng niệm số {n}. Ảnh: THUẬN VĂN" in r.text, (n, r.text)
    assert "Ảnh minh họa" not in r.text
    assert r.text.index("Đoạn 2") < r.text.index("niệm số 2.") < r.text.index("Đoạn 3")


def test_related_cards_and_the_box_after_them_close_the_text() -> None:
    """znews.vn: the article ends with cards of related stories (a link holding a heading
    and its summary) and a box promoting the site's own books: neither is the text."""
    body = "".join(
        f"<p>Đoạn {n}: giá vàng miếng SJC tăng mạnh trong phiên giao dịch sáng nay, theo các "
        f"doanh nghiệp kinh doanh vàng tại Hà Nội và TP.HCM, lên mức cao kỷ lục.</p>"
        for n in range(1, 7)
    )
    cards = "".join(
        f'<table class="article"><tr><td><div class="inner-article"><a href="/gia-vang-{n}-'
        f'post{n}.html"><h2 class="title">Giá vàng phiên {n} tăng lại</h2><p class="summary">'
        f"Sau cú giảm sốc khỏi mốc lịch sử, giá vàng miếng đã bật tăng trở lại trong phiên "
        f"giao dịch thứ {n}.</p></a></div></td></tr></table>"
        for n in range(1, 4)
    )
    promo = (
        '<div class="notebox"><p><em>Tri Thức</em> giới thiệu độc giả <a href="/tu-sach.html">'
        "Tủ sách kiến thức kinh tế</a> với đa dạng cuốn sách, câu chuyện trong lĩnh vực kinh "
        "doanh, kinh tế.</p><p>Đọc sách không chỉ giúp người đọc tiếp cận những kiến thức mới "
        "mà còn giúp mở rộng tầm nhìn và phát triển bản thân.</p></div>"
    )
    html = (
        "<html><head><title>Giá vàng lập đỉnh mới</title></head><body><article>"
        "<h1>Giá vàng lập đỉnh mới</h1><p class='the-article-publish'>22/12/2025 09:00</p>"
        f"<div class='the-article-body'>{body}{cards}{promo}</div></article></body></html>"
    ).encode()
    r = extract(html, "https://znews.vn/gia-vang-lap-dinh-moi-post1.html")
    assert r.text.rstrip().endswith("lên mức cao kỷ lục."), r.text[-300:]
    assert "Đoạn 6" in r.text and "Sau cú giảm" not in r.text and "Tủ sách" not in r.text
