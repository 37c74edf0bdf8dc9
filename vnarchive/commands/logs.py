"""``vnarchive logs JOB``: the log of a crawl job, filtered, or followed while it runs."""

from __future__ import annotations

import sys

import click

from archive.db.engine import open_database
from scheduler.logs import LEVELS, filtered, follow_lines, job_done, job_log, read_lines
from vnarchive.options import ROW_ID, config_for, data_dir_option


@click.command("logs")
@click.argument("job_id", metavar="JOB", type=ROW_ID)
@click.option("--follow", "-f", is_flag=True, help="Keep printing new lines until the job ends.")
@click.option(
    "--level",
    type=click.Choice(list(LEVELS), case_sensitive=False),
    help="Only records at this level or above.",
)
@click.option("--grep", metavar="TEXT", help="Only lines containing TEXT (case-insensitive).")
@data_dir_option
def logs_cmd(
    job_id: int, follow: bool, level: str | None, grep: str | None, data_dir: str | None
) -> None:
    """Print the log of crawl job JOB (data/logs/job-<JOB>.log)."""
    config = config_for(data_dir)
    sessions = open_database(config)
    path = job_log(config, sessions, job_id)
    lines = follow_lines(path, job_done(sessions, job_id)) if follow else read_lines(path)
    for line in filtered(lines, level, grep):
        sys.stdout.write(line)
        if follow:
            sys.stdout.flush()
