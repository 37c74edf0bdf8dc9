"""How values read on a page: local times day first, timestamps, sizes, snippets."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from urllib.parse import quote

from markupsafe import Markup, escape

from archive.timeutil import to_local, to_timestamp14


def local_time(dt: datetime | None, seconds: bool = False) -> str:
    """``27/02/2024 09:00`` in Asia/Ho_Chi_Minh."""
    local = to_local(dt)
    if local is None:
        return "-"
    return local.strftime("%d/%m/%Y %H:%M:%S" if seconds else "%d/%m/%Y %H:%M")


def local_date(dt: datetime | None) -> str:
    local = to_local(dt)
    return local.strftime("%d/%m/%Y") if local else "-"


def iso(dt: datetime | None) -> str | None:
    """The JSON form of a time, as the CLI writes it (ISO 8601, local offset)."""
    local = to_local(dt)
    return local.isoformat() if local else None


def stamp(dt: datetime) -> str:
    return to_timestamp14(dt)


def human_bytes(n: int | None) -> str:
    if n is None:
        return "-"
    size = float(n)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} B"  # pragma: no cover


def marked(snippet: str) -> Markup:
    """A snippet with its [[matches]] as <mark>, everything else escaped."""
    parts = re.split(r"\[\[|\]\]", snippet)
    out = [
        str(escape(p)) if i % 2 == 0 else f"<mark>{escape(p)}</mark>" for i, p in enumerate(parts)
    ]
    return Markup("".join(out))


URL_SAFE = ":/?&=%#;,+@!$~*()[]'"


def ascii_url(url: str) -> str:
    """``url`` with anything outside printable ASCII percent-encoded (as UTF-8)."""
    return quote(url, safe=URL_SAFE)


def web_path(timestamp: str, url: str, modifier: str = "") -> str:
    """``/web/20240227020000/http://host/page``: a capture's citation path."""
    return f"/web/{timestamp}{modifier}/{ascii_url(url)}"


def day(value: str | None) -> str:
    """An ISO date (``2024-02-14``) as Vietnamese write it: ``14/02/2024``."""
    if not value:
        return ""
    year, month, dd = value[:10].split("-")
    return f"{dd}/{month}/{year}"


FILTERS: dict[str, Any] = {
    "day": day,
    "local_time": local_time,
    "local_date": local_date,
    "stamp": stamp,
    "human_bytes": human_bytes,
    "marked": marked,
}
