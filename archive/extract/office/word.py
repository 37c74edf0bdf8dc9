"""Word files: DOCX with python-docx, DOC with antiword (catdoc when antiword gives up).

DOCX paragraphs are read in document order wherever they sit: body, table cells (the
two-column header of a decision is a table), text boxes (once: the VML fallback copy of a
text box is skipped). DOC goes through a temporary file, as antiword and catdoc read paths.
"""

from __future__ import annotations

import io
import os
import tempfile

from archive.extract.office.limits import ReadLimits
from archive.extract.office.model import DocumentReading, failed
from archive.extract.office.text import clean_text
from archive.extract.office.tools import run

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def read_docx(data: bytes, limits: ReadLimits) -> DocumentReading:
    try:
        import docx
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        lines = []
        for p in body.iter(f"{_W}p"):
            if any(a.tag == _FALLBACK for a in p.iterancestors()):
                continue
            lines.append(Paragraph(p, document).text)
    except Exception as exc:  # a damaged package or XML
        return failed("docx", f"damaged DOCX: {type(exc).__name__}: {str(exc)[:120]}")
    text = clean_text("\n".join(lines))
    return DocumentReading("docx", text=text, reason=None if text else "no text")


def read_doc(data: bytes, limits: ReadLimits) -> DocumentReading:
    with tempfile.TemporaryDirectory(prefix="vnarchive-doc-") as tmp:
        path = os.path.join(tmp, "document.doc")
        with open(path, "wb") as fh:
            fh.write(data)
        antiword = run(
            [limits.antiword_cmd, "-m", "UTF-8.txt", "-w", "0", path], timeout=limits.timeout
        )
        if antiword.ok and antiword.stdout.strip():
            return _doc_reading(antiword.stdout, None)
        catdoc = run([limits.catdoc_cmd, "-d", "utf-8", "-w", path], timeout=limits.timeout)
        if catdoc.ok and catdoc.stdout.strip():
            return _doc_reading(catdoc.stdout, "antiword could not read it; read with catdoc")
    problems = [r.problem or _first_line(r.stderr) for r in (antiword, catdoc)]
    return failed("doc", "DOC not readable: " + "; ".join(p for p in problems if p))


def _doc_reading(out: bytes, note: str | None) -> DocumentReading:
    text = clean_text(out.decode("utf-8", "replace"))
    return DocumentReading("doc", text=text, notes=(note,) if note else ())


def _first_line(stderr: bytes) -> str:
    lines = stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[0][:160] if lines else "no text"
