"""``vnarchive documents``: the official documents the archive holds (decisions, notices…)."""

from __future__ import annotations

import click

from archive.db.engine import open_database
from archive.documents.official import Official
from archive.query.officials import list_officials, official_view
from archive.search.dates import parse_day
from vnarchive import render
from vnarchive.options import HOST, config_for, data_dir_option, json_option

COLUMNS = (
    render.Column("id", key=True, justify="right"),
    render.Column("issued"),
    render.Column("number", key=True),
    render.Column("type", drop=3),
    render.Column("subject", wrap=True, drop=2),
    render.Column("issuer", wrap=True, drop=4),
)


@click.command("documents")
@click.option(
    "--portal",
    metavar="HOST",
    type=HOST,
    help="Only documents archived from this portal (or linked from its pages).",
)
@click.option(
    "--type", "doc_type", metavar="TYPE", help='Only this type ("Quyết định", "quyet dinh", "QĐ").'
)
@click.option(
    "--since", metavar="DATE", help="Only documents issued on or after DATE (DD/MM/YYYY, MM/YYYY…)."
)
@click.option(
    "--limit",
    type=click.IntRange(min=1, max=10_000),
    default=50,
    show_default=True,
    help="Documents to list at most.",
)
@click.option(
    "--offset", type=click.IntRange(min=0, max=1_000_000), default=0, help="Documents to skip."
)
@json_option
@data_dir_option
def documents_cmd(
    portal: str | None,
    doc_type: str | None,
    since: str | None,
    limit: int,
    offset: int,
    as_json: bool,
    data_dir: str | None,
) -> None:
    """List the official documents in the archive, the most recently issued first.

    One entry per document (Quyết định, Công văn, Thông báo, Kế hoạch…), however many
    captures carry it: its file (PDF, DOC, DOCX…), the notice pages that announce it, the
    registry records that list it. Fields read from the file win over what pages say.

    \b
    --json prints a list of objects with: id, number, doc_type, issuer, issued_date,
      place, subject, signer, signer_title, effective_date, replaces, amends,
      source (file, registry or notice: who gave the fields), host (where first seen),
      captures (role: file | notice | registry | links, url, captured_at, capture_id)
    """
    issued_from = parse_day(since) if since else None
    config = config_for(data_dir)
    sessions = open_database(config)
    with sessions() as session:
        found, total = list_officials(
            session,
            portal=portal,
            doc_type=doc_type,
            issued_from=issued_from,
            limit=limit,
            offset=offset,
        )
        if as_json:
            views = [official_view(session, o.id) for o in found]
            render.print_json([v.to_json() for v in views if v is not None])
            return
    if not found:
        render.console.print("no official documents match" + (f" (of {total})" if total else ""))
        return
    render.console.print(
        f"{total} official document(s); {offset + 1}–{offset + len(found)}:", style="dim"
    )
    render.print_fitted(COLUMNS, [_row(o) for o in found])
    render.console.print(
        "vnarchive show URL prints a document's file; vnarchive search NUMBER finds it.",
        style="dim",
    )


def _row(o: Official) -> list[str]:
    return [
        str(o.id),
        o.issued_date.strftime("%d/%m/%Y") if o.issued_date else "-",
        render.escape(o.number or "-"),
        render.escape(o.doc_type or "-"),
        render.escape(o.subject or ""),
        render.escape(o.issuer or ""),
    ]
