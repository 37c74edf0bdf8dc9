"""``vnarchive search``: full-text search, with or without diacritics."""

from __future__ import annotations

import click

from archive.db import open_database
from archive.search import search
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
@json_option
@data_dir_option
def search_cmd(query: str, limit: int, as_json: bool, data_dir: str | None) -> None:
    """Search archived articles for QUERY (diacritics optional: "dang bo" finds "Đảng bộ")."""
    sessions = open_database(config_for(data_dir))
    with sessions() as session:
        hits = search(session, query, limit=limit)
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
        render.console.print(render.marked(hit.snippet), "\n")
