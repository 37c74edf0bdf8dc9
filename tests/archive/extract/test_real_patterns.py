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


def _dept_page(body: str, *, title: str, date: str = "21/01/2022 | 2:17 PM", slot: str = "Ad Min",
               sapo: str = "") -> bytes:  # fmt: skip
    """A Liferay 6.2 department portal's page as sotttt.hanoi.gov.vn serves it: the breadcrumb
    a box of spans (its separator drawn by CSS), the CMS account right-aligned after the body,
    a sidebar of portlets (a heading, then short items)."""
    menu = "".join(f'<li><a href="/{n}">{n}</a></li>' for n in ("Giới thiệu", "Tin tức sự kiện"))
    return (
        f"<html><head><title>{title} - Hoạt động Đảng, Đoàn thể - Sở TT&amp;TT</title></head>"
        f"<body><ul class='menu'>{menu}</ul><div class='portlet-body'><div class='dd_chuyenmuc'>"
        "<span class='trangchu'><a href='../../../index.html'>Home</a></span>"
        "<span class='tintuc'><p>Hoạt động Đảng, Đoàn thể</p></span></div></div>"
        f"<div><div class='asset-full-content-title'>{title}</div>"
        f"<div class='assetPublishDate'>{date}</div><div class='asset-full-content'>"
        f"<div class='sapo-wrapper'><p class='sapo'>{sapo}</p></div>"
        f"<div class='journal-content-article'>{body}</div>"
        f"<p align='right' class='view-content-author'><strong><em>{slot}</em></strong></p>"
        "</div></div><div class='portlet-sidebar'><div class='portlet-title'>quy hoạch - kế hoạch"
        "</div><a href='/chien-luoc'>Chiến lược quy hoạch</a><a href='/ke-hoach'>Kế hoạch</a>"
        "<div class='portlet-title'>video</div><p>No video found</p>"
        "<div class='portlet-title'>Thông tin thời tiết</div><p>Hà Nội</p><p>Đà Nẵng</p></div>"
        "</body></html>"
    ).encode()


_PROSE = (
    "<p>Năm 2021, Sở Thông tin và Truyền thông đã tham mưu UBND Thành phố ban hành nhiều "
    "chương trình chuyển đổi số, đảm bảo thông tin liên lạc phục vụ chỉ đạo điều hành.</p>"
    "<div>Công tác quản lý nhà nước về báo chí, xuất bản, truyền thông trên địa bàn Thành phố "
    "được nâng cao, trọng tâm là tuyên truyền các nhiệm vụ chính trị của Thủ đô.</div>"
    "<p>Dự hội nghị có lãnh đạo các sở, ban, ngành và đại diện các doanh nghiệp thuộc lĩnh vực "
    "thông tin và truyền thông trên địa bàn Thành phố.</p>"
)
_URL = "https://so.example.gov.vn/hoat-ong-ang-oan-the/-/view_content/1-trien-khai.html"


def test_a_breadcrumb_of_spans_is_a_label_never_the_text() -> None:
    sapo = "Chiều 21/1, Sở tổ chức Hội nghị tổng kết công tác năm 2021."
    page = _dept_page(
        _PROSE + "<p>Phạm Linh</p>", title="Sở triển khai nhiệm vụ năm 2022", sapo=sapo
    )
    r = extract(page, _URL)
    assert r.kind == "article" and r.title == "Sở triển khai nhiệm vụ năm 2022"
    assert "Hoạt động Đảng, Đoàn thể" not in r.text and r.author == "Phạm Linh"
    assert r.category == "Hoạt động Đảng, Đoàn thể"


@pytest.mark.parametrize(
    ("closing", "slot", "author"),
    [
        ("Đoàn Thanh niên Sở TT&TT Hà Nội", "Phạm Văn Linh", "Phạm Văn Linh"),  # an office signs
        ("` Thu Lan", "Ad Min", "Thu Lan"),  # a stray mark before the name
        ("Facebook: Phố Sách Hà Nội", "Vương Kiều Vân", "Vương Kiều Vân"),  # a contact line
    ],
)
def test_closing_lines_that_are_not_a_persons_byline(closing: str, slot: str, author: str) -> None:
    page = _dept_page(
        _PROSE + f"<p>{closing}</p>", title="Sở tổ chức Lễ trưởng thành đoàn", slot=slot
    )
    r = extract(page, _URL)
    assert r.author == author, r.author
    assert not r.text.rstrip().endswith(author)


