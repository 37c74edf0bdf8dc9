"""Patterns of document databases, open-data portals and documentation pages, on hand-made
pages (original text): headings with permalink marks, breadcrumb titles, lists of linked
records, registry records with no prose."""

from __future__ import annotations

from archive.extract import classify, extract, prose
from archive.extract.dom import parse

SITE = "https://vanban.example.gov.vn"


def page(body: str, title: str = "Cơ sở dữ liệu văn bản") -> bytes:
    return f"<html><head><title>{title}</title></head><body>{body}</body></html>".encode()


PROSE = (
    "<p>Phần này giải thích cách người dùng tìm một bộ dữ liệu theo từ khóa, theo tổ chức "
    "công bố và theo định dạng tệp, rồi tải bộ dữ liệu về máy của mình.</p>"
    "<p>Người dùng đã đăng nhập có thể theo dõi một bộ dữ liệu để nhận thư báo khi dữ liệu "
    "được cập nhật, và có thể gửi yêu cầu công bố dữ liệu mới tới cơ quan quản lý.</p>"
)


def test_a_permalink_mark_in_the_heading_is_not_a_link_home() -> None:
    html = page(
        '<div class="body"><h1>Cách tìm dữ liệu<a class="headerlink" href="#cach-tim">¶</a>'
        f"</h1>{PROSE}</div>",
        title="Cách tìm dữ liệu — Tài liệu hướng dẫn cổng dữ liệu 2.0",
    )
    r = extract(html, f"{SITE}/docs/tim-du-lieu.html")
    assert r.title == "Cách tìm dữ liệu"


TRAIL = (
    '<div class="khung-tren"><ul>'
    '<li><a href="/">Cơ sở dữ liệu văn bản</a><span> » </span></li>'
    '<li><a href="/tinh">Văn bản của tỉnh</a><span> » </span></li>'
    '<li><a href="">Quyết định 45/2024/QĐ-UBND</a><span></span></li>'
    "</ul></div>"
)
RECORD = (
    "<table><tr><td>Số ký hiệu</td><td>45/2024/QĐ-UBND</td></tr>"
    "<tr><td>Ngày ban hành</td><td>12/03/2024</td></tr>"
    "<tr><td>Cơ quan ban hành</td><td>Ủy ban nhân dân tỉnh</td></tr></table>"
)


def test_a_page_without_heading_is_named_by_the_breadcrumbs_own_item() -> None:
    # <title> names a section of the trail ("Văn bản của tỉnh"), the last item names the page
    html = page(TRAIL + RECORD, title="Văn bản của tỉnh")
    r = extract(html, f"{SITE}/tinh/thuoc-tinh.aspx?ItemID=45")
    assert r.title == "Quyết định 45/2024/QĐ-UBND"


def test_a_title_of_its_own_beats_the_breadcrumb() -> None:
    html = page(TRAIL + RECORD, title="Quy định về quản lý cụm công nghiệp trên địa bàn tỉnh")
    r = extract(html, f"{SITE}/tinh/thuoc-tinh.aspx?ItemID=45")
    assert r.title == "Quy định về quản lý cụm công nghiệp trên địa bàn tỉnh"


def test_a_linked_last_crumb_is_a_section_not_the_pages_name() -> None:
    trail = TRAIL.replace('<a href="">Quyết định', '<a href="/tinh/quyet-dinh">Quyết định')
    r = extract(page(trail + RECORD, title="Văn bản của tỉnh"), f"{SITE}/tinh/x.aspx?ItemID=45")
    assert r.title != "Quyết định 45/2024/QĐ-UBND"


MENU = (
    '<div class="top"><a href="/">Trang chủ</a> <a href="/tinh">Văn bản của tỉnh</a> '
    '<a href="/huyen">Văn bản của huyện</a> <a href="/lien-he">Liên hệ</a></div>'
)


