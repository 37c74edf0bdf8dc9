"""``vnarchive reextract``: the current extractor over archived pages, without recrawling."""

from __future__ import annotations

import click

from archive.db.engine import open_database
from archive.documents.reextract import parse_since, reextract, reread_files
from archive.extract import EXTRACTOR_VERSION
from vnarchive import render
from vnarchive.options import HOST, config_for, data_dir_option, json_option, workers_option


@click.command("reextract")
@click.option("--portal", metavar="HOST", type=HOST, help="Only captures of this host.")
@click.option(
    "--since", metavar="YYYY-MM-DD", help="Only captures made on or after this day (Vietnam time)."
)
@click.option(
    "--pending",
    is_flag=True,
    help="Only pages and files never extracted (a crawl killed mid-way, or run with "
    "VNARCHIVE_EXTRACT=0).",
)
@click.option(
    "--ocr",
    is_flag=True,
    help="Read the archived files still marked needs_ocr (scanned PDFs archived without "
    "Tesseract, or with VNARCHIVE_OCR=0) with OCR now.",
)
@click.option(
    "--documents",
    is_flag=True,
    help="Read every archived document file (PDF, DOC, DOCX, XLS…) again, e.g. after an "
    "upgrade or for an archive made before files were read.",
)
@workers_option
@json_option
@data_dir_option
def reextract_cmd(
    portal: str | None,
    since: str | None,
    pending: bool,
    ocr: bool,
    documents: bool,
    workers: int | None,
    as_json: bool,
    data_dir: str | None,
) -> None:
    """Re-run the extractor over the archived HTML pages and update their documents.

    Reads every archived 200 HTML response from the WARC files, extracts it again and
    updates the documents whose text or fields changed (and re-indexes them for search);
    pages that are now articles or notices get a document. Each portal's learned template
    applies. With --ocr or --documents, archived files are read instead of pages.
    """
    moment = parse_since(since) if since is not None else None
    if (ocr or documents) and pending:
        raise click.UsageError("--pending reads pages; it cannot go with --ocr or --documents")
    config = config_for(data_dir)
    sessions = open_database(config)
    if ocr or documents:
        report = reread_files(
            config,
            sessions,
            host=portal,
            since=moment,
            needs_ocr=ocr and not documents,
            ocr=True if ocr else None,
            workers=workers,
        )
        what = "files needing OCR" if ocr and not documents else "document files"
    else:
        report = reextract(
            config, sessions, host=portal, since=moment, workers=workers, pending=pending
        )
        what = "captures"
    if as_json:
        render.print_json({"extractor_version": EXTRACTOR_VERSION, **report.to_json()})
        return
    if ocr or documents:
        render.console.print(
            f"{report.examined} {what} read: {report.created} documents created, "
            f"{report.changed} changed, {report.linked} linked to an existing document, "
            f"{report.unchanged} unchanged, {report.unread} without text, "
            f"{report.needs_ocr} still needing OCR, {report.failed} failures"
        )
    else:
        render.console.print(
            f"{report.examined} {what} examined (extractor {EXTRACTOR_VERSION}): "
            f"{report.changed} documents changed, {report.created} created, "
            f"{report.linked} linked to an existing document, {report.unchanged} unchanged, "
            f"{report.not_article} not articles, {report.failed} failures"
        )
    for failure in report.failures:
        render.console.print(f"  failed: {render.escape(failure)}")