def test_a_short_page_of_a_document_is_a_notice_and_the_sidebar_after_it_is_not_text() -> None:
    body = (
        "<p>Hướng dẫn xây dựng Kế hoạch ứng dụng CNTT năm 2012. Nội dung: tải về tại đây:</p>"
        "<p><a href='/files/phan-1.doc'>- Phần 1</a></p>"
        "<p><a href='/files/phan-2.xls'>- Phần 2</a></p>"
        "<p>Thông tin trao đổi đề nghị liên hệ với phòng Kế hoạch - Tài chính của Sở.</p>"
    )
    r = extract(_dept_page(body, title="Hướng dẫn xây dựng Kế hoạch ứng dụng CNTT năm 2012",
                           date="21/12/2012 | 12:00 AM", slot="admin admin"), _URL)  # fmt: skip
    assert r.kind == "notice", r.reason
    assert len(r.documents) == 2
    for chrome_line in ("quy hoạch - kế hoạch", "No video found", "Thông tin thời tiết", "Đà Nẵng"):
        assert chrome_line not in r.text, r.text
    # a plan with its number in the lead, its file on another host behind "xem tại đây"
    body = (
        "<p>Kế hoạch phát triển hạ tầng bưu chính phục vụ chuyển đổi số.</p>"
        "<p><a href='https://vanban.example.gov.vn//documents/1/KH-174-2021.pdf'>"
        "Nội dung chi tiết văn bản xem tại đây</a></p>"
    )
    sapo = "Kế hoạch 174/KH-UBND ngày 27/07/2021 của UBND Thành phố"
    page = _dept_page(body, title="Kế hoạch phát triển hạ tầng bưu chính", date="", sapo=sapo)
    r = extract(page, _URL)
    assert r.kind == "notice", r.reason
    assert r.documents == ("https://vanban.example.gov.vn//documents/1/KH-174-2021.pdf",)


def test_a_to_thu_ky_account_is_not_the_author() -> None:
    r = extract(_dept_page(_PROSE, title="Chi bộ kết nạp đảng viên mới", slot="To Thu Ky"), _URL)
    assert r.kind == "article" and r.author is None


def test_a_body_of_div_paragraphs_between_photos_is_kept_whole() -> None:
    """sotttt.hanoi.gov.vn: a body of ``<div>`` paragraphs with photos and captions between
    them, which the engine misses or runs together; every sentence stays, each paragraph
    apart, the CMS account after the text leaves it."""
    body = (
        "<div><a class='detail-img-lightbox' href='/anh-1.jpg'><img src='/anh-1.jpg'></a></div>"
        " <span><i>Phó Chủ tịch UBND Thành phố trao quyết định bổ nhiệm</i></span> <p> </p>"
        "<div class='han6-content-detail'> <div style=''>Theo Quyết định số 888/QĐ-UBND, ngày "
        "10/3/2022 của UBND Thành phố bổ nhiệm ông Nguyễn Văn An giữ chức vụ Phó Giám đốc Sở. "
        "Thời hạn bổ nhiệm là 5 năm.</div> <div style=''>&nbsp;</div> <div style='text-align:"
        "center'> <div><span><a class='detail-img-lightbox' href='/anh-2.jpg'><img src='/anh-2"
        ".jpg'></a></span></div></div> <div style='text-align:center'> <span><em>Phó Chủ tịch "
        "UBND Thành phố phát biểu giao nhiệm vụ</em></span></div> <div style=''>&nbsp;</div> "
        "<div style=''>Phát biểu tại buổi lễ, Phó Chủ tịch UBND Thành phố đánh giá đồng chí "
        "Nguyễn Văn An là cán bộ được đào tạo từ cơ sở, có nhiều năm gắn bó với Sở.</div> "
        "<div style=''>Phát biểu nhận nhiệm vụ, tân Phó Giám đốc Sở trân trọng cảm ơn sự tin "
        "tưởng của lãnh đạo Thành phố.</div></div>"
    )
    sapo = "Sáng 11/3, UBND Thành phố tổ chức Lễ công bố quyết định về công tác cán bộ tại Sở."
    r = extract(_dept_page(body + "<p>Phạm Linh</p>", title="Bổ nhiệm Phó Giám đốc Sở",
                           sapo=sapo), _URL)  # fmt: skip
    paragraphs = r.text.split("\n\n")
    assert paragraphs[0] == sapo and r.author == "Phạm Linh", paragraphs
    for start in ("Theo Quyết định số 888", "Phát biểu tại buổi lễ", "Phát biểu nhận nhiệm vụ"):
        assert sum(p.startswith(start) for p in paragraphs) == 1, paragraphs
    assert paragraphs[-1].endswith("lãnh đạo Thành phố."), paragraphs