def entry(number: str, subject: str) -> str:
    slug = number.replace("/", "-")
    return (
        f'<li><div class="item"><p class="title"><a href="/vb/{slug}">{number}</a></p>'
        f'<div class="des"><p>{subject}</p></div>'
        f'<div class="link"><a href="/vb/{slug}/thuoc-tinh">Thuộc tính</a> '
        f'<a href="/vb/{slug}/in">Bản in</a></div></div></li>'
    )


ENTRIES = [
    ("Quyết định 12/QĐ-UBND", "Về việc công nhận xã đạt chuẩn nông thôn mới năm 2023"),
    ("Kế hoạch 30/KH-UBND", "Triển khai chương trình chuyển đổi số của huyện"),
    ("Quyết định 41/QĐ-UBND", "Ban hành quy chế làm việc của Ủy ban nhân dân huyện"),
    ("Chỉ thị 05/CT-UBND", "Về tăng cường phòng chống cháy rừng mùa khô"),
    ("Kế hoạch 52/KH-UBND", "Tổ chức kỳ thi chọn học sinh giỏi cấp huyện"),
    ("Quyết định 63/QĐ-UBND", "Phê duyệt danh sách hộ nghèo, hộ cận nghèo"),
]


def test_a_search_result_of_documents_is_a_listing() -> None:
    # entries led by a short linked number in a "title" box: no headline, no teaser under it
    items = "".join(entry(n, s) for n, s in ENTRIES)
    html = page(f'{MENU}<div class="message">Tìm thấy 6 văn bản.</div><ul class="ds">{items}</ul>')
    r = extract(html, f"{SITE}/tim-kiem?q=uy+ban")
    assert r.kind == "listing", r.reason


def test_little_prose_beside_a_long_list_of_linked_entries_is_a_listing() -> None:
    # the engine keeps almost nothing of a list of links; five entries or more make a listing
    items = "".join(
        f'<li><a href="/vb/{i}">{n} {s}</a><p><a href="/vb/{i}/tt">[Thuộc tính]</a></p></li>'
        for i, (n, s) in enumerate(ENTRIES)
    )
    html = page(f"{MENU}{TRAIL}<div><ul>{items}</ul></div>", title="Văn bản của tỉnh")
    r = extract(html, f"{SITE}/tinh/lien-quan.aspx?ItemID=45")
    assert r.kind == "listing", r.reason


def test_a_heading_named_in_the_breadcrumb_without_a_list_is_a_page() -> None:
    # an organisation's "about" tab: its name is the last (linked) crumb, and no list follows
    trail = (
        '<ol class="breadcrumb"><li><a href="/">Trang chủ</a></li>'
        '<li><a href="/to-chuc">Tổ chức</a></li>'
        '<li><a href="/to-chuc/phong-van-hoa">Phòng Văn hóa</a></li></ol>'
    )
    about = (
        '<div class="main"><h1 class="heading">Phòng Văn hóa</h1>'
        "<p>Tham mưu cho Ủy ban nhân dân huyện quản lý nhà nước về văn hóa và thể thao.</p></div>"
    )
    r = extract(
        page(trail + about, title="Phòng Văn hóa"), f"{SITE}/to-chuc/gioi-thieu/phong-van-hoa"
    )
    assert r.kind == "page", r.reason
    items = "".join(
        f'<div class="ds-item"><h3><a href="/du-lieu/{i}">{s}</a></h3><p>Tệp CSV.</p></div>'
        for i, (_, s) in enumerate(ENTRIES[:3])
    )
    r = extract(
        page(f"{trail}{about}<div>{items}</div>", title="Phòng Văn hóa"),
        f"{SITE}/to-chuc/phong-van-hoa",
    )
    assert r.kind == "listing", r.reason


