"""What the extraction benchmarks share: text normalisation, sentences, the Page record, chrome
labels a page shows."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import lxml.html

# Strings of portal chrome that must not reach the text: counted on a page when they are in
# its visible text and not in the article itself.
CHROME = (
    "Đang truy cập", "Đang trực tuyến", "Hôm nay:", "Hôm qua:", "Tất cả:", "Trong tuần:",
    "Tháng này:", "Thống kê truy cập", "Tổng lượt truy cập", "Tổng số lượt truy cập",
    "Kết quả giải quyết TTHC", "Tình hình xử lý hồ sơ TTHC", "đã giải quyết:",
    "Số hồ sơ xử lý", "Trước & đúng hạn", "Tỉ lệ trễ hạn", "Cập nhật lúc",
    "Trưởng Ban Biên tập", "Ghi rõ nguồn", "Cơ quan chủ quản", "Tin mới nhất", "Nổi bật",
    "Các tin khác", "Các tin mới hơn", "Các tin cũ hơn", "Các bài liên quan", "Tin liên quan",
    "Các tin cùng chuyên mục", "Liên kết website", "-- Chọn --", "In bài viết", "In trang",
    "Gửi email", "Lên đầu trang", "Quay lại", "Xem tiếp", "Bình luận", "Từ khóa:",
    "Lượt xem", "Đăng nhập",
)  # fmt: skip

WEEKDAYS = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[A-ZĐÀ-Ỹ0-9“\"])")
_SPACES = re.compile(r"\s+")


def norm(text: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def sentences(paragraphs: Iterable[str]) -> list[str]:
    out = []
    for para in paragraphs:
        out += [s for s in (norm(x) for x in _SENTENCE_END.split(para)) if s]
    return out


# -- the labelled pages --------------------------------------------------------------------
@dataclass
class Page:
    layout: str
    url: str
    html: bytes
    content_type: str | None
    title: str
    date: datetime | None
    author: str | None
    keep: list[str]  # sentences that must be in the text
    chrome: list[str]  # strings that must not be
    own: str = field(default="", repr=False)
    kind: str = "article"  # what the page is (archive.extract.model.KINDS)
    documents: list[str] = field(default_factory=list)  # files a notice announces


def visible_text(page: bytes) -> str:
    root = lxml.html.fromstring(page.decode("utf-8", "replace"))  # every page here is UTF-8
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    return norm(root.text_content())


def chrome_on_page(page: bytes, own: str, listed_titles: Iterable[str]) -> list[str]:
    """The chrome labels and foreign article titles this page shows."""
    seen = visible_text(page)
    own = norm(own)
    found = [s for s in CHROME if s in seen and s not in own]
    found += [t for t in {norm(x) for x in listed_titles} if t in seen and t not in own]
    return found


def own_text(truth: dict[str, Any]) -> str:
    return " ".join(
        [truth["title"], truth["sapo"], truth["author"], *truth["body"], *truth["captions"]]
    )