def test_split_runs_gives_back_the_lines_a_paragraph_ran_together() -> None:
    from archive.extract.prose import _split_runs

    lines = ["Thời hạn bổ nhiệm là 5 năm.", "Ảnh: lễ trao quyết định", "Phát biểu tại buổi lễ."]
    joined = " ".join(lines)
    assert _split_runs([joined, "Khác."], lines) == [*lines, "Khác."]
    assert _split_runs(["Thời hạn bổ nhiệm là 5 năm."], lines) == ["Thời hạn bổ nhiệm là 5 năm."]


def test_a_lead_set_as_a_heading_under_the_title_is_kept() -> None:
    """vtcnews.vn: "(VTC News) - " then the lead in an ``h2`` between the title and the body."""
    lead = ("Sau 8 tháng khởi công, dự án mở rộng đường Nguyễn Thị Định được đẩy nhanh tiến "
            "độ, kỳ vọng giải cứu kẹt xe cửa ngõ phía Đông.")  # fmt: skip
    html = (
        "<html><head><title>Mở rộng đường giải cứu kẹt xe - VTC News</title></head><body>"
        "<section><header><h1>Mở rộng đường giải cứu kẹt xe</h1></header>"
        "<div><span class='time-update'>Thứ Tư, 24/12/2025 09:30:00 +07:00</span></div>"
        f"<div class='content-wrapper'><span class='bold'>(VTC News) - </span><h2>{lead}</h2>"
        "<div itemprop='articleBody'>"
        + "".join(f"<p>Đoạn {i}: dự án có tổng chiều dài gần 2km, với tổng mức đầu tư hơn "
                  "2.075 tỷ đồng, nhằm tăng năng lực khai thác tuyến đường.</p>" for i in range(4))
        + "<h2>Tiến độ thi công</h2><p>Dự án dự kiến hoàn thành vào tháng 6/2026 theo kế "
        "hoạch của Ban quản lý dự án.</p><p><strong>Lương Ý</strong></p></div></div>"
        "</section></body></html>"
    ).encode()  # fmt: skip
    r = extract(html, "https://vtcnews.vn/mo-rong-duong-ar994669.html")
    assert r.kind == "article" and r.text.startswith(lead), r.text[:200]
    assert "Tiến độ thi công" in r.text  # a subheading in the body is not a lead


