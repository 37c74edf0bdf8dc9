"""Official documents a page announces: the files (PDF, DOC/DOCX, …) its content links to, and
whether its heading or text names a document ("Quyết định số 182/QĐ-STTTT")."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from archive.extract.chrome import fold

_FILE_EXT = re.compile(r"\.(pdf|docx?|xlsx?|pptx?|odt|ods|rtf|zip|rar|7z|tiff?)$", re.IGNORECASE)
# "Quyết định số 182/QĐ-STTTT", "Kế hoạch 45/KH-UBND", "101/2015/QH13", "21-LCT/HDNN8"
_DOC_NUMBER = re.compile(
    r"(?<![\w/])\d{1,5}\s*[/-]\s*(\d{4}\s*/\s*)?[A-ZĐ][A-ZĐ0-9]*(\s*-\s*[A-ZĐ][A-ZĐ&0-9]*)*(?![\w/])"
)
_DOC_TYPES = (
    "quyết định", "thông báo", "kế hoạch", "công văn", "nghị quyết", "nghị định", "chỉ thị",
    "thông tư", "luật", "bộ luật", "pháp lệnh", "hướng dẫn", "tờ trình", "báo cáo", "giấy mời",
    "văn bản", "quy định", "quy chế", "hiến pháp", "lệnh", "án lệ", "văn bản hợp nhất",
)  # fmt: skip
_DOC_TYPE = re.compile(r"\b(" + "|".join(_DOC_TYPES) + r")\b")
_REGISTRY_FIELDS = (
    "số ký hiệu", "ngày ban hành", "cơ quan ban hành", "người ký", "loại văn bản", "hiệu lực:",
    "ngày có hiệu lực", "tình trạng hiệu lực", "số án lệ", "tên án lệ", "ngày thông qua",
)  # fmt: skip


def linked_documents(scope: HtmlElement, url: str) -> tuple[str, ...]:
    """Absolute URLs of the document files linked below ``scope``, in page order, once each."""
    found: dict[str, None] = {}
    for a in scope.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        absolute = urljoin(url, href) if url else href
        if _FILE_EXT.search(urlsplit(absolute).path):
            found.setdefault(absolute, None)
    return tuple(found)


def names_document(text: str) -> bool:
    """Whether a heading or text names an official document by type and number."""
    return bool(_DOC_NUMBER.search(text)) and bool(_DOC_TYPE.search(fold(text)))


# types that name a document only at the head of a heading: in running text, "chương trình"
# and "đề án" are as often a TV programme or a project as a document
_HEADING_DOC_TYPE = re.compile(r"\b(chương trình|đề án)\b")


def opens_with_document_type(title: str) -> bool:
    """Whether a heading opens with an official document's type ("Kế hoạch …", "Hướng dẫn …",
    "Chương trình thực hành tiết kiệm …")."""
    head = fold(title).lstrip()
    return _DOC_TYPE.match(head) is not None or _HEADING_DOC_TYPE.match(head) is not None


def registry_fields(text: str) -> int:
    """How many of a document registry's field names (số ký hiệu, ngày ban hành, …) text holds."""
    key = fold(text)
    return sum(field in key for field in _REGISTRY_FIELDS)


def is_registry_record(text: str) -> bool:
    """Whether text reads like a document registry's record (số ký hiệu, ngày ban hành, …)."""
    return registry_fields(text) >= 2
