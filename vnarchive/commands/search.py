"""``vnarchive search``: full-text search, with or without diacritics."""

from __future__ import annotations

import click

from archive.catalog.labels import UnitLabels, labels_for_host
from archive.catalog.models import LEVELS
from archive.db.engine import open_database
from archive.documents.syndication import Publisher, publishers, publishers_json
from archive.search import Filters, SearchPage, search
from archive.search.dates import parse_day
from archive.search.index import SORTS
from vnarchive import render
from vnarchive.options import HOST, config_for, data_dir_option, json_option

QUERY_HELP = """Search archived articles, notices and official documents for QUERY.

\b
Diacritics are optional: "dang bo" finds "Đảng bộ"; words typed with diacritics
find their exact form first ("đảng" before "đăng"; --exact-diacritics: only it).
Every word must match;
  "a phrase"   in double quotes matches as a phrase,
  word*        matches words starting with "word",
  a OR b       matches either (OR binds the words beside it),
  -word        excludes documents with the word.
A document number is found however it is typed: 182/QĐ-UBND, 182/QD-UBND or
"182 qd ubnd" (--type, --issuer, --issued-from/--issued-to filter official documents).
Documents whose title matches come first, then those that match in their body, each
the most recently archived first (--sort newest: all newest first). Totals are counted
up to VNARCHIVE_SEARCH_COUNT_LIMIT (10000), "more than" beyond.
"""


@click.command("search", help=QUERY_HELP)
@click.argument("query")
@click.option(
    "--limit",
    type=click.IntRange(min=1, max=1000),
    default=20,
    show_default=True,
    help="Hits to show at most.",
)
@click.option(
    "--offset",
    type=click.IntRange(min=0, max=1_000_000),
    default=0,
    show_default=True,
    help="Hits to skip (the next page: --offset 20).",
)
@click.option("--province", help='Only portals of this province, old or new ("Hải Dương").')
@click.option("--level", type=click.Choice(LEVELS), help="Only portals of this level.")
@click.option("--portal", metavar="HOST", type=HOST, help="Only documents of this portal.")
@click.option(
    "--from",
    "date_from",
    metavar="DATE",
    help="Only documents dated from DATE (DD/MM/YYYY, MM/YYYY or YYYY; local time).",
)
@click.option("--to", "date_to", metavar="DATE", help="Only documents dated until DATE.")
@click.option(
    "--kind",
    type=click.Choice(("article", "notice", "document")),
    help="Only articles, notices (pages announcing an official document) or documents "
    "(the text of a PDF, DOC, DOCX… file).",
)
@click.option(
    "--type",
    "doc_type",
    metavar="TYPE",
    help='Only official documents of this type and their notices ("Quyết định", "quyet '
    'dinh" or "QĐ").',
)
@click.option(
    "--issuer",
    metavar="WORDS",
    help='Only official documents whose issuer has these words ("ubnd kinh mon"; UBND and '
    "HĐND also match their words).",
)
@click.option(
    "--issued-from", metavar="DATE", help="Only official documents issued from DATE (DD/MM/YYYY…)."
)
@click.option("--issued-to", metavar="DATE", help="Only official documents issued until DATE.")
@click.option(
    "--exact-diacritics",
    is_flag=True,
    help='Words typed with diacritics match only as typed ("đảng", not "đăng" or "dang").',
)
@click.option(
    "--sort",
    type=click.Choice(SORTS),
    default="relevance",
    show_default=True,
    help="Title matches first (relevance), or the most recently archived first.",
)
@click.option(
    "--collapse",
    is_flag=True,
    help="One hit per story: near-duplicate texts reposted by several portals show once "
    "(the best ranked), with the portals that also published it.",
)
@json_option
@data_dir_option
def search_cmd(
    query: str,
    limit: int,
    offset: int,
    province: str | None,
    level: str | None,
    portal: str | None,
    date_from: str | None,
    date_to: str | None,
    kind: str | None,
    doc_type: str | None,
    issuer: str | None,
    issued_from: str | None,
    issued_to: str | None,
    exact_diacritics: bool,
    sort: str,
    collapse: bool,
    as_json: bool,
    data_dir: str | None,
) -> None:
    filters = Filters(
        province=province,
        level=level,
        portal=portal,
        kind=kind,
        date_from=parse_day(date_from) if date_from else None,
        date_to=parse_day(date_to, end=True) if date_to else None,
        doctype=doc_type,
        issuer=issuer,
        issued_from=parse_day(issued_from) if issued_from else None,
        issued_to=parse_day(issued_to, end=True) if issued_to else None,
    )
    filters.groups()  # a bad province or date range: one line, before the database
    config = config_for(data_dir)
    sessions = open_database(config)
    with sessions() as session:
        page = search(
            session,
            query,
            limit=limit,
            offset=offset,
            filters=filters,
            sort=sort,
            count_limit=config.search_count_limit,
            exact_diacritics=exact_diacritics,
            collapse=collapse,
        )
        hosts = {h.host for h in page.hits}
        units = {host: labels_for_host(session, host) or UnitLabels() for host in hosts}
        stories = publishers(session, [h.document_id for h in page.hits])
    if as_json:
        render.print_json(
            [_hit_json(h, units[h.host], stories.get(h.document_id, [])) for h in page.hits]
        )
        return
    _print_page(page, units, query, stories)


def _hit_json(h, units: UnitLabels, story: list[Publisher] | None = None) -> dict[str, object]:
    """A hit's keys (``vnarchive search --json``, the web app's hits); ``story``: who
    published it (``origin``, ``also_published_by``)."""
    syndication = publishers_json(story, h.host) if story is not None else {}
    return {
        "portal": h.host,
        "date": render.iso(h.published_at),
        "captured_at": render.iso(h.captured_at),
        "title": h.title,
        "url": h.url,
        "snippet": h.snippet,
        "score": round(h.score, 6),
        "kind": h.kind,
        "number": h.number,
        "doc_type": h.doc_type,
        "issued_date": h.issued_date.isoformat() if h.issued_date else None,
        **units.as_dict(),
        "unit": units.describe() or None,
        **syndication,
    }


def _print_page(
    page: SearchPage,
    units: dict[str, UnitLabels],
    query: str,
    stories: dict[int, list[Publisher]],
) -> None:
    if not page.hits:
        more = f" (of {page.total})" if page.total else ""
        render.console.print(f"no documents match {render.escape(query)!r}{more}")
        return
    if page.total_exact:
        total = f"{page.total}"
    elif page.total_estimated:
        total = f"about {page.total}"
    else:
        total = f"more than {page.total}"
    last = page.offset + len(page.hits)
    render.console.print(f"{total} documents match; {page.offset + 1}–{last}:\n", style="dim")
    for rank, hit in enumerate(page.hits, page.offset + 1):
        what = "" if hit.kind == "article" else f"{hit.kind} · "
        render.console.print(
            f"[bold]{rank}. {render.escape(hit.title or '(untitled)')}[/bold]\n"
            f"   {what}{hit.host} · {render.local_time(hit.published_at)} · "
            f"[link={hit.url}]{render.escape(hit.url)}[/link]"
        )
        if units[hit.host].describe():
            render.console.print(f"   {render.escape(units[hit.host].describe())}", style="dim")
        also = render.also_line(stories.get(hit.document_id, []), hit.host)
        if also:
            render.console.print(f"   {render.escape(also)}", style="dim")
        render.console.print(render.marked(hit.snippet), "\n")
