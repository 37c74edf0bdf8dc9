"""read_document(): sniff the format, check the bounds, hand the bytes to its reader.

Never raises: a file that cannot be read gives a :class:`DocumentReading` with a ``reason``.
"""

from __future__ import annotations

from dataclasses import replace

from archive.extract.office import archives, opendoc, pdf, sheets, word
from archive.extract.office.limits import DEFAULT_LIMITS, ReadLimits
from archive.extract.office.model import DocumentReading, failed
from archive.extract.office.sniff import declared_format, sniff
from archive.extract.office.text import clean_text, clip

# formats read_document reads; the others give a reason
READABLE = ("pdf", "docx", "doc", "xlsx", "xls", "odt", "ods", "rtf", "zip", "rar", "7z", "text")


def read_document(
    data: bytes,
    *,
    content_type: str | None = None,
    filename: str | None = None,
    ocr: bool = True,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> DocumentReading:
    """The text of an office document or scan (PDF, DOC/DOCX, XLS/XLSX, ODT/ODS, RTF, or a
    zip/rar of them). ``content_type`` and ``filename`` only break ties: the bytes decide."""
    return _read(data, filename, limits, 0, content_type=content_type, ocr=ocr)


def _read(
    data: bytes,
    filename: str | None,
    limits: ReadLimits,
    depth: int,
    *,
    content_type: str | None = None,
    ocr: bool = True,
) -> DocumentReading:
    fmt = "unknown"
    try:
        fmt = sniff(data, content_type, filename)
        reading = _dispatch(data, fmt, filename, content_type, limits, depth, ocr)
    except Exception as exc:  # a reader's bug must not stop a crawl
        reading = failed(fmt, f"reading failed: {type(exc).__name__}: {str(exc)[:120]}")
    return _finish(reading, filename, limits)


def _dispatch(
    data: bytes,
    fmt: str,
    filename: str | None,
    content_type: str | None,
    limits: ReadLimits,
    depth: int,
    ocr: bool,
) -> DocumentReading:
    if not data:
        return failed(declared_format(content_type, filename) or "unknown", "empty file (0 bytes)")
    if len(data) > limits.max_bytes:
        return failed(fmt, f"too large: {len(data)} bytes (limit max_bytes {limits.max_bytes})")
    if reason := _mislabelled(fmt, declared_format(content_type, filename)):
        return failed(fmt, reason)
    if fmt == "pdf":
        return pdf.read_pdf(data, limits, ocr)
    if fmt in ("docx", "doc", "xlsx", "xls", "rtf"):
        return {
            "docx": word.read_docx,
            "doc": word.read_doc,
            "xlsx": sheets.read_xlsx,
            "xls": sheets.read_xls,
            "rtf": opendoc.read_rtf,
        }[fmt](data, limits)
    if fmt in ("odt", "ods"):
        return opendoc.read_opendocument(data, fmt, limits)
    if fmt in ("zip", "rar", "7z"):
        return _archive(data, fmt, limits, depth, ocr)
    if fmt == "text":
        return DocumentReading("text", text=clean_text(data.decode("utf-8", "replace")))
    return failed(fmt, _unreadable(fmt))


def _archive(data: bytes, fmt: str, limits: ReadLimits, depth: int, ocr: bool) -> DocumentReading:
    if depth >= limits.max_depth:
        return failed(fmt, "archive nested too deep (limit max_depth)")

    def member(body: bytes, name: str, lim: ReadLimits, level: int) -> DocumentReading:
        return _read(body, name, lim, level, ocr=ocr)

    if fmt == "zip":
        return archives.read_zip(data, limits, member, depth)
    return archives.read_unar(data, fmt, limits, member, depth)


def _mislabelled(found: str, declared: str | None) -> str | None:
    """A "document" that is really a web page (an error page, a login form)."""
    if found == "html" and declared not in (None, "html", "text"):
        return f"not a {declared.upper()}: the file is an HTML page"
    return None


def _unreadable(fmt: str) -> str:
    return {
        "html": "an HTML page, not a document (read it with archive.extract.extract)",
        "image": "an image file: OCR of image files is not done (only of PDF pages)",
        "encrypted-ooxml": "encrypted: a password is needed to open it",
        "ole": "an OLE file that is neither Word nor Excel",
    }.get(fmt, "unknown format")


def _finish(reading: DocumentReading, filename: str | None, limits: ReadLimits) -> DocumentReading:
    text, cut = clip(reading.text, limits.max_text_chars)
    notes = reading.notes + (("text cut at max_text_chars",) if cut else ())
    return replace(reading, text=text, name=reading.name or filename, notes=notes)
