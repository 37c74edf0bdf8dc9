"""``vnarchive demo``: the whole path on the embedded default, against the sandbox."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import sys
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

import click

from vnarchive import render
from vnarchive.options import config_for

if TYPE_CHECKING:
    from sandbox import Sandbox


def unaccented(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def program() -> str:
    """How to call vnarchive from here: plain when on PATH, else the venv's script."""
    if shutil.which("vnarchive"):
        return "vnarchive"
    script = Path(sys.executable).parent / "vnarchive"
    if script.exists():
        return shlex.quote(os.path.relpath(script))
    return "python -m vnarchive"


DEMO_REPOSTS = 0.2


def next_steps(sandbox: Sandbox, data_dir: str) -> list[str]:
    article = sandbox.ground_truth()[0]
    words = re.findall(r"\w+", unaccented(article["title"]).lower())[-6:-2]
    phrase = '"' + " ".join(words) + '"'  # searched as a phrase, typed without diacritics
    flag = f"--data-dir {shlex.quote(data_dir)}"
    prog = program()
    steps = [
        f"{prog} search {shlex.quote(phrase)} {flag}",
        f"{prog} show {article['url']} {flag}",
        f"{prog} show {article['url']} --raw {flag} | head -n 20",
    ]
    decisions = [d for d in sandbox.documents_truth() if d["format"] == "pdf"]
    if decisions:  # an official document: listed, found by its number typed plainly, shown
        decision = decisions[0]
        typed = unaccented(decision["number"])
        steps += [
            f"{prog} documents --portal {decision['host']} {flag}",
            f"{prog} search {shlex.quote(typed)} {flag}",
            f"{prog} show {decision['url']} {flag}",
        ]
    truth = sandbox.ground_truth()
    reposts = [a for a in truth if a.get("source") and a["variant"] in ("extend", "trim", "name")]
    if reposts:  # a provincial article reposted by a district or commune, lightly changed
        repost = reposts[0]
        story = re.findall(r"\w+", unaccented(repost["title"]).lower())[:5]
        steps.append(f"{prog} show {repost['url']} {flag}    # also published by …")
        steps.append(f"{prog} search {shlex.quote(' '.join(story))} --collapse {flag}")
    steps.append(f"{prog} web {flag}    # then open http://127.0.0.1:8080/")
    return steps


@click.command()
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False),
    default="data/demo",
    show_default=True,
    help="Archive folder for the demo.",
)
@click.option(
    "--pages-per-portal",
    type=click.IntRange(min=1, max=5000),
    default=12,
    show_default=True,
    help="Articles per sandbox portal.",
)
def demo(data_dir: str, pages_per_portal: int) -> None:
    """Start the sandbox portals, crawl every one of them, and show what to try next."""
    from crawler.run import run_crawl
    from sandbox import Sandbox, SandboxServer

    # a fifth of the district and commune articles repost a provincial one (syndication)
    sandbox = Sandbox(seed=1, pages_per_portal=pages_per_portal, reposts=DEMO_REPOSTS)
    config = config_for(data_dir)
    with SandboxServer(sandbox) as server:
        urls = sandbox.portal_urls()
        render.console.print(f"Sandbox: {len(urls)} portals behind proxy {server.proxy_url}")
        render.console.print(f"Crawling them into {config.data_dir} …")
        result = run_crawl(urls, config, proxy=server.proxy_url, delay=0)
    render.crawl_summary(result)
    render.console.print("\nTry next:")
    for command in next_steps(sandbox, data_dir):
        render.console.print(f"  {render.escape(command)}")
    if result.status != "succeeded":
        raise SystemExit(1)
