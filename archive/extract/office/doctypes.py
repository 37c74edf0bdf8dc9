"""Types of official documents: their names as headings and their abbreviations in numbers."""

from __future__ import annotations

import re

from archive.extract.office.numbers import fold

# heading (folded, upper-case in the document) -> the type's name
TYPES = {
    "quyet dinh": "Quyết định",
    "nghi quyet": "Nghị quyết",
    "nghi dinh": "Nghị định",
    "chi thi": "Chỉ thị",
    "thong tu lien tich": "Thông tư liên tịch",
    "thong tu": "Thông tư",
    "thong bao": "Thông báo",
    "ke hoach": "Kế hoạch",
    "to trinh": "Tờ trình",
    "bao cao": "Báo cáo",
    "cong van": "Công văn",
    "cong dien": "Công điện",
    "huong dan": "Hướng dẫn",
    "quy che": "Quy chế",
    "quy dinh": "Quy định",
    "chuong trinh": "Chương trình",
    "de an": "Đề án",
    "phuong an": "Phương án",
    "giay moi": "Giấy mời",
    "bien ban": "Biên bản",
    "phap lenh": "Pháp lệnh",
    "bo luat": "Bộ luật",
    "luat": "Luật",
    "hien phap": "Hiến pháp",
    "lenh": "Lệnh",
    "van ban hop nhat": "Văn bản hợp nhất",
    "an le": "Án lệ",
    "ket luan": "Kết luận",
}
# abbreviation in a number's symbol ("182/QĐ-UBND") -> the type's name
ABBREVIATIONS = {
    "qd": "Quyết định",
    "nq": "Nghị quyết",
    "nd": "Nghị định",
    "ct": "Chỉ thị",
    "tt": "Thông tư",
    "ttlt": "Thông tư liên tịch",
    "tb": "Thông báo",
    "kh": "Kế hoạch",
    "ttr": "Tờ trình",
    "bc": "Báo cáo",
    "cd": "Công điện",
    "hd": "Hướng dẫn",
    "gm": "Giấy mời",
    "bb": "Biên bản",
    "vbhn": "Văn bản hợp nhất",
    "al": "Án lệ",
    "kl": "Kết luận",
    "ctr": "Chương trình",
    "da": "Đề án",
    "pa": "Phương án",
    "qc": "Quy chế",
    "ubtvqh": "Pháp lệnh",
}
_HEADING = re.compile(r"^(?:" + "|".join(sorted(TYPES, key=len, reverse=True)) + r")$")


def heading_type(line: str) -> str | None:
    """The type a heading line names ("QUYẾT ĐỊNH", "BỘ LUẬT"), or None."""
    key = " ".join(fold(line).replace(":", " ").split())
    if not key or line.strip() != line.strip().upper():
        return None
    return TYPES[key] if _HEADING.match(key) else None


def type_from_number(number: str) -> str | None:
    """The type an abbreviation in the number's symbol stands for ("QĐ" → Quyết định)."""
    parts = re.split(r"[/-]", fold(number))
    for part in parts[1:]:
        if part in ABBREVIATIONS:
            return ABBREVIATIONS[part]
        if re.fullmatch(r"qh\d+", part):
            return "Luật"
    return None
