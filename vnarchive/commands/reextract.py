"""``vnarchive reextract``: the current extractor over archived pages, without recrawling."""

from __future__ import annotations

import click

from archive.db.engine import open_database
from archive.documents.reextract import parse_since, reextract
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
    help="Only pages never extracted (a crawl killed mid-way, or run with VNARCHIVE_EXTRACT=0).",
)
@workers_option
@json_option
@data_dir_option
def reextract_cmd(
    portal: str | None,
    since: str | None,
    pending: bool,
    workers: int | None,
    as_json: bool,
    data_dir: str | None,
) -> None:
    """Re-run the extractor over the archived HTML pages and update their documents.

    Reads every archived 200 HTML response from the WARC files, extracts it again and
    updates the documents whose text or fields changed (and re-indexes them for search);
    pages that are now articles get a document. Each portal's learned template applies.
    """
    moment = parse_since(since) if since is not None else None
    config = config_for(data_dir)
    report = reextract(
        config, open_database(config), host=portal, since=moment, workers=workers, pending=pending
    )
    if as_json:
        render.print_json({"extractor_version": EXTRACTOR_VERSION, **report.to_json()})
        return
    render.console.print(
        f"{report.examined} captures examined (extractor {EXTRACTOR_VERSION}): "
        f"{report.changed} documents changed, {report.created} created, "
        f"{report.linked} linked to an existing document, {report.unchanged} unchanged, "
        f"{report.not_article} not articles, {report.failed} failures"
    )
    for failure in report.failures:
        render.console.print(f"  failed: {render.escape(failure)}")