def test_a_record_whose_fields_the_engine_drops_is_a_notice() -> None:
    # portal frameworks (Oracle ADF) lay a record out so that the engine keeps none of it:
    # the fields around the heading tell what the page is
    record = (
        '<div class="chi-tiet"><div class="dau"><h3 class="so">63/2024/AL</h3></div>'
        "<table><tr><td>Số án lệ</td><td>63/2024/AL</td></tr>"
        "<tr><td>Tên án lệ</td><td>Về thời hạn khiếu nại quyết định hành chính</td></tr>"
        "<tr><td>Ngày thông qua</td><td>01/02/2024</td></tr></table></div>"
    )
    root = parse(page(MENU + record, title="63/2024/AL").decode())
    heading = root.find(".//h3")
    url = f"{SITE}/an-le/chi-tiet?id=63"
    kind, _ = classify.classify(root, url, "63/2024/AL", heading, None, [], [], False)
    assert kind == "notice"
    kind, _ = classify.classify(root, url, "63/2024/AL", None, None, [], [], False)
    assert kind == "notice"
    assert (
        classify.classify(parse(page(MENU).decode()), url, "63/2024/AL", None, None, [], [], False)[
            0
        ]
        == "page"
    )


def test_a_placeholder_id_is_not_an_older_news_box() -> None:
    # SharePoint wraps the main zone in "DeltaPlaceHolderMain…": "older" inside a word
    body = f'<h1>Cách tìm dữ liệu</h1><span id="DeltaPlaceHolderMain">{PROSE}</span>'
    r = extract(page(body), f"{SITE}/docs/tim-du-lieu.html")
    assert "tải bộ dữ liệu về máy" in r.text


def test_a_teasers_summary_is_never_the_lead() -> None:
    # a "more stories" list beside an article whose lead has no class the rules know: each
    # item's p.article-summary is a teaser, not the article's lead
    stories = [
        ("Giá lúa tăng nhẹ sau đợt mưa cuối mùa", "Nông dân vùng trũng thu hoạch sớm để tránh"),
        ("Chợ phiên vùng cao đông khách dịp cuối năm", "Người bán mang hàng từ các bản xa về"),
        ("Đường liên xã mới hoàn thành trước hạn hai tháng", "Công trình dài sáu cây số nối ba"),
    ]
    teaser = "".join(
        f'<article class="article-item"><header><h3 class="article-title">'
        f'<a href="/bai-khac-{i}.html">{head}</a></h3>'
        f'<p class="article-summary">{lead} ngập nước, theo tin của phóng viên.</p></header>'
        "</article>"
        for i, (head, lead) in enumerate(stories)
    )
    teaser = f'<div class="article-list">{teaser}</div>'
    article = (
        '<div class="the-article"><h1 class="the-article-title">Huyện mở lớp dạy nghề đan lát</h1>'
        '<p class="the-article-summary">Hơn bốn mươi học viên theo học lớp đan lát mây tre do '
        "huyện mở trong ba tháng.</p>" + PROSE + "</div>"
    )
    r = extract(page(article + teaser), f"{SITE}/tin/day-nghe.html")
    assert r.sapo is None or "Nông dân" not in r.sapo


def test_a_linked_entry_title_is_not_the_pages_heading() -> None:
    # the only "title" box on a related-documents tab is an entry linking to another record
    entry_box = (
        '<div class="ds"><div class="item"><p class="title"><a href="/vb/30">Kế hoạch 30/KH-UBND '
        "triển khai chương trình chuyển đổi số</a></p><p>Ngày ban hành: 02/02/2024</p></div></div>"
    )
    r = extract(page(TRAIL + entry_box, title="Văn bản của tỉnh"), f"{SITE}/tinh/lq.aspx?ItemID=45")
    assert r.title == "Quyết định 45/2024/QĐ-UBND"


def test_a_block_line_that_is_a_kept_paragraph_is_that_paragraph() -> None:
    # long legal texts have thousands of lines: an exact match is found by lookup, and wins
    # over an earlier paragraph that merely occurs inside the line
    keys = ["điều 1. phạm vi điều chỉnh", "điều 1. phạm vi điều chỉnh và đối tượng áp dụng"]
    exact = {k: i for i, k in enumerate(keys)}
    assert prose._match("Điều 1. Phạm vi điều chỉnh và đối tượng áp dụng", keys, exact) == 1
