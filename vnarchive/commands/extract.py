"""``vnarchive extract``: the crawl's extraction, run on one saved file.

HTML pages go through the article extractor; PDF, DOC/DOCX, spreadsheets and archives of
them (told apart by their bytes, not their names) through ``archive.extract.office``, whose
official-document fields come beside the article keys. The file is read up to a cap, never
whole first: ``extract /dev/zero`` stops there with a one-line error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from archive.errors import InputError
from archive.extract import extract
from archive.extract.language import detect_language
from archive.extract.office import limits_from_env, official_fields, read_document
from archive.extract.office.sniff import sniff
from vnarchive import render
from vnarchive.commands.crawl import check_portal_url
from vnarchive.options import data_dir_option, json_option

PAGE_KEYS = (
    "is_article",
    "kind",
    "reason",
    "title",
    "date",
    "author",
    "category",
    "text",
    "language",
    "documents",
)
DOCUMENT_KEYS = (
    "doc_type",
    "number",
    "issuer",
    "issued_date",
    "place",
    "subject",
    "signer",
    "signer_title",
    "effective_date",
    "replaces",
    "amends",
)
PAGE_FORMATS = ("html", "text", "unknown")


def read_file(path: str, limit: int) -> bytes:
    """At most ``limit`` bytes of ``path``; a larger file is refused."""
    try:
        with Path(path).open("rb") as fh:
            data = fh.read(limit + 1)
    except IsADirectoryError as exc:
        raise InputError(f"cannot read {path}: it is a directory") from exc
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if len(data) > limit:
        raise InputError(
            f"{path} is larger than {limit} bytes (VNARCHIVE_OFFICE_MAX_BYTES); not read"
        )
    return data


@click.command("extract")
@click.argument("file", type=click.Path(dir_okay=True))
@click.option("--url", required=True, help="The URL the page or file was served at.")
@click.option(
    "--ocr/--no-ocr", default=True, help="OCR scanned PDF pages with Tesseract (default: on)."
)
@json_option
@data_dir_option
def extract_cmd(file: str, url: str, ocr: bool, as_json: bool, data_dir: str | None) -> None:
    """Extract the text and fields of a saved FILE: an HTML page (title, date, author,
    category) or an official document (PDF, DOC, DOCX…: type, number, issuer, date,
    subject, signer).

    \b
    --json prints an object with these keys:
      kind        what FILE is: article, notice (announces or carries an official
                  document), listing (a list of linked items), page (a static page:
                  Giới thiệu, Liên hệ, Cơ cấu tổ chức), home; document (PDF, DOC…)
      is_article  true for a news article (kind "article")
      reason      why a page is not an article, or why a document could not be read
      title, date (ISO 8601, +07:00), author, category, text, language
      documents   the document files (PDF, DOC/DOCX, …) a page's content links to
    for documents also: doc_type, number, issuer, issued_date, place, subject, signer,
      signer_title, effective_date, replaces, amends, format, pages, needs_ocr, ocr_used,
      signatures, members
    """
    check_portal_url(url, allowed="0.0.0.0/0,::/0")  # any host: the URL only names the page
    limits = limits_from_env()
    data = read_file(file, limits.max_bytes)
    if sniff(data, None, Path(file).name) in PAGE_FORMATS:
        _page(data, url, as_json)
    else:
        _document(data, Path(file).name, ocr, limits, as_json)


def _page(data: bytes, url: str, as_json: bool) -> None:
    result = extract(data, url)
    out = result.to_json()
    if as_json:
        render.print_json({k: out.get(k) for k in PAGE_KEYS})
        return
    if not result.is_article:
        render.console.print(f"not an article: {result.reason or 'no article found'}")
    _print_fields(out, ("kind", "title", "date", "author", "category", "language"), result.text)


def _document(data: bytes, name: str, ocr: bool, limits: Any, as_json: bool) -> None:
    reading = read_document(data, filename=name, ocr=ocr, limits=limits)
    fields = official_fields(reading.text)
    found = fields.to_json() if fields else dict.fromkeys(DOCUMENT_KEYS)
    out: dict[str, Any] = {
        "kind": "document",
        "is_article": False,
        "title": found["subject"],
        "date": found["issued_date"],
        "author": found["signer"],
        "category": found["doc_type"],
        "text": reading.text,
        "language": detect_language(reading.text),
        **{k: found[k] for k in DOCUMENT_KEYS},
        "format": reading.format,
        "pages": reading.page_count,
        "needs_ocr": reading.needs_ocr,
        "ocr_used": reading.ocr_used,
        "reason": reading.reason,
        "signatures": [s.to_json() for s in reading.signatures],
        "members": [m.name for m in reading.members],
    }
    if as_json:
        render.print_json(out)
        return
    if reading.reason:
        render.console.print(f"note: {render.escape(reading.reason)}")
    keys = ("format", "pages", "needs_ocr", *DOCUMENT_KEYS[:8])
    _print_fields(out, keys, reading.text)


def _print_fields(data: dict[str, Any], keys: tuple[str, ...], text: str) -> None:
    for key in keys:
        value = data.get(key)
        shown = "-" if value is None or value == "" else str(value)
        render.console.print(f"[bold]{key}:[/bold] {render.escape(shown)}")
    render.console.print()
    render.console.print(render.escape(text))
