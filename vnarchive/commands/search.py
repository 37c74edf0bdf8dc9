"""``vnarchive search``: full-text search, with or without diacritics."""

from __future__ import annotations

import click

from archive.catalog.labels import UnitLabels, labels_for_host
from archive.catalog.models import LEVELS
from archive.db.engine import open_database
from archive.search.fts5 import search
from vnarchive import render
from vnarchive.options import config_for, data_dir_option, json_option


@click.command("search")
@click.argument("query")
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=20,
    show_default=True,
    help="Hits to show at most.",
)
@click.option("--province", help='Only portals of this province, old or new ("Hải Dương").')
@click.option("--level", type=click.Choice(LEVELS), help="Only portals of this level.")
@json_option
@data_dir_option
def search_cmd(
    query: str,
    limit: int,
    province: str | None,
    level: str | None,
    as_json: bool,
    data_dir: str | None,
) -> None:
    """Search archived articles for QUERY (diacritics optional: "dang bo" finds "Đảng bộ")."""
    sessions = open_database(config_for(data_dir))
    with sessions() as session:
        hits = search(session, query, limit=limit, province=province, level=level)
        units = {h.host: labels_for_host(session, h.host) or UnitLabels() for h in hits}
    if as_json:
        render.print_json(
            [
                {
                    "portal": h.host,
                    "date": render.iso(h.published_at),
                    "title": h.title,
                    "url": h.url,
                    "snippet": h.snippet,
                    "score": round(h.score, 6),
                    **units[h.host].as_dict(),
                    "unit": units[h.host].describe() or None,
                }
                for h in hits
            ]
        )
        return
    if not hits:
        render.console.print(f"no documents match {render.escape(query)!r}")
        return
    for rank, hit in enumerate(hits, 1):
        render.console.print(
            f"[bold]{rank}. {render.escape(hit.title or '(untitled)')}[/bold]\n"
            f"   {hit.host} · {render.local_time(hit.published_at)} · "
            f"[link={hit.url}]{render.escape(hit.url)}[/link]"
        )
        if units[hit.host].describe():
            render.console.print(f"   {render.escape(units[hit.host].describe())}", style="dim")
        render.console.print(render.marked(hit.snippet), "\n")
