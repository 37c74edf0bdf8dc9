"""``vnarchive dedup``: cluster the near-duplicate texts of an archive made before
syndication was recognised (new texts are clustered as they are archived)."""

from __future__ import annotations

import time

import click

from archive.db.engine import open_database
from archive.documents.syndication import cluster_pending, pending
from vnarchive import render
from vnarchive.options import config_for, data_dir_option, json_option


@click.command("dedup")
@click.option(
    "--batch",
    type=click.IntRange(min=1, max=10_000),
    default=200,
    show_default=True,
    help="Documents per transaction: an interrupted run keeps every batch it committed.",
)
@json_option
@data_dir_option
def dedup_cmd(batch: int, as_json: bool, data_dir: str | None) -> None:
    """Cluster every document not clustered yet with its near-duplicates: one story
    reposted by several portals (a changed first line, the commune's name added, an ending
    trimmed) becomes one cluster, whose earliest publisher is its origin (``show`` and
    ``search`` name the others; ``search --collapse`` shows one hit per story).

    \b
    Resumable: documents are taken oldest first, a batch per transaction; run it again
    after an interruption and it goes on where it stopped. Each text costs the same
    whatever the archive's size (an indexed lookup of its LSH bands).
    --json prints {placed, joined, pending, seconds}.
    """
    sessions = open_database(config_for(data_dir))
    with sessions() as session:
        todo = pending(session)
    started = time.monotonic()
    placed = joined = 0
    for placed, joined in cluster_pending(sessions, batch):
        if not as_json:
            render.console.print(f"{placed}/{todo} placed, {joined} joined a story", style="dim")
    seconds = round(time.monotonic() - started, 1)
    with sessions() as session:
        left = pending(session)
    if as_json:
        render.print_json({"placed": placed, "joined": joined, "pending": left, "seconds": seconds})
        return
    render.console.print(
        f"{placed} document(s) placed in {seconds} s; {joined} joined a story told by "
        f"another; {left} left"
    )
