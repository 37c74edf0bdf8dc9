from datetime import datetime

import pytest

from archive.extract import extract
from archive.extract.dates import LOCAL_TZ

from ._fixtures import CHROME, URL, load, run
from .test_decode import to_cp1258


def vn(*args: int) -> datetime:
    return datetime(*args, tzinfo=LOCAL_TZ)


EXPECTED = {
    "legacy_aspnet": {
        "title": "Thị uỷ Kinh Môn sơ kết giữa nhiệm kỳ thực hiện Nghị quyết Đại hội Đảng bộ "
        "thị xã lần thứ XXV",
        "date": vn(2023, 6, 22, 12, 0),
        "author": "Thu Xuân",
        "category": "CHÍNH TRỊ-KINH TẾ",
        "sapo": None,
        "first": "Ngày 21/6, Thị uỷ Kinh Môn tổ chức hội nghị sơ kết",
        "last": "thống nhất điều chỉnh 9 chỉ tiêu thành phần so với Nghị quyết Đại hội./.",
    },
    "bootstrap": {
        "title": "Kim Thành tiếp tục thực hiện 3 công việc đột phá năm 2023",
        "date": vn(2024, 2, 27, 9, 0),
        "author": "PV",
        "category": "Xây dựng Đảng - Chính quyền",
        "sapo": "Năm 2024, Ban Thường vụ Huyện ủy Kim Thành (Hải Dương) quyết định tiếp tục "
        "thực hiện 3 công việc đột phá năm 2023 để nâng cao chất lượng, hiệu quả hơn nữa.",
        "first": "Năm 2024, Ban Thường vụ Huyện ủy Kim Thành",
        "last": "kêu gọi nhà đầu tư thực hiện dự án.",
    },
    "sharepoint": {
        "title": "Hải Dương: 5 nhiệm vụ trọng tâm để thực hiện Nghị quyết Đại hội Đảng bộ tỉnh "
        "lần thứ XVII",
        "date": vn(2020, 10, 29, 7, 57, 30),
        "author": None,
        "category": "Chính trị",
        "sapo": "Tại phiên bế mạc chiều ngày 27/10, đã thông qua Nghị quyết Đại hội Đảng bộ tỉnh "
        "Hải Dương. Dự thảo Chương trình hành động thực hiện Nghị quyết cũng đã được đại hội cơ "
        "bản nhất trí.",
        "first": "Tại phiên bế mạc chiều ngày 27/10",
        "last": "bồi dưỡng cán bộ.",
    },
    "newspaper": {
        "title": "Hà Trung: Triển khai các nhiệm vụ trọng tâm quý II-2023",
        "date": vn(2023, 4, 6, 15, 5),
        "author": "Trang Hằng (Hà Trung)",
        "category": "Chính trị",
        "sapo": "Ngày 6-4, Ban Chấp hành Đảng bộ huyện Hà Trung tổ chức hội nghị đánh giá tình "
        "hình thực hiện nhiệm vụ quý I, triển khai nhiệm vụ và giải pháp trọng tâm quý II-2023.",
        "first": "Ngày 6-4, Ban Chấp hành Đảng bộ huyện Hà Trung",
        "last": "kiểm soát các cơ sở sản xuất, kinh doanh.",
    },
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_article_fields(name: str) -> None:
    result = run(name)
    want = EXPECTED[name]
    assert result.is_article, result.reason
    assert result.reason is None
    assert result.title == want["title"]
    assert result.date == want["date"]
    assert result.author == want["author"]
    assert result.category == want["category"]
    assert result.sapo == want["sapo"]
    assert result.language == "vi"
    assert result.text.startswith(want["first"])
    assert result.text.endswith(want["last"])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_no_chrome_in_text(name: str) -> None:
    text = run(name).text
    for needle in CHROME:
        assert needle not in text, needle
    assert EXPECTED[name]["title"] not in text


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_paragraphs_separated_and_sapo_once(name: str) -> None:
    result = run(name)
    paragraphs = result.text.split("\n\n")
    assert len(paragraphs) >= 3
    assert all(p == p.strip() and p for p in paragraphs)
    if result.sapo:
        assert paragraphs[0] == result.sapo
        assert result.text.count(result.sapo) == 1


def test_date_ignores_site_header_and_sidebar_dates() -> None:
    # the bootstrap page shows today's date in the site header and newer dates in "Tin mới nhất"
    assert run("bootstrap").date == vn(2024, 2, 27, 9, 0)


def test_meta_author_that_is_the_site_is_ignored() -> None:
    result = run("newspaper")
    assert result.author != "Báo Thanh Hóa"


def test_windows_1258_page() -> None:
    reference = run("newspaper")
    raw = load("newspaper").decode("utf-8")
    raw = raw.replace('<meta charset="utf-8">', '<meta charset="windows-1258">')
    result = extract(to_cp1258(raw), URL)
    assert result.title == reference.title
    assert result.text == reference.text
    assert result.author == reference.author


@pytest.mark.parametrize("name", ["listing", "home"])
def test_listing_and_home_are_not_articles(name: str) -> None:
    result = run(name)
    assert not result.is_article
    assert result.reason


def test_to_json() -> None:
    data = run("bootstrap").to_json()
    assert data["date"] == "2024-02-27T09:00:00+07:00"
    assert set(data) >= {"title", "date", "author", "category", "text", "language", "sapo"}
    assert data["is_article"] is True
