"""The header of an official document (Nghị định 30/2020/NĐ-CP): issuer, number, place and
date, type and subject.

The header is two columns: the issuer and the number on the left, the national motto and the
place and date on the right. Readers lay it out as text in three ways: column after column
(DOCX cells, pdftotext), row by row with cells in ``|`` (antiword), or both columns run into
one line (``pdftotext -raw``: "QUỐC HỘI CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"). ``head_lines``
undoes all three: cells become lines, the motto and the place-date are cut out of the lines
they share with the issuer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from itertools import takewhile

from archive.extract.office.doctypes import heading_type
from archive.extract.office.numbers import NUMBER, fold, tidy_number
from archive.extract.office.vndates import find_word_date, folded

HEAD_LINES = 40
_MOTTO = re.compile(
    r"c[oọ]ng\s*h[oò]a\s*x[aã]\s*h[oộ]i\s*ch[uủ]\s*ngh[iĩ]a\s*vi[eệ]t\s*nam"
    r"|doc\s*lap\s*[-–—.,]?\s*tu\s*do\s*[-–—.,]?\s*hanh\s*phuc"
)
_RULE = re.compile(r"^[\s\-–—_=*.~]+$")
_NUMBER_LINE = re.compile(r"^(?:[^\W\d_]+\s+)?s[oố]\s*[:.]?\s*(?=\d)", re.I)
_PLACE_BEFORE_DATE = re.compile(r"^[A-ZĐÂĂÊÔƠƯÀ-Ỹ][^\W\d_]*(?:\s+[^\W\d_]+){0,4}\s*[,.]\s*$")
_AUTHORITY = re.compile(
    r"^(?:chu tich|giam doc|bo truong|thu tuong|uy ban|chinh phu|hoi dong|quoc hoi|truong ban|"
    r"chanh an|vien truong|tong giam doc|chanh van phong|ban thuong vu)\b"
)
_SUBJECT_STOP = re.compile(
    r"^(?:can cu|xet de nghi|theo de nghi|kinh gui|thuc hien|chuong\s|dieu\s|loi noi dau|"
    r"duoc .{3,80} thong qua|nguon an le)"
)
_PLACE = re.compile(r"^[^\W\d_][^\d:;()]{0,38}$")
_APPROVED_DATE = re.compile(r"thong qua\s+ngay")
HEADER_SPAN = 14


@dataclass(frozen=True)
class Header:
    issuer: str | None
    number: str | None
    place: str | None
    issued_date: date | None
    doc_type: str | None
    subject: str | None


def head_lines(text: str, limit: int = HEAD_LINES) -> list[str]:
    """The first lines of a document, one header item a line (see the module doc)."""
    out: list[str] = []
    for raw in text.split("\n"):
        cells = [c.strip() for c in raw.split("|")] if raw.count("|") >= 2 else [raw.strip()]
        for cell in cells:
            out.extend(_split_motto(cell))
        if len(out) >= limit:
            break
    return [line for line in out if line and not _RULE.match(line)]


def _split_motto(line: str) -> list[str]:
    """A line without the national motto; what stood beside it stays, as its own line."""
    key = folded(line)
    m = _MOTTO.search(key)
    if not m:
        return _split_place_date(line)
    return _split_place_date(line[: m.start()].strip()) + _split_motto(line[m.end() :].strip())


def _split_place_date(line: str) -> list[str]:
    """ "Số: 12/QĐ-UBND Kinh Môn, ngày 12 tháng 5 năm 2023" → the number, the place-date."""
    found = find_word_date(line)
    if not found or not _NUMBER_LINE.match(line):
        return [line]
    before = line[: found[1]]
    for m in re.finditer(r"(?<=\s)\S", before):
        if _PLACE_BEFORE_DATE.match(before[m.start() :]):
            return [line[: m.start()].strip(), line[m.start() :].strip()]
    return [before.strip(), line[found[1] :].strip()]


def read_header(text: str) -> Header:
    lines = head_lines(text)
    number_at, number = _number(lines)
    number = _strip_footnote(number) if number else None
    place_at, place, issued = _place_date(lines)
    type_at, doc_type = _type(lines, number_at)
    issuer = _issuer(lines, number_at, place_at, type_at)
    subject = _subject(lines, type_at, number_at)
    return Header(issuer, number, place, issued, doc_type, subject)


def _number(lines: list[str]) -> tuple[int | None, str | None]:
    for i, line in enumerate(lines[:HEADER_SPAN]):
        m = _NUMBER_LINE.match(line)
        if m:
            found = NUMBER.search(line[m.end() :])
            if found:
                return i, tidy_number(found.group(1))
    for i, line in enumerate(lines[:6]):  # "Án lệ số 02/2016/AL", "Văn bản hợp nhất số ..."
        m = re.search(r"\bs[oố]\s*[:.]?\s*(?=\d)", line, re.I)
        found = NUMBER.search(line[m.end() :]) if m else None
        if found:
            return i, tidy_number(found.group(1))
    return None, None


def _strip_footnote(number: str) -> str:
    """ "35/2020/AL1": a footnote mark run into a precedent's number."""
    return re.sub(r"(/AL)\d$", r"\1", number)


