"""``vnarchive show``: what the archive holds for a URL, at a moment."""

from __future__ import annotations

import sys

import click
from sqlalchemy.orm import Session

from archive.catalog.labels import UnitLabels, labels_for_host
from archive.config import ArchiveConfig
from archive.db.engine import open_database
from archive.documents.syndication import Publisher, publishers, publishers_json
from archive.errors import InputError
from archive.query.officials import (
    FileView,
    OfficialView,
    file_view,
    official_of_capture,
    official_view,
)
from archive.query.snapshots import Snapshot, captures_of, find_snapshot, payload_chunks
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
        "kind": (d.kind or "article") if d else None,
        "text": d.text if d else None,
    }


def official_json(
    file: FileView | None, official: OfficialView | None, captures: list[str]
) -> dict[str, object]:
    """Keys ``show`` adds for a file or a page carrying an official document."""
    return {
        "file": file.to_json() if file else None,
        "official": official.to_json() if official else None,
        "timeline": captures,
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
        file = file_view(session, snap.capture.id)
        official_id = official_of_capture(session, snap.capture.id)
        official = official_view(session, official_id) if official_id else None
        timeline = [render.iso(c.captured_at) or "" for c in captures_of(session, url)]
        doc = snap.document
        story = publishers(session, [doc.id]).get(doc.id, []) if doc is not None else []
        if as_json:
            render.print_json(
                snapshot_json(snap)
                | unit_json(units)
                | official_json(file, official, timeline)
                | publishers_json(story, snap.capture.host)
            )
            return
        print_snapshot(snap, units, file)
        print_publishers(story, snap.capture.host)
        if official is not None:
            print_official(official)
        if file is not None or official is not None:
            print_timeline(timeline)


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


def print_publishers(story: list[Publisher], host: str) -> None:
    line = render.also_line(story, host)
    if line is not None:
        first = "; this portal published it first" if story[0].host == host else ""
        render.console.print(f"\n{render.escape(line + first)}", style="dim")


def print_official(view: OfficialView) -> None:
    o = view.official
    render.console.print("\n[bold]official document[/bold]")
    fields = (
        ("type", o.doc_type),
        ("number", o.number),
        ("issuer", o.issuer),
        ("issued", o.issued_date.strftime("%d/%m/%Y") if o.issued_date else None),
        ("place", o.place),
        ("subject", o.subject),
        ("signer", " · ".join(x for x in (o.signer_title, o.signer) if x) or None),
        ("effective", o.effective_date.strftime("%d/%m/%Y") if o.effective_date else None),
        ("replaces", ", ".join(o.replaces) or None),
        ("amends", ", ".join(o.amends) or None),
        ("fields from", o.source),
    )
    for name, value in fields:
        if value:
            render.console.print(f"  {name}: {render.escape(str(value))}")
    for c in view.carriers:
        render.console.print(
            f"  {c.role:8} {render.local_time(c.captured_at)}  {render.escape(c.url)}",
            style="dim",
        )


def print_timeline(timeline: list[str]) -> None:
    render.console.print(f"\n{len(timeline)} capture(s) of this URL:", style="dim")
    for moment in timeline:
        render.console.print(f"  {moment}", style="dim")


def print_snapshot(
    snap: Snapshot, units: UnitLabels | None = None, file: FileView | None = None
) -> None:
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
    if file is not None:
        pages = f" · {file.pages} page(s)" if file.pages else ""
        ocr = " · needs OCR (vnarchive reextract --ocr)" if file.needs_ocr else ""
        ocr = ocr or (" · read by OCR" if file.ocr_used else "")
        render.console.print(
            render.escape(f"file {file.name or '-'} · {file.format}{pages}{ocr}"), style="dim"
        )
        if file.reason:
            render.console.print(render.escape(f"not read in full: {file.reason}"))
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