def _page_with_sidebar_heading(heading: str, crumb: str, title_tag: str) -> bytes:
    return (
        f"<html><head><title>{title_tag}</title></head><body><ul class='navi'>"
        "<li><a href='/gioi-thieu'>Giới thiệu</a><ul><li><a href='/chuc-nang-nhiem-vu'>Chức "
        "năng nhiệm vụ</a></li></ul></li></ul><div id='column-1'><div class='dd_chuyenmuc'>"
        f"<span><a href='index.html'>Trang chủ</a></span><span><p>{crumb}</p></span></div>"
        "<div class='journal-content-article'><p align='center'><strong>CHỨC NĂNG, NHIỆM VỤ"
        "</strong></p><p>1. Sở Thông tin và Truyền thông là cơ quan chuyên môn thuộc Ủy ban "
        "nhân dân Thành phố có chức năng tham mưu, giúp Ủy ban quản lý nhà nước.</p><p>2. Sở có "
        "tư cách pháp nhân, có con dấu và tài khoản riêng; chịu sự chỉ đạo của Ủy ban nhân dân "
        "Thành phố.</p></div></div><div id='column-2'><section class='portlet'><header>"
        f"<h1 class='portlet-title'><span>{heading}</span></h1></header><ul>"
        "<li><a href='co-cau-to-chuc.html'>Cơ cấu tổ chức</a></li><li><a href='chuc-nang-nhiem"
        "-vu.html' class='current'>Chức năng nhiệm vụ</a></li><li><a href='lanh-dao-so.html'>"
        "Lãnh đạo Sở</a></li><li><a href='phong-thanh-tra.html'>Phòng Thanh tra</a></li></ul>"
        "</section></div></body></html>"
    ).encode()


def test_a_static_page_is_named_by_its_own_crumb_never_by_a_sidebar_heading() -> None:
    page = _page_with_sidebar_heading(
        "Giới thiệu", "Chức năng nhiệm vụ", "Chức năng nhiệm vụ - Sở Thông Tin Và Truyền Thông"
    )
    r = extract(page, "https://so.example.gov.vn/chuc-nang-nhiem-vu")
    assert r.kind == "page" and r.title == "Chức năng nhiệm vụ", (r.title, r.reason)
    # the page's name also stands in the sidebar's list of pages (sotttt's "Phòng Thanh tra"):
    # the page is not one of the list's items, it is a static page
    page = _page_with_sidebar_heading(
        "Giới thiệu", "Phòng Thanh tra", "Phòng Thanh tra - Sở Thông Tin Và Truyền Thông"
    )
    r = extract(page, "https://so.example.gov.vn/phong-thanh-tra")
    assert r.kind == "page" and r.title == "Phòng Thanh tra", (r.title, r.reason)


def test_a_tab_label_before_the_documents_name_is_not_its_title() -> None:
    html = (
        "<html><head><title>Trung ương</title></head><body><div class='box-map'><ul>"
        "<li><a href='/'>CSDL quốc gia về VBPL</a><span> » </span></li>"
        "<li><a href='/TW'>CSDL Trung ương</a><span> » </span></li>"
        "<li><a href='/TW/vbpq'>Văn bản pháp luật</a><span> » </span></li>"
        "<li><a href=''>Luật 21-LCT/HDNN8</a></li></ul></div>"
        "<div class='vbProperties'><table><tr><td colspan='4' class='title'>Lịch sử hiệu lực: "
        "Luật 21-LCT/HDNN8</td></tr><tr><td class='label'>Ngày ban hành</td><td>29/12/1986</td>"
        "<td class='label'>Tình trạng hiệu lực</td><td>Hết hiệu lực toàn bộ</td></tr>"
        "</table></div></body></html>"
    ).encode()
    r = extract(html, "https://vbpl.vn/TW/Pages/vbpq-lichsu.aspx?ItemID=2315")
    assert r.title == "Luật 21-LCT/HDNN8", r.title


def test_an_undated_page_presenting_a_program_is_a_notice() -> None:
    body = (
        "<p>Thực hiện Quyết định số 1350/QĐ-UBND ngày 22/3/2019 của UBND Thành phố, Sở ký ban "
        "hành Chương trình số 1016/CTR-STTTT về thực hành tiết kiệm, chống lãng phí.</p>" + _PROSE
    )
    r = extract(_dept_page(body, title="Chương trình thực hành tiết kiệm, chống lãng phí năm 2019",
                           date="", slot="Thanh Thúy"), _URL)  # fmt: skip
    assert r.kind == "notice", r.reason
    assert r.date is None  # "… số 1350/QĐ-UBND ngày 22/3/2019": the decision's date, not the page's
    # with its date, the same page is an article about the program
    r = extract(_dept_page(body, title="Chương trình thực hành tiết kiệm, chống lãng phí năm 2019",
                           slot="Thanh Thúy"), _URL)  # fmt: skip
    assert r.kind == "article", r.reason
