"""``vnarchive history`` and ``vnarchive diff``: what a page said through time, and what
changed between two of its versions.

A *version* is a run of consecutive captures of the URL with one extracted text (the page
chrome never counts: it is not in the text); ``history`` lists them with when each was first
and last seen and how many words changed from the one before; ``diff`` compares two of them
word by word (the web app's diff: paragraphs aligned, words compared inside changed ones).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import click
from rich.text import Text
from sqlalchemy.orm import Session

from archive.db.engine import open_database
from archive.db.models import Document
from archive.errors import InputError
from archive.query.diff import Segment, inline, side_by_side
from archive.query.timeline import Version, timeline
from archive.timeutil import parse_timestamp14, to_timestamp14
from vnarchive import render
from vnarchive.options import config_for, data_dir_option, json_option


def _text(session: Session, version: Version) -> Document:
    doc = session.get(Document, version.document_id)
    assert doc is not None
    return doc


def changed_words(old: str, new: str) -> int:
    """Words inserted or deleted from ``old`` to ``new``."""
    return sum(len(s.text.split()) for s in inline(side_by_side(old, new)) if s.op != "equal")


def _versions(session: Session, url: str) -> list[Version]:
    found = timeline(session, url)
    if not found.captures:
        raise InputError(f"{url} was never archived")
    if not found.versions:
        raise InputError(f"no capture of {url} has extracted text (vnarchive show --raw)")
    return found.versions


@click.command("history")
@click.argument("url")
@json_option
@data_dir_option
def history_cmd(url: str, as_json: bool, data_dir: str | None) -> None:
    """List the versions of the text of URL: each distinct text it had, when it was first
    and last seen, its captures, and how many words changed from the version before.

    \b
    --json prints {url, versions: [{version, document_id, first_seen, last_seen,
      first_timestamp, last_timestamp, captures, title, words, changed_words}]}
    """
    sessions = open_database(config_for(data_dir))
    rows: list[dict[str, Any]] = []
    with sessions() as session:
        previous: str | None = None
        for number, version in enumerate(_versions(session, url), 1):
            doc = _text(session, version)
            rows.append(
                {
                    "version": number,
                    "document_id": doc.id,
                    "first_seen": render.iso(version.first.captured_at),
                    "last_seen": render.iso(version.last.captured_at),
                    "first_timestamp": to_timestamp14(version.first.captured_at),
                    "last_timestamp": to_timestamp14(version.last.captured_at),
                    "captures": len(version.captures),
                    "title": doc.title,
                    "words": len(doc.text.split()),
                    "changed_words": None
                    if previous is None
                    else changed_words(previous, doc.text),
                }
            )
            previous = doc.text
    if as_json:
        render.print_json({"url": url, "versions": rows})
        return
    render.console.print(render.escape(f"{url}: {len(rows)} version(s)"), style="dim")
    columns = (
        render.Column("v", key=True, justify="right"),
        render.Column("first seen (ICT)"),
        render.Column("last seen (ICT)", drop=3),
        render.Column("captures", justify="right", drop=4),
        render.Column("words", justify="right", drop=5),
        render.Column("changed", justify="right"),
        render.Column("title", wrap=True, drop=2),
    )
    render.print_fitted(
        columns,
        [
            [
                str(r["version"]),
                _local(r["first_seen"]),
                _local(r["last_seen"]),
                str(r["captures"]),
                str(r["words"]),
                "-" if r["changed_words"] is None else f"{r['changed_words']} words",
                render.escape(r["title"] or ""),
            ]
            for r in rows
        ],
    )
    if len(rows) > 1:
        render.console.print(f"vnarchive diff {url} shows the last change.", style="dim")


def _local(iso: str | None) -> str:
    return render.local_time(datetime.fromisoformat(iso)) if iso else "-"


def _pick(versions: list[Version], stamp: str | None, default: int) -> int:
    """The index of the version in force at ``stamp`` (its last capture at or before it;
    the first version for a moment before any), or ``default``."""
    if stamp is None:
        return default
    moment = parse_timestamp14(stamp)
    chosen = 0
    for i, version in enumerate(versions):
        if version.first.captured_at.replace(microsecond=0) <= moment:  # to the second
            chosen = i
    return chosen


def _segments(segments: list[Segment]) -> list[dict[str, str]]:
    return [{"op": s.op, "text": s.text} for s in segments]


@click.command("diff")
@click.argument("url")
@click.option(
    "--from",
    "from_",
    metavar="YYYYMMDDhhmmss",
    help="The version in force then (default: the one before the last).",
)
@click.option(
    "--to", "to", metavar="YYYYMMDDhhmmss", help="The version in force then (default: the last)."
)
@json_option
@data_dir_option
def diff_cmd(
    url: str, from_: str | None, to: str | None, as_json: bool, data_dir: str | None
) -> None:
    """Show what changed in the text of URL between two of its versions, word by word:
    deleted text [-in brackets-], inserted text {+in braces+} (and in colour on a terminal).

    \b
    --json prints {url, from, to (version, document_id, timestamp), changed,
      changed_words, inline: [{op: equal|insert|delete, text}],
      side_by_side: [{op, left, right}]}
    """
    sessions = open_database(config_for(data_dir))
    with sessions() as session:
        versions = _versions(session, url)
        a = _pick(versions, from_, max(len(versions) - 2, 0))
        b = _pick(versions, to, len(versions) - 1)
        old, new = _text(session, versions[a]).text, _text(session, versions[b]).text
    rows = side_by_side(old, new)
    segments = inline(rows)
    ends = {
        name: {
            "version": i + 1,
            "document_id": versions[i].document_id,
            "timestamp": to_timestamp14(versions[i].first.captured_at),
        }
        for name, i in (("from", a), ("to", b))
    }
    if as_json:
        render.print_json(
            {
                "url": url,
                **ends,
                "changed": any(s.op != "equal" for s in segments),
                "changed_words": changed_words(old, new),
                "inline": _segments(segments),
                "side_by_side": [
                    {"op": r.op, "left": _segments(r.left), "right": _segments(r.right)}
                    for r in rows
                ],
            }
        )
        return
    render.console.print(
        f"{url}: version {a + 1} ({ends['from']['timestamp']}) → version {b + 1} "
        f"({ends['to']['timestamp']})",
        style="dim",
    )
    if a == b or not any(s.op != "equal" for s in segments):
        render.console.print(
            "no change in the text" + (" (one version only)" if len(versions) == 1 else "")
        )
        return
    out = Text()
    for s in segments:
        if s.op == "delete":
            out.append(f"[-{s.text}-]", style="red strike")
        elif s.op == "insert":
            out.append(f"{{+{s.text}+}}", style="green")
        else:
            out.append(s.text)
    render.console.print(out)
