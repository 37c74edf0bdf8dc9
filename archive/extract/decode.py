"""Bytes to NFC text: HTTP charset, then <meta charset>, then UTF-8 with fallbacks."""

from __future__ import annotations

import codecs
import re
import unicodedata

MAX_INPUT_BYTES = 5 * 1024 * 1024
_SNIFF_BYTES = 16 * 1024

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "application/xml", "text/xml"})
_CHARSET_PARAM = re.compile(r"""charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\xd0\xcf\x11\xe0")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ALIASES = {"windows-1258": "cp1258", "x-user-defined": "cp1252", "unicode": "utf-8"}


def media_type(content_type: str | None) -> str | None:
    """``text/html; charset=utf-8`` → ``text/html`` (lower case), None when absent."""
    if not content_type:
        return None
    value = content_type.split(";", 1)[0].strip().lower()
    return value or None


def non_html_reason(content_type: str | None, data: bytes | str) -> str | None:
    """A reason when the input is clearly not an HTML page, else None."""
    mtype = media_type(content_type)
    if mtype and mtype not in _HTML_TYPES and not mtype.startswith("text/"):
        return f"non-HTML content type: {mtype}"
    if isinstance(data, bytes) and data.lstrip()[:8].startswith(_BINARY_MAGIC):
        return "binary content (not HTML)"
    return None


def _codec(name: str | None) -> str | None:
    """A Python codec name for a declared charset, or None when unknown."""
    if not name:
        return None
    label = name.strip().strip("\"'").lower()
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def declared_charset(data: bytes, content_type: str | None) -> str | None:
    """The first known charset from the HTTP header, then from a <meta> in the head."""
    if content_type:
        match = _CHARSET_PARAM.search(content_type)
        codec = _codec(match.group(1)) if match else None
        if codec:
            return codec
    meta = _META_CHARSET.search(data[:_SNIFF_BYTES])
    return _codec(meta.group(1).decode("ascii", "ignore")) if meta else None


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _decode_bytes(data: bytes, content_type: str | None) -> str:
    for bom, bom_codec in _BOMS:
        if data.startswith(bom):
            return data.decode(bom_codec, errors="replace").lstrip("\ufeff")
    codec = declared_charset(data, content_type)
    if codec and codec not in ("utf-8", "ascii"):
        # a legacy label on bytes that are valid UTF-8 with multibyte sequences is a server lie
        if not data.isascii() and _is_utf8(data):
            return data.decode("utf-8")
        try:
            return data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            pass
    if _is_utf8(data):
        return data.decode("utf-8")
    try:
        return data.decode("cp1258")
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace")


def _truncate(data: bytes) -> bytes:
    """Cap at MAX_INPUT_BYTES without cutting a UTF-8 sequence in half."""
    if len(data) <= MAX_INPUT_BYTES:
        return data
    cut = data[:MAX_INPUT_BYTES]
    for _ in range(3):
        if cut and 0x80 <= cut[-1] < 0xC0:
            cut = cut[:-1]
    if cut and cut[-1] >= 0xC0:
        cut = cut[:-1]
    return cut


def clean_text(text: str) -> str:
    """NFC with control characters (NUL included) removed."""
    return unicodedata.normalize("NFC", _CONTROL.sub("", text))


def decode(data: bytes | str, content_type: str | None = None) -> str:
    """Decode and NFC-normalise an HTML page, capped at MAX_INPUT_BYTES."""
    if isinstance(data, str):
        return clean_text(data[:MAX_INPUT_BYTES])
    return clean_text(_decode_bytes(_truncate(data), content_type))
