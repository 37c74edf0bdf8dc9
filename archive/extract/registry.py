"""Document registries: the "Văn bản" tables of a portal ("Số ký hiệu | Ngày ban hành |
Trích yếu | Tải về"), one official document a row.

A table counts as a registry when a header cell names a document number ("Số ký hiệu",
"Số hiệu", "Số văn bản"); each column is read by its header, each row gives a
:class:`RegistryRow` (number, issue date, subject, type, issuer, signer, and the links to the
file and to the record's own page).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urljoin

from lxml.html import HtmlElement

from archive.extract.office.doctypes import TYPES, type_from_number
from archive.extract.office.numbers import NUMBER, fold, tidy_number
from archive.extract.office.vndates import find_any_date
from archive.text import nfc

MAX_ROWS = 500  # rows read from one page at most
_HEADERS = {  # folded header → field; the first header that matches a column wins
    "so ky hieu": "number",
    "so hieu": "number",
    "so van ban": "number",
    "ky hieu": "number",
    "ngay ban hanh": "issued",
    "ngay ky": "issued",
    "trich yeu": "subject",
    "noi dung": "subject",
    "ten van ban": "subject",
    "loai van ban": "doc_type",
    "co quan ban hanh": "issuer",
    "noi ban hanh": "issuer",
    "nguoi ky": "signer",
    "tai ve": "file",
    "tep dinh kem": "file",
    "file": "file",
    "dinh kem": "file",
}
_FILE_EXT = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".odt", ".rtf", ".zip", ".rar")


@dataclass(frozen=True)
class RegistryRow:
    """One row of a document registry."""

    number: str
    issued_date: date | None
    subject: str | None
    doc_type: str | None
    issuer: str | None
    signer: str | None
    file_url: str | None
    detail_url: str | None


def _text(el: HtmlElement) -> str:
    return nfc(" ".join(el.text_content().split()))


def _field(header: str) -> str | None:
    key = " ".join(fold(header).replace(":", " ").split())
    for name, field in _HEADERS.items():
        if key == name or key.startswith(name + " "):
            return field
    return None


def _columns(table: HtmlElement) -> tuple[dict[int, str], HtmlElement | None]:
    """Column index → field, from a header row (among the first three) whose cells name a
    document number."""
    for row in list(table.iter("tr"))[:3]:
        cells = [c for c in row if c.tag in ("th", "td")]
        fields = {i: f for i, c in enumerate(cells) if (f := _field(_text(c))) is not None}
        if "number" in fields.values():
            return fields, row
    return {}, None


def _links(cell: HtmlElement, url: str) -> list[str]:
    out = []
    for a in cell.iter("a"):
        href = (a.get("href") or "").strip()
        if href and not href.startswith(("#", "javascript:", "mailto:")):
            out.append(urljoin(url, href))
    return out


def registry_rows(root: HtmlElement, url: str) -> tuple[RegistryRow, ...]:
    """The rows of every document registry table of a page."""
    out: list[RegistryRow] = []
    for table in root.iter("table"):
        columns, header = _columns(table)
        if not columns:
            continue
        for row in table.iter("tr"):
            if row is header or len(out) >= MAX_ROWS:
                continue
            cells = [c for c in row if c.tag in ("th", "td")]
            values = {f: cells[i] for i, f in columns.items() if i < len(cells)}
            number_cell = values.get("number")
            found = NUMBER.search(_text(number_cell)) if number_cell is not None else None
            if found is None:
                continue
            number = tidy_number(found.group(1))
            links = [u for cell in cells for u in _links(cell, url)]
            files = [u for u in links if u.lower().split("?")[0].endswith(_FILE_EXT)]
            pages = [u for u in _links(number_cell, url) if u not in files]
            doc_type = _value(values, "doc_type")
            out.append(
                RegistryRow(
                    number=number,
                    issued_date=find_any_date(_value(values, "issued") or ""),
                    subject=_value(values, "subject"),
                    doc_type=TYPES.get(" ".join(fold(doc_type).split()), doc_type)
                    if doc_type
                    else type_from_number(number),
                    issuer=_value(values, "issuer"),
                    signer=_value(values, "signer"),
                    file_url=files[0] if files else None,
                    detail_url=pages[0] if pages else None,
                )
            )
    return tuple(out)


def _value(values: dict[str, HtmlElement], field: str) -> str | None:
    cell = values.get(field)
    return (_text(cell) or None) if cell is not None else None
