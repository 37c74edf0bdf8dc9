"""OCR of PDF pages that are images: poppler's ``pdftoppm`` renders, Tesseract reads (``vie``).

Each page is bounded in time (render + read), and the whole document too; pages past the
bounds are left unread and said so. Without Tesseract (or its ``vie`` data) nothing is read
and the caller keeps ``needs_ocr``.
"""

from __future__ import annotations

import functools
import os
import tempfile
import time
from dataclasses import dataclass

from archive.extract.office.limits import ReadLimits
from archive.extract.office.text import clean_text
from archive.extract.office.tools import available, run


@dataclass(frozen=True)
class OcrResult:
    pages: dict[int, str]  # 1-based page number -> text
    problem: str | None = None  # why some asked-for pages were not read


@functools.lru_cache(maxsize=8)
def _languages(tesseract: str) -> frozenset[str]:
    done = run([tesseract, "--list-langs"], timeout=20)
    lines = (done.stdout or b"").decode("utf-8", "replace").splitlines()
    return frozenset(line.strip() for line in lines[1:] if line.strip())


def ocr_unavailable(limits: ReadLimits) -> str | None:
    """Why OCR cannot run here, or None when it can."""
    for command in (limits.tesseract_cmd, limits.pdftoppm_cmd):
        if not available(command):
            return f"OCR unavailable: {command} is not installed"
    if limits.ocr_language not in _languages(limits.tesseract_cmd):
        return f"OCR unavailable: Tesseract has no '{limits.ocr_language}' language data"
    return None


def ocr_pdf_pages(data: bytes, page_numbers: list[int], limits: ReadLimits) -> OcrResult:
    """The text of the given pages of a PDF, read by OCR within the limits."""
    if problem := ocr_unavailable(limits):
        return OcrResult({}, problem)
    started = time.monotonic()
    out: dict[int, str] = {}
    wanted = page_numbers[: limits.ocr_max_pages]
    problem = None
    if len(page_numbers) > len(wanted):
        problem = f"OCR stopped after {len(wanted)} pages (limit ocr_max_pages)"
    with tempfile.TemporaryDirectory(prefix="vnarchive-ocr-") as tmp:
        source = os.path.join(tmp, "document.pdf")
        with open(source, "wb") as fh:
            fh.write(data)
        for number in wanted:
            left = limits.ocr_timeout - (time.monotonic() - started)
            if left <= 1:
                problem = f"OCR stopped after {len(out)} pages (limit ocr_timeout)"
                break
            budget = min(left, limits.ocr_page_timeout)
            text, page_problem = ocr_page(source, number, limits, budget)
            if page_problem:
                problem = page_problem
                continue
            out[number] = text
    return OcrResult(out, problem)


def ocr_page(source: str, number: int, limits: ReadLimits, budget: float) -> tuple[str, str | None]:
    """One page of the PDF at ``source``: render to a grey PNG beside it, read with Tesseract."""
    started = time.monotonic()
    image = os.path.join(os.path.dirname(source), f"page-{number}")
    render = run(
        [
            limits.pdftoppm_cmd,
            "-f",
            str(number),
            "-l",
            str(number),
            "-r",
            str(limits.ocr_dpi),
            "-gray",
            "-png",
            "-singlefile",
            source,
            image,
        ],
        timeout=budget,
    )
    if not render.ok or not os.path.isfile(image + ".png"):
        return "", f"page {number} could not be rendered: {render.problem or _err(render.stderr)}"
    left = budget - (time.monotonic() - started)
    read = run(
        [limits.tesseract_cmd, image + ".png", "stdout", "-l", limits.ocr_language, "--psm", "3"],
        timeout=max(left, 1.0),
    )
    os.remove(image + ".png")
    if not read.ok:
        return "", f"OCR of page {number} failed: {read.problem or _err(read.stderr)}"
    return clean_text(read.stdout.decode("utf-8", "replace")), None


def _err(stderr: bytes) -> str:
    lines = stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[-1][:200] if lines else "no output"
