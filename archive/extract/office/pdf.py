"""PDF: the text layer by poppler's ``pdftotext -raw``, OCR for pages without one.

Why ``pdftotext -raw`` (docs/benchmarks.md, "Official documents"): on the real Vietnamese
devset it reads 160 pages/s against pypdf's 9 and pdfminer's 5, and unlike pypdf it does not split
syllables of justified text ("n ăm"). Its default (physical) mode joins a line ending in
"-" to the next ("35/QĐ-" + "84" → "35/QĐ84"), a dehyphenation that is always wrong for
Vietnamese, whose syllables are never hyphenated; ``-raw`` keeps content-stream order and the
hyphen. pypdf opens the file first (page count, encryption, signatures), and reads the text
itself only when pdftotext is not installed.
"""

from __future__ import annotations

import io
import logging
import warnings
from typing import Any

from archive.extract.office.limits import ReadLimits
from archive.extract.office.model import DocumentReading, Signature
from archive.extract.office.ocr import ocr_pdf_pages
from archive.extract.office.pages import drop_running_lines
from archive.extract.office.signatures import signatures
from archive.extract.office.text import clean_text, join_pages
from archive.extract.office.tools import available, run

MIN_PAGE_CHARS = 40  # a page with less text than this is taken for an image (a scan)


def read_pdf(data: bytes, limits: ReadLimits, ocr: bool) -> DocumentReading:
    opened = _open(data)
    if opened.problem and opened.problem.startswith("encrypted"):
        return DocumentReading("pdf", reason=opened.problem, page_count=opened.page_count)
    notes: list[str] = []
    if not data.rstrip().endswith(b"%%EOF") and b"%%EOF" not in data[-2048:]:
        notes.append("truncated: no %%EOF at the end")
    pages, problem = _text_layer(data, opened, limits)
    if pages is None:
        reason = "; ".join(notes + [problem or opened.problem or "no text layer could be read"])
        return DocumentReading("pdf", reason=reason, signatures=opened.signatures)
    return _with_ocr(data, pages, opened, limits, ocr, notes, problem)


def _with_ocr(
    data: bytes,
    pages: list[str],
    opened: _Opened,
    limits: ReadLimits,
    ocr: bool,
    notes: list[str],
    problem: str | None,
) -> DocumentReading:
    count = opened.page_count or len(pages)
    blank = [i + 1 for i, page in enumerate(pages) if _is_image_page(page)]
    needs_ocr, used = bool(blank), False
    if blank and ocr:
        result = ocr_pdf_pages(data, blank, limits)
        for number, text in result.pages.items():
            pages[number - 1] = _merge(pages[number - 1], text)
        used = bool(result.pages)
        needs_ocr = len(result.pages) < len(blank)
        if result.problem:
            notes.append(result.problem)
    elif blank:
        notes.append(f"{len(blank)} of {len(pages)} pages are images: OCR not asked for")
    if problem:
        notes.append(problem)
    if count > len(pages):
        notes.append(f"read {len(pages)} of {count} pages (limit max_pages)")
    pages = drop_running_lines(pages)
    text = join_pages(pages)
    reason = "; ".join(notes) if notes and (needs_ocr or not text or problem) else None
    return DocumentReading(
        "pdf",
        text=text,
        pages=tuple(pages),
        page_count=count,
        needs_ocr=needs_ocr,
        ocr_used=used,
        reason=reason or ("no text" if not text.strip() else None),
        signatures=opened.signatures,
        notes=tuple(notes),
    )


def _is_image_page(page: str) -> bool:
    return len("".join(page.split())) < MIN_PAGE_CHARS


def _merge(layer: str, ocr_text: str) -> str:
    """A scanned page often carries a little text (a signing stamp): keep it, then the OCR."""
    return f"{layer}\n{ocr_text}".strip() if layer.strip() else ocr_text


class _Opened:
    def __init__(self) -> None:
        self.page_count: int | None = None
        self.problem: str | None = None
        self.signatures: tuple[Signature, ...] = ()
        self.reader: Any = None


def _open(data: bytes) -> _Opened:
    """Page count, encryption and signatures by pypdf; its failures are kept, not raised."""
    opened = _Opened()
    try:
        from pypdf import PdfReader

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            logging.getLogger("pypdf").setLevel(logging.ERROR)
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                opened.problem = "encrypted: a password is needed to open it"
                return opened
            opened.reader = reader
            opened.page_count = len(reader.pages)
            opened.signatures = signatures(reader)
    except Exception as exc:  # pypdf on a damaged file: poppler may still read it
        opened.problem = f"damaged PDF: {type(exc).__name__}: {str(exc)[:120]}"
    return opened


def _text_layer(
    data: bytes, opened: _Opened, limits: ReadLimits
) -> tuple[list[str] | None, str | None]:
    if available(limits.pdftotext_cmd):
        return _pdftotext(data, limits)
    return _pypdf_text(opened, limits)


def _pdftotext(data: bytes, limits: ReadLimits) -> tuple[list[str] | None, str | None]:
    argv = [limits.pdftotext_cmd, "-raw", "-enc", "UTF-8", "-l", str(limits.max_pages), "-", "-"]
    done = run(argv, stdin=data, timeout=limits.timeout)
    if done.problem or not done.stdout.strip(b"\f\n "):
        err = done.stderr.decode("utf-8", "replace").strip().splitlines()
        if "Incorrect password" in " ".join(err):
            return None, "encrypted: a password is needed to open it"
        detail = done.problem or (err[-1][:160] if err else None)
        if done.problem or done.returncode:
            return None, f"pdftotext could not read it: {detail or 'exit ' + str(done.returncode)}"
    raw = done.stdout.decode("utf-8", "replace").split("\f")
    if raw and not raw[-1].strip():
        raw = raw[:-1]
    problem = None if done.returncode == 0 else "pdftotext reported errors; the text may be partial"
    return [clean_text(page) for page in raw], problem


def _pypdf_text(opened: _Opened, limits: ReadLimits) -> tuple[list[str] | None, str | None]:
    if opened.reader is None:
        return None, opened.problem
    pages = []
    try:
        for page in opened.reader.pages[: limits.max_pages]:
            pages.append(clean_text(page.extract_text() or ""))
    except Exception as exc:  # damaged content streams
        return (pages or None), f"pypdf stopped: {type(exc).__name__}"
    return pages, "pdftotext is not installed: read with pypdf"
