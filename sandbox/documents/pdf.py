"""A PDF with a Vietnamese text layer (fpdf2, DejaVu embedded as a TrueType subset)."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from fpdf import FPDF

from sandbox.documents.fonts import bold_path, font_path
from sandbox.documents.model import OfficialDoc

FIXED = datetime(2024, 1, 1, tzinfo=UTC)


class _Page(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("serif", size=9)
        self.cell(0, 6, f"Trang {self.page_no()}", align="C")


def render_pdf(doc: OfficialDoc) -> bytes:
    pdf = _Page(format="A4", unit="mm")
    pdf.set_creation_date(FIXED)
    pdf.set_producer("vnarchive sandbox")
    pdf.add_font("serif", "", font_path())
    pdf.add_font("serif", "B", bold_path())
    pdf.set_margins(25, 20, 20)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    _header(pdf, doc)
    _body(pdf, doc)
    _signature(pdf, doc)
    out = io.BytesIO()
    pdf.output(out)
    return out.getvalue()


def _column(pdf: FPDF, x: float, y: float, w: float, lines: list[tuple[str, bool]]) -> float:
    pdf.set_xy(x, y)
    for text, bold in lines:
        pdf.set_font("serif", "B" if bold else "", 12)
        pdf.set_x(x)
        pdf.multi_cell(w, 6, text, align="C", new_x="LMARGIN", new_y="NEXT")
    return pdf.get_y()


def _header(pdf: FPDF, doc: OfficialDoc) -> None:
    left = [(line, True) for line in doc.issuer_lines] + [(f"Số: {doc.number}", False)]
    if doc.heading is None:
        left.append((f"V/v {doc.subject[8:]}", False))
    right = [
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True),
        ("Độc lập - Tự do - Hạnh phúc", True),
        (doc.place_date, False),
    ]
    bottom = max(_column(pdf, 15, 15, 70, left), _column(pdf, 88, 15, 110, right))
    pdf.set_xy(25, bottom + 8)
    if doc.heading:
        pdf.set_font("serif", "B", 14)
        pdf.multi_cell(0, 7, doc.heading, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("serif", "B", 12)
        pdf.multi_cell(0, 6, doc.subject, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)


def _body(pdf: FPDF, doc: OfficialDoc) -> None:
    pdf.set_font("serif", "", 12)
    for para in doc.body:
        pdf.multi_cell(0, 6.5, para, align="J", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.5)


def _signature(pdf: FPDF, doc: OfficialDoc) -> None:
    if pdf.get_y() > 220:
        pdf.add_page()
    y = pdf.get_y() + 6
    _column(pdf, 100, y, 95, [(t, True) for t in doc.title_lines])
    pdf.set_xy(100, pdf.get_y() + 22)
    pdf.set_font("serif", "B", 12)
    pdf.multi_cell(95, 6, doc.signer, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_xy(25, y)
    pdf.set_font("serif", "B", 11)
    pdf.cell(60, 5, "Nơi nhận:", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("serif", "", 10)
    for line in doc.recipients:
        pdf.set_x(25)
        pdf.cell(60, 5, line, new_x="LMARGIN", new_y="NEXT")
