"""``vnarchive cdx``: a pywb-compatible CDXJ index of the archive."""

from __future__ import annotations

import sys

import click

from archive.db.engine import open_database
from archive.query.cdx import captures_for, cdxj_lines
from vnarchive.options import HOST, ROW_ID, config_for, data_dir_option


@click.group()
def cdx() -> None:
    """CDXJ indexes (SURT keys, as pywb and cdxj-indexer write them)."""


@cdx.command("export")
@click.option("--portal", metavar="HOST", type=HOST, help="Only this portal's captures.")
@click.option("--job", "job_id", type=ROW_ID, help="Only this crawl job's.")
@click.option(
    "-o",
    "--output",
    type=click.File("w", encoding="utf-8"),
    default="-",
    help="Write here instead of stdout.",
)
@data_dir_option
def export_cdx(
    portal: str | None, job_id: int | None, output: click.utils.LazyFile, data_dir: str | None
) -> None:
    """Write the CDXJ index of the archive's captures, sorted for pywb."""
    sessions = open_database(config_for(data_dir))
    with sessions() as session:
        for line in cdxj_lines(captures_for(session, host=portal, job_id=job_id)):
            output.write(line + "\n")
    if output is not sys.stdout:
        output.close()
