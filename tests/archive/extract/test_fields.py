import pytest

from archive.extract import byline, crumbs, titles
from archive.extract.dom import parse
from archive.extract.language import detect_language


def doc(body: str, head: str = ""):
    root = parse(f"<html><head>{head}</head><body>{body}</body></html>")
    assert root is not None
    return root


@pytest.mark.parametrize(
    "text",
    [
        "PV",
        "Thu Xuân",
        "Mai Chi",
        "Trang Hằng (Hà Trung)",
        "Ngọc Anh - Thu Hà",
        "CTV",
        "Minh Đức và Thu Hà",
    ],
)
def test_names(text: str) -> None:
    assert byline.looks_like_name(text)


@pytest.mark.parametrize(
    "text",
    [
        "Toàn cảnh hội nghị.",
        "Các đại biểu dự hội nghị.",
        "Nguồn: baohaiduong.vn và các cơ quan",
        "Đồng chí Lê Văn Dậu, Bí thư Huyện ủy phát biểu tại hội nghị",
        "",
    ],
)
def test_not_names(text: str) -> None:
    assert not byline.looks_like_name(text)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "Kim Thành tiếp tục thực hiện - Cổng thông tin điện tử thị xã Kinh Môn",
            "Kim Thành tiếp tục thực hiện",
        ),
        ("Chính trị - Kinh tế - Cổng thông tin điện tử thị xã Kinh Môn", "Chính trị - Kinh tế"),
        ("Trang thông tin điện tử xã Quang Thành | Hội nghị sơ kết", "Hội nghị sơ kết"),
        ("Hà Trung: Triển khai nhiệm vụ", "Hà Trung: Triển khai nhiệm vụ"),
    ],
)
def test_strip_site_name(raw: str, expected: str) -> None:
    assert titles.strip_site_name(raw) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Cổng thông tin điện tử tỉnh Hải Dương",
        "TRANG THÔNG TIN ĐIỆN TỬ XÃ QUANG THÀNH",
        "Cổng TTĐT thị xã Kinh Môn",
        "Báo Hải Dương",
    ],
)
def test_site_names(text: str) -> None:
    assert titles.is_site_name(text)


def test_title_never_the_site_name() -> None:
    root = doc(
        '<h1><a href="/">Cổng thông tin điện tử tỉnh Hải Dương</a></h1>'
        '<div class="content"><h2 class="title">Hội nghị sơ kết giữa nhiệm kỳ</h2></div>',
        "<title>Cổng thông tin điện tử tỉnh Hải Dương</title>",
    )
    title, el = titles.find_title(root)
    assert title == "Hội nghị sơ kết giữa nhiệm kỳ" and el is not None


def test_title_prefers_heading_matching_the_title_tag() -> None:
    root = doc(
        '<h1 class="box">Tin tức - Sự kiện</h1><div class="ArticleTitle">Hội nghị sơ kết</div>',
        "<title>Hội nghị sơ kết - Cổng thông tin điện tử thị xã Kinh Môn</title>",
    )
    assert titles.find_title(root)[0] == "Hội nghị sơ kết"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('<ol class="breadcrumb"><li><a href="/">Trang chủ</a></li><li><a>Tin tức</a></li>'
         '<li><a>Chính trị - Kinh tế</a></li><li>Bài viết số một</li></ol>',
         "Chính trị - Kinh tế"),
        ('<div class="breadcrumbs"><a href="/">Trang chủ</a> » <a>Thời sự</a> » <a>Chính trị</a>'
         "</div>", "Chính trị"),
        ('<span id="ctl00_SiteMapPath1"><a>Trang chủ</a><span> &gt; </span><a>Tin tức</a>'
         "<span> &gt; </span><span>Văn hóa - Xã hội</span></span>", "Văn hóa - Xã hội"),
        ('<div class="path">Trang chủ / Tin tức / An ninh - Quốc phòng</div>',
         "An ninh - Quốc phòng"),
    ],
)  # fmt: skip
def test_category_from_breadcrumb(body: str, expected: str) -> None:
    root = doc(body)
    trail = crumbs.breadcrumbs(root)
    assert crumbs.find_category(root, trail, "Bài viết số một", []) == expected


def test_header_author_and_labels() -> None:
    assert byline.header_author(["PV 27/02/2024 09:00"]) == "PV"
    assert byline.header_author(["Cập nhật: 29/10/2020 07:57:30 AM"]) is None
    assert byline.header_author(["Thứ Năm, ngày 6 tháng 4 năm 2023"]) is None


def test_clean_author() -> None:
    assert byline.clean_author("Tác giả: Thu Xuân") == "Thu Xuân"
    assert byline.clean_author("Bài và ảnh: Thành Chung") == "Thành Chung"
    assert byline.clean_author("PV 27/02/2024 09:00") == "PV"
    assert byline.clean_author("Cổng thông tin điện tử tỉnh Hải Dương") is None


def test_meta_author_site_name_ignored() -> None:
    assert byline.meta_author(doc("", '<meta name="author" content="Báo Hải Dương">')) is None
    assert byline.meta_author(doc("", '<meta name="author" content="baohaiduong.vn">')) is None
    assert byline.meta_author(doc("", '<meta name="author" content="Thu Xuân">')) == "Thu Xuân"


def test_language() -> None:
    assert detect_language("Hội nghị sơ kết giữa nhiệm kỳ thực hiện Nghị quyết Đại hội") == "vi"
    assert detect_language("The decision puts the US at odds with the rest of the world") == "en"
    assert detect_language("") is None
