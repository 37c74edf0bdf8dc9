import pytest

from archive.extract import chrome
from archive.extract.dom import parse, text_of


@pytest.mark.parametrize(
    "line",
    [
        "Đang truy cập: 1", "Hôm nay: 4", "Tất cả: 12,943", "Đang online: 0", "Trong tuần: 0",
        "Lượt truy cập: 12.345.678", "Thống kê truy cập", "Kết quả giải quyết TTHC",
        "Đến tháng 11 đã giải quyết:", "Số hồ sơ xử lý: 2787", "Trước & đúng hạn: 2787",
        "Trễ hạn: 0", "Tỉ lệ trễ hạn: 0%", "( Cập nhật lúc:30/11/2023 07:04:41)", "100%",
        "Trưởng Ban Biên tập: Chủ tịch Lưu Hữu Nhặn",
        "Địa chỉ:  Xã Quang Thành - Thị Xã Kinh Môn - Tỉnh Hải Dương", "Điện thoại: 098108571.",
        'Ghi rõ nguồn "Cổng thông tin điện tử" khi phát hành lại thông tin',
        "In bài viết", "Chia sẻ", "Gửi email", "Quay lạiXem tiếp", "Quay lại | Xem tiếp",
        "In bài viết  Chia sẻ  Gửi email", "(0) Bình luận", "Bình luận", "Tin mới nhất",
        "Các tin khác", "Các tin mới hơn", "Các bài liên quan", "Tin liên quan",
        "Tin cùng chuyên mục", "Xem thêm", "Liên kết website", "LIÊN KẾT WEBSITE", "Nổi bật",
        "duong-truc-dong-tay-1-.jpg", "IMG_2034.JPG",
        "Bế mạc hội nghị lần thứ 2 Ban Chấp hành Đảng bộ tỉnh khóa XVII (04/12/2020)",
        "Trang chủ > Tin tức > Chính trị", "(04/12/2020)",
        "TRANG THÔNG TIN ĐIỆN TỬ XÃ QUANG THÀNH - THỊ XÃ KINH MÔN", "Chi tiết",
        "image advertisement", "• Đang online: 0", "Từ khóa: nông thôn mới, OCOP",
    ],
)  # fmt: skip
def test_chrome_lines(line: str) -> None:
    assert chrome.is_chrome_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Ngày 21/6, Thị uỷ Kinh Môn tổ chức hội nghị sơ kết giữa nhiệm kỳ.",
        "Các đại biểu dự hội nghị.",
        "Toàn cảnh hội nghị.",
        "Thu Xuân",
        "Hôm nay, toàn huyện ra quân làm sạch môi trường tại các khu dân cư.",
        "Tất cả các xã đã hoàn thành tiêu chí nông thôn mới.",
        "Chia sẻ kinh nghiệm xây dựng nông thôn mới giữa các địa phương",
        "Dự án Đường trục Đông - Tây huyện Kim Thành giai đoạn 1 (ảnh tư liệu)",
    ],
)
def test_prose_lines_kept(line: str) -> None:
    assert not chrome.is_chrome_line(line)


ARTICLE = "<p>" + "Nội dung bài viết về phát triển kinh tế xã hội của địa phương. " * 8 + "</p>"


def pruned(body: str) -> str:
    root = parse(f"<html><body>{body}</body></html>")
    assert root is not None
    chrome.prune(root)
    return text_of(root)


def test_related_box_by_class() -> None:
    text = pruned(
        f'<div class="content">{ARTICLE}</div><div class="other-news"><ul>'
        '<li><a href="/1">Một tin khác rất dài về hội nghị</a></li></ul></div>'
    )
    assert "Một tin khác" not in text and "Nội dung bài viết" in text


def test_box_found_by_its_heading_text() -> None:
    text = pruned(
        f'<div class="x">{ARTICLE}</div><div class="box"><div class="hd">Tin mới nhất</div>'
        '<ul><li><a href="/1">Kinh Môn ra quân tổng vệ sinh môi trường</a> 28/02/2024</li>'
        '<li><a href="/2">Hội nghị Ban Chấp hành Đảng bộ thị xã lần thứ 15</a></li></ul></div>'
    )
    assert "Kinh Môn ra quân" not in text and "Tin mới nhất" not in text
    assert "Nội dung bài viết" in text


def test_list_after_heading_inside_the_article_cell() -> None:
    text = pruned(
        f'<td>{ARTICLE}<b>Các tin khác</b><ul><li><a href="/1">Tin thứ nhất về hội nghị</a>'
        ' (04/12/2020)</li></ul><ul><li><a href="/2">Tin thứ hai về hội nghị</a></li></ul></td>'
    )
    assert "Tin thứ nhất" not in text and "Tin thứ hai" not in text
    assert "Nội dung bài viết" in text


def test_article_with_chrome_looking_class_is_kept() -> None:
    text = pruned(f'<div class="box article modal-enabled share-wrap">{ARTICLE}</div>')
    assert "Nội dung bài viết" in text


def test_comment_form_and_widgets_removed() -> None:
    text = pruned(
        f'{ARTICLE}<div class="comment-box"><h4>Ý kiến bạn đọc</h4><p>Bình luận của độc giả A '
        "về bài viết này rất dài và có nhiều chữ.</p><textarea>Nhập nội dung</textarea>"
        "<button>Gửi</button></div><select><option>Chọn liên kết</option></select>"
        '<div style="display: none">ẩn đi</div>'
    )
    for gone in ("Bình luận của độc giả", "Nhập nội dung", "Gửi", "Chọn liên kết", "ẩn đi"):
        assert gone not in text


def test_counter_box_removed() -> None:
    text = pruned(
        f'{ARTICLE}<div id="thongke"><span>Đang truy cập: 1</span><span>Tất cả: 12,943</span></div>'
    )
    assert "Đang truy cập" not in text


def test_a_keyword_link_inside_a_sentence_stays_and_a_related_box_goes() -> None:
    # news CMSs link keywords in running text with a "relate" class; the words are the sentence's
    text = pruned(
        '<p>Chiều nay, đoàn công tác đã đến thăm <a class="cms-relate" href="/tu-khoa?q=lang">'
        "làng nghề truyền thống</a> của xã và trao quà cho các hộ làm nghề lâu năm.</p>"
        '<div class="box-relate"><a href="/bai-1">Làng nghề mây tre đan vào mùa</a></div>'
    )
    assert "đến thăm làng nghề truyền thống của xã" in text
    assert "mây tre đan" not in text


def test_a_box_the_address_names_is_the_pages_content() -> None:
    # a document's "related documents" tab: the related list is what the page is about
    body = (
        '<div class="vb-lienquan"><ul><li><a href="/vb/12">Quyết định 12/QĐ-UBND về việc '
        "công nhận xã đạt chuẩn nông thôn mới</a></li></ul></div>"
    )
    root = parse(f"<html><body>{body}</body></html>")
    chrome.prune(root, "https://vanban.example.gov.vn/Pages/vb-lienquan.aspx?ItemID=12")
    assert "Quyết định 12/QĐ-UBND" in text_of(root)
    # on an article, even one whose slug says "liên quan", the box is chrome
    slug = "https://vanban.example.gov.vn/tin/nhung-van-de-lien-quan-den-dat-dai-nam-2024.html"
    root = parse(f"<html><body>{body}</body></html>")
    chrome.prune(root, slug)
    assert "Quyết định 12/QĐ-UBND" not in text_of(root)
