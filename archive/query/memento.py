"""Memento (RFC 7089): TimeMaps in link format, TimeGate look-ups, the headers of a Memento.

Names, as the RFC uses them: URI-R the original resource (an archived URL), URI-M a Memento
(``/web/<14-digit timestamp>/<URI-R>``), URI-G the TimeGate (``/timegate/<URI-R>``), URI-T
the TimeMap (``/timemap/link/<URI-R>``). Datetimes are HTTP dates (RFC 7231, GMT).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime

from archive.db.models import Capture
from archive.errors import InputError
from archive.timeutil import to_timestamp14

LINK_FORMAT = "application/link-format"


def http_date(moment: datetime) -> str:
    """``Tue, 27 Feb 2024 02:00:00 GMT``."""
    return format_datetime(moment.astimezone(UTC).replace(microsecond=0), usegmt=True)


def parse_http_date(value: str) -> datetime:
    """An ``Accept-Datetime`` value; ``InputError`` (HTTP 400) when it is not an HTTP date."""
    try:
        moment = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        moment = None
    if moment is None or moment.tzinfo is None:
        raise InputError(
            f"Accept-Datetime {value!r} is not an HTTP date such as "
            "'Tue, 27 Feb 2024 02:00:00 GMT' (RFC 7089)"
        )
    return moment.astimezone(UTC)


@dataclass(frozen=True)
class Routes:
    """Where the app serves Mementos, TimeGates and TimeMaps (absolute, or from its root)."""

    base: str = ""

    def memento(self, capture: Capture) -> str:
        return f"{self.base}/web/{to_timestamp14(capture.captured_at)}/{capture.url}"

    def timegate(self, url: str) -> str:
        return f"{self.base}/timegate/{url}"

    def timemap(self, url: str) -> str:
        return f"{self.base}/timemap/link/{url}"


def _memento_link(routes: Routes, capture: Capture, rel: str) -> str:
    return f'<{routes.memento(capture)}>; rel="{rel}"; datetime="{http_date(capture.captured_at)}"'


def timemap_lines(
    url: str, captures: Iterable[Capture], routes: Routes, *, first: Capture, last: Capture
) -> Iterator[str]:
    """The TimeMap of ``url``: its original, itself, its TimeGate, then every Memento in time
    order (``first`` and ``last`` marked as such), one link a line, streamed."""
    yield f'<{url}>; rel="original",\n'
    yield (
        f'<{routes.timemap(url)}>; rel="self"; type="{LINK_FORMAT}"; '
        f'from="{http_date(first.captured_at)}"; until="{http_date(last.captured_at)}",\n'
    )
    yield f'<{routes.timegate(url)}>; rel="timegate"'
    for capture in captures:
        rel = "memento"
        if capture.id == first.id:
            rel = "first memento" if first.id != last.id else "first last memento"
        elif capture.id == last.id:
            rel = "last memento"
        yield ",\n" + _memento_link(routes, capture, rel)
    yield "\n"


def memento_links(
    url: str,
    routes: Routes,
    *,
    first: Capture,
    last: Capture,
    previous: Capture | None = None,
    following: Capture | None = None,
) -> str:
    """The ``Link`` header of a Memento (and of a TimeGate's redirect)."""
    links = [
        f'<{url}>; rel="original"',
        f'<{routes.timegate(url)}>; rel="timegate"',
        f'<{routes.timemap(url)}>; rel="timemap"; type="{LINK_FORMAT}"',
        _memento_link(routes, first, "first memento"),
    ]
    if previous is not None:
        links.append(_memento_link(routes, previous, "prev memento"))
    if following is not None:
        links.append(_memento_link(routes, following, "next memento"))
    links.append(_memento_link(routes, last, "last memento"))
    return ", ".join(links)
