"""How results look in a terminal: rich tables, local (Asia/Ho_Chi_Minh) times."""

from __future__ import annotations

import json
import re
import sys
from datetime import datetime
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from archive.timeutil import to_local

console = Console(highlight=False, soft_wrap=True)


def local_time(dt: datetime | None, fmt: str = "%d/%m/%Y %H:%M") -> str:
    local = to_local(dt)
    return local.strftime(fmt) if local else "-"


def iso(dt: datetime | None) -> str | None:
    local = to_local(dt)
    return local.isoformat() if local else None


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def human_bytes(n: int) -> str:
    size = float(n)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} B"  # pragma: no cover


def crawl_summary(result: Any) -> None:
    table = Table(title=f"Crawl job {result.job_id}: {result.status}", show_header=False)
    table.add_column("what", style="bold")
    table.add_column("value", justify="right")
    table.add_row("pages", f"{result.pages} ({result.unchanged} unchanged since last crawl)")
    table.add_row("skipped (sitemap says unchanged)", str(result.skipped_unchanged))
    table.add_row("articles", str(result.articles))
    table.add_row("new documents", str(result.new_documents))
    table.add_row("WARC bytes", f"{result.warc_bytes:,} ({human_bytes(result.warc_bytes)})")
    if result.errors:
        for kind, count in result.errors.items():
            table.add_row(f"errors: {escape(kind)}", str(count))
    else:
        table.add_row("errors", "0")
    table.add_row("not fetched: robots.txt", str(result.robots_disallowed))
    for what, count in getattr(result, "held_back", {}).items():
        table.add_row(escape(what), f"{count:,}")
    table.add_row("duration", f"{result.duration:.1f} s")
    console.print(table)
    if getattr(result, "reason", None):
        console.print(f"{result.status}: {escape(result.reason)}")
    if result.log_file:
        console.print(f"log: {escape(str(result.log_file))}")


def marked(snippet: str, indent: str = "   ") -> Text:
    """A search snippet with its [[match]] marks turned into highlighting."""
    out = Text(indent)
    for i, part in enumerate(re.split(r"\[\[|\]\]", snippet)):
        out.append(part, style="bold yellow" if i % 2 else None)
    return out
