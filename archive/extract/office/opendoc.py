"""OpenDocument (ODT, ODS) through ``content.xml``, and RTF with striprtf: both cheap."""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from archive.extract.office.limits import ReadLimits
from archive.extract.office.model import DocumentReading, failed
from archive.extract.office.text import clean_text

_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_BLOCKS = {f"{{{_TEXT}}}p", f"{{{_TEXT}}}h"}


def read_opendocument(data: bytes, fmt: str, limits: ReadLimits) -> DocumentReading:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("content.xml")
            if info.file_size > limits.max_member_bytes:
                return failed(fmt, "too large: content.xml over max_member_bytes")
            root = etree.fromstring(archive.read(info), etree.XMLParser(huge_tree=False))
    except Exception as exc:
        return failed(fmt, f"damaged {fmt.upper()}: {type(exc).__name__}: {str(exc)[:120]}")
    lines = []
    for el in root.iter(*_BLOCKS, f"{{{_TABLE}}}table-row"):
        if el.tag.endswith("table-row"):
            lines.append("")  # cells' paragraphs follow; rows stay apart
            continue
        lines.append(_block_text(el))
    text = clean_text("\n".join(lines))
    return DocumentReading(fmt, text=text, reason=None if text else "no text")


def _block_text(el: etree._Element) -> str:
    parts = [el.text or ""]
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == f"{{{_TEXT}}}s":
            parts.append(" " * int(child.get(f"{{{_TEXT}}}c", "1")))
        elif tag == f"{{{_TEXT}}}tab":
            parts.append("\t")
        elif tag == f"{{{_TEXT}}}line-break":
            parts.append("\n")
        elif tag:
            parts.append(_block_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def read_rtf(data: bytes, limits: ReadLimits) -> DocumentReading:
    try:
        from striprtf.striprtf import rtf_to_text

        text = clean_text(rtf_to_text(data.decode("latin-1"), errors="ignore"))
    except Exception as exc:
        return failed("rtf", f"RTF not readable: {type(exc).__name__}: {str(exc)[:120]}")
    return DocumentReading("rtf", text=text, reason=None if text else "no text")
