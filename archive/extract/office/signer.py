"""The signature block at the end of an official document: title lines, then the name.

    KT. CHỦ TỊCH            ← title (with KT./TM./TL./TUQ./Q. when signed for someone)
    PHÓ CHỦ TỊCH
    (Đã ký)                 ← optional
    Nguyễn Văn A            ← the signer

The block sits in the right column beside "Nơi nhận:"; read as text, its lines may share a
line with the recipients ("- Như Điều 3; PHÓ CHỦ TỊCH"), so titles are read as the upper-case
run at a line's end and the name as the capitalised run at a line's end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from archive.extract.office.numbers import fold

TAIL_LINES = 45
_UP = r"A-ZĐÀ-ỸÂĂÊÔƠƯ"
_TITLE_WORDS = (
    r"chu tich|pho chu tich|giam doc|pho giam doc|bo truong|thu truong|thu tuong|"
    r"pho thu tuong|chu nhiem|pho chu nhiem|chanh an|pho chanh an|vien truong|truong ban|"
    r"pho truong ban|chanh van phong|tong giam doc|truong phong|bi thu|pho bi thu|"
    r"cuc truong|tong cuc truong|hieu truong|thu truong co quan|tong thu ky|truong doan"
)
_TITLE_START = re.compile(r"^(?:(?:kt|tm|tl|tuq|q|ttl)\s*\.\s*\w|(?:" + _TITLE_WORDS + r")\b)")
_PREFIXED = re.compile(r"^(?:kt|tm|tl|tuq|q|ttl)\s*\.\s*\S")
_UPPER_RUN = re.compile(rf"((?:(?:KT|TM|TL|TUQ|Q|TTL)\s*\.\s*)?[{_UP}][{_UP}\s.&,-]*)$")
_NAME = re.compile(
    r"(?:^|\s)((?:[A-ZĐ][a-zà-ỹđ]+|[A-ZĐ]\.)(?:\s+(?:[A-ZĐ][a-zà-ỹđ]+|[A-ZĐ]\.)){1,5})\s*$"
)
_SIGNED = re.compile(r"^\(?\[?\s*(?:đã ký|da ky|ký|ky|signed)\b.*$", re.I)
_RECIPIENTS = re.compile(r".*\bN[ơo]i\s+nh[ậa]n\s*:", re.I)
_NOT_NAME = re.compile(r"^(?:noi nhan|nhu dieu|luu|kinh gui|con dau|chu ky)", re.I)


@dataclass(frozen=True)
class SignatureBlock:
    title: str | None
    signer: str | None


def _title_part(line: str) -> str | None:
    m = _UPPER_RUN.search(line.strip())
    if not m:
        return None
    run = " ".join(m.group(1).split()).strip(" ,-")
    return run if len(run) >= 3 else None


def read_signature_block(text: str) -> SignatureBlock:
    all_lines = text.split("\n")
    recipients = [
        i
        for i, line in enumerate(all_lines)
        if _RECIPIENTS.match(_last_cell(line) + " " + line.strip("| "))
    ]
    if recipients:  # the block sits beside "Nơi nhận:", before any appendix
        at = recipients[0]
        window = all_lines[max(0, at - 12) : at + 30]
        found = _search([_last_cell(line) for line in window])
        if found.signer or found.title:
            return found
    return _search([_last_cell(line) for line in all_lines[-TAIL_LINES:]])


def _search(lines: list[str]) -> SignatureBlock:
    lines = [line for line in lines if line]
    for start in range(len(lines) - 1, -1, -1):
        part = _title_part(lines[start])
        if part and _TITLE_START.match(fold(part)) and _starts_block(lines, start):
            return _block(lines, start)
    return SignatureBlock(None, None)


def _starts_block(lines: list[str], start: int) -> bool:
    """The first title line of a block: the line above is no title of the same block."""
    if start == 0:
        return True
    above = _title_part(lines[start - 1])
    return not (above and _PREFIXED.match(fold(above)))


def _block(lines: list[str], start: int) -> SignatureBlock:
    titles: list[str] = []
    for line in lines[start:]:
        part = _title_part(line)
        key = fold(line).strip()
        if part and _TITLE_START.match(fold(part)):
            if _looks_like_name(line):
                return SignatureBlock(" ".join(titles) or None, _name(line))
            titles.append(part)
            continue
        if _SIGNED.match(line.strip()) or _NOT_NAME.match(key) or not line.strip():
            continue
        name = _name(line)
        if name:
            return SignatureBlock(" ".join(titles) or None, name)
    return SignatureBlock(" ".join(titles) or None, None)


def _looks_like_name(line: str) -> bool:
    return _name(line) is not None and line.strip() != line.strip().upper()


def _name(line: str) -> str | None:
    m = _NAME.search(line.strip())
    if not m:
        return None
    name = m.group(1)
    return None if _NOT_NAME.match(fold(name)) else name


def _last_cell(line: str) -> str:
    """The right-most non-empty cell of an antiword table row; the line otherwise."""
    if line.count("|") < 2:
        return line.strip()
    cells = [c.strip() for c in line.split("|") if c.strip()]
    return cells[-1] if cells else ""
