"""``vnarchive show``: what the archive holds for a URL, at a moment."""

from __future__ import annotations

import sys

import click
from sqlalchemy.orm import Session

from archive.catalog.labels import UnitLabels, labels_for_host
from archive.config import ArchiveConfig
from archive.db.engine import open_database
from archive.errors import InputError
from archive.query.snapshots import Snapshot, find_snapshot, payload_chunks
from archive.timeutil import parse_timestamp14, to_timestamp14
from vnarchive import render
from vnarchive.options import config_for, data_dir_option, json_option


def snapshot_json(snap: Snapshot) -> dict[str, object]:
    c, d = snap.capture, snap.document
    return {
        "url": c.url,
        "timestamp": to_timestamp14(c.captured_at),
        "captured_at": render.iso(c.captured_at),
        "status": c.status,
        "mime": c.mime,
        "record_type": c.record_type,
        "redirect_to": c.redirect_to,
        "warc": {"filename": c.warc_filename, "offset": c.warc_offset, "length": c.warc_length},
        "captures": snap.count,
        "title": d.title if d else None,
        "date": render.iso(d.published_at) if d else None,
        "author": d.author if d else None,
        "category": d.category if d else None,
        "text": d.text if d else None,
    }


@click.command()
@click.argument("url")
@click.option(
    "--at",
    "at",
    metavar="YYYYMMDDhhmmss",
    help="UTC timestamp (4 to 14 digits); the nearest capture is shown. Default: the latest.",
)
@click.option(
    "--raw",
    is_flag=True,
    help="Write the archived body exactly as served (content-decoded) to stdout; a redirect's "
    "target is named on stderr.",
)
@json_option
@data_dir_option
def show(url: str, at: str | None, raw: bool, as_json: bool, data_dir: str | None) -> None:
    """Show the archived text of URL from the capture nearest to --at."""
    moment = parse_timestamp14(at) if at else None
    config = config_for(data_dir)
    sessions = open_database(config)
    with sessions() as session:
        snap = find_snapshot(session, url, moment)
        if raw:
            _write_raw(config, session, snap)
            if snap.capture.redirect_to:  # the body ("Object moved") rarely says where
                click.echo(f"vnarchive: {redirect_line(snap)}", err=True)
            return
        units = labels_for_host(session, snap.capture.host) or UnitLabels()
        if as_json:
            render.print_json(snapshot_json(snap) | unit_json(units))
            return
        print_snapshot(snap, units)


TEXT_TYPES = ("text/", "application/json", "application/xml", "application/xhtml+xml")


def _write_raw(config: ArchiveConfig, session: Session, snap: Snapshot) -> None:
    """The archived body to stdout, streamed; binary bodies only to a file or a pipe."""
    mime = snap.capture.mime or ""
    if sys.stdout.isatty() and not mime.startswith(TEXT_TYPES):
        raise InputError(
            f"the archived body is {mime or 'of unknown type'}, not text: redirect it to a "
            "file (vnarchive show URL --raw > body)"
        )
    out = sys.stdout.buffer
    for chunk in payload_chunks(config, session, snap.capture):
        out.write(chunk)
    out.flush()


def redirect_line(snap: Snapshot) -> str:
    c = snap.capture
    return f"HTTP {c.status}: redirects to {c.redirect_to} (vnarchive show {c.redirect_to})"


def unit_json(units: UnitLabels) -> dict[str, object]:
    """The portal's units, before 2025 and now (keys added to the snapshot's JSON)."""
    return units.as_dict() | {"unit": units.describe() or None}


def print_snapshot(snap: Snapshot, units: UnitLabels | None = None) -> None:
    c, d = snap.capture, snap.document
    header = (
        f"{c.url}\ncaptured {render.local_time(c.captured_at)} (Asia/Ho_Chi_Minh) · "
        f"HTTP {c.status} · {c.mime or '-'} · {to_timestamp14(c.captured_at)} · "
        f"{snap.count} capture(s) of this URL"
    )
    render.console.print(render.escape(header), style="dim")
    if c.redirect_to:
        render.console.print(render.escape(redirect_line(snap)))
    if units is not None and units.describe():
        render.console.print(render.escape(units.describe()), style="dim")
    if d is None:
        render.console.print(
            "no article text was extracted from this capture; use --raw for the archived body"
        )
        return
    render.console.print(f"\n[bold]{render.escape(d.title or '(untitled)')}[/bold]")
    meta = " · ".join(
        x
        for x in (
            render.local_time(d.published_at) if d.published_at else "",
            d.author or "",
            d.category or "",
        )
        if x
    )
    if meta:
        render.console.print(render.escape(meta))
    render.console.print()
    render.console.print(render.escape(d.text))
