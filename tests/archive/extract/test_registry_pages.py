"""Patterns of document databases, open-data portals and documentation pages, on hand-made
pages (original text): headings with permalink marks, breadcrumb titles, lists of linked
records, registry records with no prose."""

from __future__ import annotations

from archive.extract import extract

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
