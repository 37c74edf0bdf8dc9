"""Spreadsheets: the text of every cell, a row a line, cells joined by " | ".

XLS by xlrd, XLSX by openpyxl (read-only, streaming rows), ODS through its content.xml.
Rows and cells are bounded so a huge sheet stays cheap.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from archive.extract.office.limits import ReadLimits
from archive.extract.office.model import DocumentReading, failed
from archive.extract.office.text import clean_text

MAX_ROWS = 20_000


def _rows_text(rows: Iterable[Iterable[object]]) -> str:
    lines = []
    for i, row in enumerate(rows):
        if i >= MAX_ROWS:
            break
        cells = [_cell(v) for v in row]
        if any(cells):
            lines.append(" | ".join(c for c in cells if c))
    return "\n".join(lines)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_xls(data: bytes, limits: ReadLimits) -> DocumentReading:
    try:
        import xlrd

        book = xlrd.open_workbook(file_contents=data, on_demand=True)
        parts = []
        for sheet in book.sheets():
            rows = (sheet.row_values(r) for r in range(min(sheet.nrows, MAX_ROWS)))
            parts.append(f"{sheet.name}\n{_rows_text(rows)}")
    except Exception as exc:
        return failed("xls", f"XLS not readable: {type(exc).__name__}: {str(exc)[:120]}")
    return _sheets("xls", parts)


def read_xlsx(data: bytes, limits: ReadLimits) -> DocumentReading:
    try:
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        parts = [f"{ws.title}\n{_rows_text(ws.iter_rows(values_only=True))}" for ws in book]
        book.close()
    except Exception as exc:
        return failed("xlsx", f"XLSX not readable: {type(exc).__name__}: {str(exc)[:120]}")
    return _sheets("xlsx", parts)


def _sheets(fmt: str, parts: list[str]) -> DocumentReading:
    text = clean_text("\n\n".join(parts))
    return DocumentReading(fmt, text=text, pages=tuple(parts), page_count=len(parts))
