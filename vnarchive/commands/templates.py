"""``vnarchive templates``: the chrome lines learned per portal, shown and re-learned."""

from __future__ import annotations

import click

from archive.db.engine import open_database
from archive.documents import templates
from archive.documents.learn_templates import DEFAULT_PAGES, learn_from_archive
from archive.errors import InputError
from vnarchive import render
from vnarchive.options import HOST, config_for, data_dir_option, json_option, workers_option


@click.group("templates")
def templates_group() -> None:
    """Portal templates: lines that repeat on many pages of one portal, dropped as chrome.

    Every crawl learns the templates of the portals it crawled; extraction (in the next
    crawl, and `vnarchive reextract`) drops their lines from the article text.
    """


@templates_group.command("show")
@click.argument("host", required=False, type=HOST)
@json_option
@data_dir_option
def show_cmd(host: str | None, as_json: bool, data_dir: str | None) -> None:
    """The learned template of HOST (or of every portal) with each line's page count."""
    rows = templates.stored(open_database(config_for(data_dir)), host)
    if host and not rows:
        raise InputError(f"no template learned for {host}")
    if as_json:
        render.print_json(
            [
                {
                    "host": r.host,
                    "learned_at": render.iso(r.learned_at),
                    "job_id": r.job_id,
                    "pages": r.pages,
                    "min_pages": r.min_pages,
                    "lines": r.lines,
                }
                for r in rows
            ]
        )
        return
    if not rows:
        render.console.print("no template learned yet: crawl a portal first")
    for row in rows:
        render.console.print(
            f"[bold]{row.host}[/bold]: {len(row.lines)} line(s) on at least {row.min_pages} "
            f"of {row.pages} article pages, learned {render.local_time(row.learned_at)}"
            + (f" (job {row.job_id})" if row.job_id else "")
        )
        for line in row.lines:
            render.console.print(f"  {line['pages']:>5}  {render.escape(line['text'])}")


@templates_group.command("learn")
@click.option("--portal", metavar="HOST", type=HOST, help="Only this host (default: every portal).")
@click.option(
    "--pages",
    type=click.IntRange(min=1, max=100_000),
    default=DEFAULT_PAGES,
    show_default=True,
    help="Latest archived HTML pages read per portal.",
)
@workers_option
@json_option
@data_dir_option
def learn_cmd(
    portal: str | None, pages: int, workers: int | None, as_json: bool, data_dir: str | None
) -> None:
    """Learn templates again from the pages already archived.

    Run `vnarchive reextract --portal HOST` afterwards to apply them to the archived pages.
    """
    config = config_for(data_dir)
    learned = learn_from_archive(
        config, open_database(config), host=portal, pages=pages, workers=workers
    )
    if as_json:
        render.print_json([t.to_json() for t in learned])
        return
    if not learned:
        render.console.print(
            f"no template learned: a portal needs {templates.MIN_SAMPLE} archived article pages"
        )
    for tpl in learned:
        render.console.print(
            f"{tpl.host}: {len(tpl.lines)} line(s) on at least {tpl.min_pages} "
            f"of {tpl.pages} article pages"
        )
