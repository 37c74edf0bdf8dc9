"""``vnarchive extract``: the crawl's extraction, run on one saved HTML file."""

from __future__ import annotations

from pathlib import Path

import click

from archive.errors import InputError
from archive.extract import extract
from vnarchive import render
from vnarchive.options import data_dir_option, json_option


def read_file(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except IsADirectoryError as exc:
        raise InputError(f"cannot read {path}: it is a directory") from exc
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc


@click.command("extract")
@click.argument("file", type=click.Path(dir_okay=True))
@click.option("--url", required=True, help="The URL the page was served at.")
@json_option
@data_dir_option
def extract_cmd(file: str, url: str, as_json: bool, data_dir: str | None) -> None:
    """Extract title, date, author, category and main text from a saved HTML FILE.

    \b
    --json prints an object with these keys:
      is_article  true for a news article (kind "article")
      kind        what the page is: article, notice (announces or carries an official
                  document), listing (a list of linked items), page (a static page:
                  Giới thiệu, Liên hệ, Cơ cấu tổ chức), home; null when FILE is no HTML page
      reason      why the page is not an article (null for articles)
      title, date (ISO 8601, +07:00), author, category, text, language
      documents   the document files (PDF, DOC/DOCX, …) the page's content links to
    """
    result = extract(read_file(file), url)
    data = result.to_json()
    if as_json:
        keys = ("is_article", "kind", "reason", "title", "date", "author", "category", "text",
                "language", "documents")  # fmt: skip
        render.print_json({k: data.get(k) for k in keys})
        return
    if not result.is_article:
        render.console.print(f"not an article: {result.reason or 'no article found'}")
    for key in ("kind", "title", "date", "author", "category", "language"):
        render.console.print(f"[bold]{key}:[/bold] {render.escape(str(data.get(key) or '-'))}")
    render.console.print()
    render.console.print(render.escape(result.text))
