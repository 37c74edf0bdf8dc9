"""How results look in a terminal: rich tables, local (Asia/Ho_Chi_Minh) times."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from archive.timeutil import to_local

if TYPE_CHECKING:
    from archive.documents.syndication import Publisher

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
    if getattr(result, "files_read", 0) or getattr(result, "notices", 0):
        table.add_row("notices (pages announcing a document)", str(result.notices))
        ocr = f" ({result.files_need_ocr} need OCR)" if result.files_need_ocr else ""
        table.add_row("document files read", f"{result.files_read}{ocr}")
        table.add_row("official documents", str(result.official_documents))
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


# -- tables that fit the terminal ------------------------------------------------------------
@dataclass(frozen=True)
class Column:
    """A column of a listing. ``key`` columns (ids, hosts) are never dropped, wrapped or cut;
    ``wrap`` columns (free text) wrap at spaces, and get at least ``least`` characters; the
    others stay on one line. When the table does not fit the terminal, columns are dropped by
    ``drop``, highest first (0: never); a dropped ``below`` column (a reason, say) is printed
    under its row instead, wrapped in the row's widest column."""

    name: str
    key: bool = False
    wrap: bool = False
    least: int = 0
    drop: int = 0
    below: bool = False
    justify: Literal["left", "right"] = "left"


GAP = 3  # between two columns: a padding, the separator, a padding


def fitted_table(
    columns: Sequence[Column], rows: Sequence[Sequence[str]], width: int | None = None
) -> tuple[Table, int]:
    """The table with as many columns as fit in ``width`` (the terminal's), and its width
    (more than ``width`` only when its key columns alone are wider)."""
    width = width or console.width
    texts = [[Text.from_markup(cell) for cell in row] for row in rows]
    natural = [max([len(c.name)] + [r[i].cell_len for r in texts]) for i, c in enumerate(columns)]
    least = [_least(c, natural[i], [r[i] for r in texts]) for i, c in enumerate(columns)]
    shown = list(range(len(columns)))
    while True:
        needed = sum(least[i] for i in shown) + GAP * (len(shown) - 1)
        droppable = [i for i in shown if columns[i].drop]
        if needed <= width or not droppable:
            break
        shown.remove(max(droppable, key=lambda i: columns[i].drop))
    widths = {i: least[i] for i in shown}
    spare = max(width, needed) - needed
    for i in shown:  # wrapped columns take what is left, in order, up to their natural width
        if columns[i].wrap:
            more = min(spare, natural[i] - widths[i])
            widths[i], spare = widths[i] + more, spare - more
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for i in shown:
        col = columns[i]
        table.add_column(
            col.name, justify=col.justify, width=widths[i], no_wrap=not col.wrap, overflow="fold"
        )
    below = [i for i, c in enumerate(columns) if c.below and i not in shown]
    widest = shown.index(max(shown, key=lambda i: widths[i]))
    for row in rows:
        table.add_row(*[row[i] for i in shown])
        for i in below:
            if row[i]:
                table.add_row(*_under(row[i], widest, len(shown)))
    return table, sum(widths.values()) + GAP * (len(shown) - 1)


def _under(cell: str, at: int, count: int) -> list[str | Text]:
    """A row that holds only ``cell``, wrapped, in column ``at``."""
    note = Text.from_markup(f"↳ {cell}", style="dim")
    note.no_wrap = False
    return ["" if i != at else note for i in range(count)]


def _least(column: Column, natural: int, cells: list[Text]) -> int:
    """The fewest characters a column can have: all of it unless it wraps; a wrapping one
    its ``least`` (or its longest word)."""
    if not column.wrap:
        return natural
    words = max([len(column.name)] + [len(w) for t in cells for w in t.plain.split()])
    return min(natural, max(words, column.least))


def print_fitted(columns: Sequence[Column], rows: Sequence[Sequence[str]]) -> None:
    """Print a listing that fits the terminal: fewer columns, wrapped text, never a cut id."""
    table, needed = fitted_table(columns, rows)
    if needed <= console.width:
        console.print(table)
        return
    saved = console.width
    console.width = needed  # the keys alone are wider than the terminal: let it wrap lines
    try:
        console.print(table)
    finally:
        console.width = saved


def also_line(story: list[Publisher], host: str) -> str | None:
    """``also published by a (origin, 01/03/2024), b (02/03/2024)``, or None when alone."""
    others = [p for p in story if p.host != host]
    if not others:
        return None
    names = []
    for p in others:
        origin = "origin, " if p is story[0] else ""
        names.append(f"{p.host} ({origin}{local_time(p.date, '%d/%m/%Y')})")
    return "also published by " + ", ".join(names)
