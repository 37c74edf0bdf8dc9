"""Whether a crawl of the hostile portal did, for one fault, what a correct crawler does.

The judge reads the sandbox's request log, the job's errors by kind, and what the archive
shows of a URL: ``look(url)`` is ``vnarchive show URL --json`` as a dict (``None`` when there
is no capture; ``text`` is the extracted text, when a document was made).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from sandbox.hostile.faults import Fault

Look = Callable[[str], "dict[str, Any] | None"]


def verdict(
    fault: Fault,
    hits: Mapping[str, int],
    log: Sequence[Mapping[str, Any]],
    errors: Mapping[str, int],
    look: Look,
    limits: bool = True,
) -> str | None:
    """``None`` when the outcome is the expected one, else what went wrong, in words.
    ``limits``: hold bounded faults to their limits (which assume ``faults.BOUNDS``)."""
    count = hits.get(fault.id, 0)
    if limits and fault.limit is not None and count > fault.limit:
        return f"{count} requests, limit {fault.limit}"
    if fault.outcome == "not_requested":
        escaped = [r["url"] for r in log if r.get("fault") == fault.id and r["foreign"]]
        return f"requested {escaped[:3]}" if escaped else None
    if fault.outcome == "bounded":
        return None  # the limit, checked above
    if fault.outcome == "disallowed":
        hosts = {urlsplit(url).hostname for url in fault.urls}
        asked = sorted({r["path"] for r in log if r["host"] in hosts} - {"/robots.txt"})
        return f"fetched {asked[:3]} on a disallowed host" if asked else None
    if fault.outcome in ("archived", "archived_raw"):
        for url in dict.fromkeys(fault.urls + fault.reads):
            shown = look(url)
            if shown is None:
                return f"not archived: {url}"
            if url not in (fault.reads or fault.urls):
                continue  # an entry point (a sitemap) archived as it was sent
            if fault.outcome == "archived" and fault.marker is not None:
                if fault.marker not in (shown.get("text") or ""):
                    return f"archived, but its text is not read: {url}"
        return None
    if fault.outcome == "error":
        if not errors:
            return "no error recorded"
        for url in fault.urls:  # no document made of it as if nothing were wrong
            shown = look(url)
            if shown is not None and shown.get("status", 0) < 400 and shown.get("text"):
                return f"read as a good page: {url}"
        return None
    raise ValueError(f"unknown outcome {fault.outcome!r}")
