"""``vnarchive verify``: the archive's rows against its WARC files, or any WARC files."""

from __future__ import annotations

from pathlib import Path

import click

from archive.capture.verify import VerifyReport, verify
from archive.db.engine import open_database
from archive.db.jobs import recover_or_see
from archive.errors import InputError
from archive.warc.validate import FileReport, validate_file
from vnarchive import render
from vnarchive.options import config_for, data_dir_option, json_option


@click.command("verify")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
@click.option(
    "--repair",
    is_flag=True,
    help="Close files a killed crawl left open (dropping a partial last record) and "
    "record complete records that have no row.",
)
@json_option
@data_dir_option
def verify_cmd(files: tuple[str, ...], repair: bool, as_json: bool, data_dir: str | None) -> None:
    """Check every capture against its WARC record and every record against the rows.

    With FILES, check those WARC files (anyone's) against the WARC standard instead.
    Exit code 1 when a problem is left.
    """
    if files:
        reports = [validate_file(_readable(f)) for f in files]
        _print_files(reports, as_json)
        raise SystemExit(0 if all(r.ok for r in reports) else 1)
    config = config_for(data_dir)
    sessions = open_database(config)
    dead, written = recover_or_see(sessions)
    report = verify(config, sessions, repair=repair)
    _print_archive(report, as_json)
    if not as_json:
        verb = "marked interrupted" if written else "is not running"
        for job_id, why in dead.items():
            render.console.print(f"crawl job {job_id} {verb}: {render.escape(why)}")
    raise SystemExit(0 if report.ok else 1)


def _readable(name: str) -> Path:
    path = Path(name)
    if not path.is_file():
        raise InputError(f"cannot read {name}: no such file")
    return path


def _print_files(reports: list[FileReport], as_json: bool) -> None:
    if as_json:
        render.print_json(
            [
                {
                    "file": str(r.path),
                    "format": r.format,
                    "records": r.records,
                    "ok": r.ok,
                    "problems": [p.__dict__ for p in r.problems],
                }
                for r in reports
            ]
        )
        return
    for r in reports:
        verdict = "valid" if r.ok else "INVALID"
        records = f"{r.records} {r.format} records"
        render.console.print(f"{render.escape(str(r.path))}: {verdict}, {records}")
        for problem in r.problems:
            render.console.print(f"  {render.escape(str(problem))}")


def _print_archive(report: VerifyReport, as_json: bool) -> None:
    if as_json:
        render.print_json(
            {
                "ok": report.ok,
                "files": report.files,
                "records": report.records,
                "captures": report.captures,
                "problems": report.problems,
                "repaired": report.repaired,
            }
        )
        return
    render.console.print(
        f"{report.files} WARC files, {report.records} records, {report.captures} capture rows"
    )
    for p in report.problems:
        mark = "repaired" if p["repaired"] else p["kind"]
        message = str(p["message"])
        if p.get("file") and str(p["file"]) not in message:  # which file, when it does not say
            message = f"{p['file']}: {message}"
        render.console.print(f"  {mark}: {render.escape(message)}")
    render.console.print("ok" if report.ok else f"{len(report.problems)} problem(s)")
