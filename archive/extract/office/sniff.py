"""Which format a file is in: its first bytes first, then its name and content type."""

from __future__ import annotations

import io
import zipfile

# formats: pdf, docx, doc, xlsx, xls, odt, ods, rtf, zip, rar, 7z, html, image, text, unknown
_EXTENSIONS = {
    "pdf": "pdf",
    "docx": "docx",
    "doc": "doc",
    "xlsx": "xlsx",
    "xls": "xls",
    "odt": "odt",
    "ods": "ods",
    "rtf": "rtf",
    "zip": "zip",
    "rar": "rar",
    "7z": "7z",
    "txt": "text",
}
_TYPES = {
    "application/pdf": "pdf",
    "application/msword": "doc",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.ms-excel": "xls",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/rtf": "rtf",
    "text/rtf": "rtf",
    "application/zip": "zip",
    "application/x-zip-compressed": "zip",
    "application/vnd.rar": "rar",
    "application/x-rar-compressed": "rar",
    "text/html": "html",
    "text/plain": "text",
}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def declared_format(content_type: str | None, filename: str | None) -> str | None:
    """The format a server or a file name claims, if any."""
    if filename and "." in filename:
        ext = filename.rsplit(".", 1)[1].lower().strip()
        if ext in _EXTENSIONS:
            return _EXTENSIONS[ext]
    if content_type:
        return _TYPES.get(content_type.split(";")[0].strip().lower())
    return None


def sniff(data: bytes, content_type: str | None = None, filename: str | None = None) -> str:
    """The format of ``data`` by its content; the declared one only breaks ties."""
    head = data[:2048]
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(_OLE):
        return _ole_kind(data, declared_format(content_type, filename))
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(data)
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(b"Rar!\x1a\x07"):
        return "rar"
    if head.startswith(b"7z\xbc\xaf\x27\x1c"):
        return "7z"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*")):
        return "image"
    low = stripped[:512].lower()
    if (
        low.startswith((b"<!doctype html", b"<html", b"<?xml"))
        or b"<html" in low
        or b"<body" in low
    ):
        return "html"
    if _looks_like_text(head):
        return "text"
    return "unknown"


def _ole_kind(data: bytes, declared: str | None) -> str:
    """An OLE2 compound file: Word, Excel, or something else (by its stream names, which may
    sit anywhere in the file)."""
    if _utf16("WordDocument") in data:
        return "doc"
    if _utf16("Workbook") in data or _utf16("Book") + b"\x00\x00" in data:
        return "xls"
    if declared in ("doc", "docx", "xls", "xlsx"):
        return declared[:3]
    if _utf16("EncryptedPackage") in data:
        return "encrypted-ooxml"
    return "ole"


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return "docx"
            if "xl/workbook.xml" in names:
                return "xlsx"
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100]
                if b"opendocument.text" in mimetype:
                    return "odt"
                if b"opendocument.spreadsheet" in mimetype:
                    return "ods"
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, EOFError):
        return "zip"
    return "zip"


def _looks_like_text(head: bytes) -> bool:
    if not head or b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(head) - 4  # a character cut at the end of the sample
    return True
