"""Archived files read as official documents: a PDF, DOC/DOCX, XLS/XLSX, ODT, RTF or an
archive of them, read back from its WARC record by an indexing worker.

``read_file`` gives a :class:`FileReading`: the reader's result (text, pages, format,
``needs_ocr``, why text is missing), the official-document fields found in the text, and the
file's name as the server gave it (``Content-Disposition``, its RFC 6266/5987 ``filename*``
first) or as its URL ends. A signed PDF whose text names no signer takes the signer of its
digital signature.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from email.message import Message
from urllib.parse import unquote, urlsplit

from archive.extract.office import (
    DocumentReading,
    OfficialFields,
    ReadLimits,
    official_fields,
    read_document,
)
from archive.extract.office.sniff import sniff
from archive.text import nfc

# what the bytes may be for a file to be read as a document (not an HTML page, not text)
DOCUMENT_FORMATS = frozenset(
    {"pdf", "docx", "doc", "xlsx", "xls", "odt", "ods", "rtf", "zip", "rar", "7z", "ole",
     "encrypted-ooxml"}
)  # fmt: skip
HTML_TYPES = ("text/html", "application/xhtml+xml")
# content types (prefixes) and name extensions of the files read as official documents: the
# crawler's, the indexing workers' and reextract's one list
DOCUMENT_TYPES = (
    "application/pdf",
    "application/msword",
    "application/vnd.openxmlformats-officedocument",
    "application/vnd.ms-excel",
    "application/vnd.oasis.opendocument",
    "application/rtf",
    "text/rtf",
    "application/zip",
    "application/x-zip",
    "application/vnd.rar",
    "application/x-rar",
    "application/x-7z",
)
DOCUMENT_EXTENSIONS = frozenset(
    {"pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "rtf", "zip", "rar", "7z"}
)
_EXTENDED = re.compile(r"filename\*\s*=\s*([\w-]*)'[^']*'([^;]+)", re.I)


@dataclass(frozen=True)
class FileReading:
    """What reading an archived document file gave."""

    reading: DocumentReading
    fields: OfficialFields | None
    name: str | None


def header(headers: list[tuple[str, str]], name: str) -> str | None:
    return next((v for k, v in headers if k.lower() == name), None)


def is_document_payload(payload: bytes, content_type: str | None, url: str) -> bool:
    """Whether an archived response is a document to read rather than a page to extract:
    its bytes decide (a PDF served as ``text/html`` is a PDF); bytes that are no document
    are a page, unless the server called them a document (an empty "PDF", an error page
    served as PDF: read, and given the reason they cannot be)."""
    name = urlsplit(url).path.rsplit("/", 1)[-1]
    head = payload[:65536]  # enough to tell the format: the whole file is not looked at
    if sniff(head, content_type, name) in DOCUMENT_FORMATS:
        return True
    if content_type and content_type.split(";")[0].strip().lower() in HTML_TYPES:
        return False
    return _declares_document(content_type)


def _declares_document(content_type: str | None) -> bool:
    """A content type that says "office document" (an archive type says too little)."""
    bare = (content_type or "").split(";")[0].strip().lower()
    return bare.startswith(DOCUMENT_TYPES[:5])


def disposition_filename(value: str | None) -> str | None:
    """The file name a ``Content-Disposition`` header gives: ``filename*=UTF-8''…`` (RFC
    5987) over ``filename="…"``; percent-escapes decoded, NFC, control characters
    dropped."""
    if not value:
        return None
    name: str | None = None
    extended = _EXTENDED.search(value)
    if extended:
        charset = extended.group(1) or "utf-8"
        try:
            name = unquote(extended.group(2).strip().strip('"'), encoding=charset, errors="replace")
        except LookupError:  # an unknown charset
            name = unquote(extended.group(2), errors="replace")
    if not name:
        message = Message()
        message["content-disposition"] = value
        name = message.get_filename()
    if not name:
        match = re.search(r"filename\s*=\s*\"?([^\";]+)", value, re.I)
        name = match.group(1) if match else None
    if not name:
        return None
    if "%" in name:
        name = unquote(name, errors="replace")
    # kept as given ("… Quốc khánh 2/9.docx"): a name shown, never a path written to
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return nfc(name) or None


def file_name(headers: list[tuple[str, str]], url: str) -> str | None:
    """A file's name: from ``Content-Disposition``, else the last segment of its URL."""
    given = disposition_filename(header(headers, "content-disposition"))
    if given:
        return given
    last = unquote(urlsplit(url).path.rsplit("/", 1)[-1], errors="replace")
    return nfc(last) or None


def read_file(
    payload: bytes,
    headers: list[tuple[str, str]],
    url: str,
    *,
    ocr: bool,
    limits: ReadLimits,
) -> FileReading:
    """Read an archived file; never raises (an unreadable file says why in ``reason``)."""
    name = file_name(headers, url)
    reading = read_document(
        payload,
        content_type=header(headers, "content-type"),
        filename=name,
        ocr=ocr,
        limits=limits,
    )
    fields = official_fields(reading.text) if reading.ok else None
    signed = next((s for s in reading.signatures if s.signer), None)
    if fields is not None and fields.signer is None and signed is not None:
        fields = replace(fields, signer=nfc(signed.signer or "").strip() or None)
    return FileReading(reading, fields, name)
