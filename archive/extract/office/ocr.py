"""OCR of PDF pages that are images: poppler's ``pdftoppm`` renders, Tesseract reads (``vie``).

Each page is bounded in time (render + read), and the whole document too; pages past the
bounds are left unread and said so. Without Tesseract (or its ``vie`` data) nothing is read
and the caller keeps ``needs_ocr``.
"""

from __future__ import annotations

import functools
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
    started, out = time.monotonic(), {}
    wanted = page_numbers[: limits.ocr_max_pages]
    problem = None
    if len(page_numbers) > len(wanted):
        problem = f"OCR stopped after {len(wanted)} pages (limit ocr_max_pages)"
    for number in wanted:
        left = limits.ocr_timeout - (time.monotonic() - started)
        if left <= 1:
            problem = f"OCR stopped after {len(out)} pages (limit ocr_timeout)"
            break
        text, page_problem = ocr_page(data, number, limits, min(left, limits.ocr_page_timeout))
        if page_problem:
            problem = page_problem
            continue
        out[number] = text
    return OcrResult(out, problem)


def ocr_page(data: bytes, number: int, limits: ReadLimits, budget: float) -> tuple[str, str | None]:
    """One page: render to PNG (grey), read with Tesseract."""
    started = time.monotonic()
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
            "-",
            "-",
        ],
        stdin=data,
        timeout=budget,
    )
    if not render.ok or not render.stdout:
        return "", f"page {number} could not be rendered: {render.problem or _err(render.stderr)}"
    left = budget - (time.monotonic() - started)
    read = run(
        [limits.tesseract_cmd, "stdin", "stdout", "-l", limits.ocr_language, "--psm", "3"],
        stdin=render.stdout,
        timeout=max(left, 1.0),
    )
    if not read.ok:
        return "", f"OCR of page {number} failed: {read.problem or _err(read.stderr)}"
    return clean_text(read.stdout.decode("utf-8", "replace")), None


def _err(stderr: bytes) -> str:
    lines = stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[-1][:200] if lines else "no output"