def _place_date(lines: list[str]) -> tuple[int | None, str | None, date | None]:
    for i, line in enumerate(lines[:HEADER_SPAN]):
        found = find_word_date(line)
        if not found or found[1] > 60:
            continue
        before = line[: found[1]].strip().rstrip(",.").strip()
        if before and _PLACE.match(before) and not _NUMBER_LINE.match(before):
            return i, before, found[0]
        if not before:
            return i, None, found[0]
    for line in lines[:6]:  # a precedent: "Được … thông qua ngày …"
        key = folded(line)
        m = _APPROVED_DATE.search(key)
        found = find_word_date(line[m.start() :]) if m else None
        if found:
            return None, None, found[0]
    return None, None, None


def _type(lines: list[str], number_at: int | None) -> tuple[int | None, str | None]:
    for i, line in enumerate(lines):
        if doc_type := heading_type(line):
            return i, doc_type
        m = re.match(r"^(.{2,20}?)\s+s[oố]\s*[:.]?\s*\d", line, re.I)  # "Án lệ số 02/2016/AL"
        if m and i <= 5 and (found := _type_words(m.group(1))):
            return i, found
    return None, None


def _type_words(words: str) -> str | None:
    from archive.extract.office.doctypes import TYPES

    return TYPES.get(" ".join(fold(words).split()))


def _issuer(
    lines: list[str], number_at: int | None, place_at: int | None, type_at: int | None
) -> str | None:
    """The lines above the number (or the type), but not the place-date: the issuing body."""
    end = min(x for x in (number_at, type_at, 8) if x is not None)
    parts = [line for i, line in enumerate(lines[:end]) if i != place_at and _is_body(line)]
    if parts:
        return " ".join(" ".join(parts).split())
    return _approved_by(lines[:6])


def _is_body(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and line == line.upper() and len(line) <= 80 and not heading_type(line)


def _approved_by(lines: list[str]) -> str | None:
    """ "Được Hội đồng Thẩm phán Tòa án nhân dân tối cao thông qua ngày …" (án lệ)."""
    for line in lines:
        m = re.search(r"\b[ĐđD][ưu][ợo]c\s+(.{5,80}?)\s+th[ôo]ng\s+qua\b", line)
        if m:
            return m.group(1).strip()
    return None


def _subject(lines: list[str], type_at: int | None, number_at: int | None) -> str | None:
    if type_at is not None:
        inline = re.split(r"\s+s[oố]\s*[:.]?\s*\S+\s*", lines[type_at], maxsplit=1, flags=re.I)
        if heading_type(lines[type_at]) is None and len(inline) == 2 and inline[1]:
            return inline[1].strip()  # "Án lệ số 27/2019/AL về …"
        return _subject_lines(lines[type_at + 1 : type_at + 6])
    if number_at is not None:  # a công văn: "V/v …" under the number, maybe wrapped
        for i in range(number_at + 1, min(number_at + 4, len(lines))):
            if re.match(r"^(?:V/v|Về việc)\b", lines[i], re.I):
                parts = [lines[i]]
                parts += takewhile(lambda x: x[:1].islower(), lines[i + 1 : i + 4])
                return " ".join(" ".join(parts).split())
    return None


def _subject_lines(lines: list[str]) -> str | None:
    out: list[str] = []
    for line in lines:
        key = fold(line).strip()
        if _SUBJECT_STOP.match(key) or (out and _AUTHORITY.match(key)):
            break
        if out and out[0] == out[0].upper() and line != line.upper():
            break  # an all-caps subject ends where mixed case starts
        if not out and _AUTHORITY.match(key) and not key.startswith(("ve ", "quy ")):
            break
        out.append(line)
        if line.endswith((".", ";", ":")):
            break
    return " ".join(" ".join(out).split()) or None
