"""Word files of a document: DOCX with python-docx (header and signature as two-column
tables, as offices type them), and DOC by :mod:`sandbox.documents.worddoc`."""

from __future__ import annotations

import io
import zipfile

import docx
from docx.shared import Pt

from sandbox.documents.model import OfficialDoc
from sandbox.documents.worddoc import word97

FIXED = (2024, 1, 1, 0, 0, 0)


def render_docx(doc: OfficialDoc) -> bytes:
    document = docx.Document()
    document.core_properties.author = "vnarchive sandbox"
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(13)
    left = [*doc.issuer_lines, f"Số: {doc.number}"]
    if doc.heading is None:
        left.append(f"V/v {doc.subject[8:]}")
    right = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", doc.place_date]
    _two_columns(document, left, right)
    if doc.heading:
        document.add_paragraph().add_run(doc.heading).bold = True
        document.add_paragraph(doc.subject)
    for para in doc.body:
        document.add_paragraph(para)
    _two_columns(
        document,
        ["Nơi nhận:", *doc.recipients],
        [*doc.title_lines, "", doc.signer],
    )
    out = io.BytesIO()
    document.save(out)
    return _fixed_times(out.getvalue())


def _two_columns(document: docx.document.Document, left: list[str], right: list[str]) -> None:
    table = document.add_table(rows=1, cols=2)
    for cell, lines in zip(table.rows[0].cells, (left, right), strict=True):
        cell.text = lines[0]
        for line in lines[1:]:
            cell.add_paragraph(line)


def _fixed_times(data: bytes) -> bytes:
    """The package again with fixed member times and core dates: the same bytes every time."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == "docProps/core.xml":
                body = _fixed_core(body)
            target.writestr(zipfile.ZipInfo(info.filename, FIXED), body, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _fixed_core(body: bytes) -> bytes:
    import re

    return re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2024-01-01T00:00:00Z", body)


def render_doc(doc: OfficialDoc) -> bytes:
    return word97("\n".join(doc.lines()))
