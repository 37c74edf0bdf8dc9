"""``vnarchive export``: packages of the archive for other tools."""

from __future__ import annotations

from pathlib import Path

import click

from archive.db.engine import open_database
from archive.errors import InputError
from archive.query.cdx import captures_for
from archive.query.export import export_wacz
from vnarchive import render
from vnarchive.options import HOST, ROW_ID, config_for, data_dir_option


@click.group()
def export() -> None:
    """Export captures for other web-archive tools."""


@export.command("wacz")
@click.option("--portal", metavar="HOST", type=HOST, help="Every capture of this portal.")
@click.option("--job", "job_id", type=ROW_ID, help="Every capture of this job.")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    help="The .wacz file to write.",
)
@data_dir_option
def export_wacz_cmd(
    portal: str | None, job_id: int | None, output: str, data_dir: str | None
) -> None:
    """Write a WACZ package (WARC records, CDXJ index, pages) of a portal or a job."""
    if (portal is None) == (job_id is None):
        raise InputError("give exactly one of --portal HOST or --job N")
    config = config_for(data_dir)
    sessions = open_database(config)
    title = f"vnarchive: {portal}" if portal else f"vnarchive: crawl job {job_id}"
    with sessions() as session:
        captures = list(captures_for(session, host=portal, job_id=job_id))
        count = export_wacz(config, session, captures, Path(output), title)
    render.console.print(f"wrote {output}: {count} records")
