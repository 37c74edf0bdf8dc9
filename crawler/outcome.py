"""How a crawl ended, in one word and one reason, from its final stats.

::

    interrupted   Scrapy shut down before the end (SIGTERM, Ctrl-C): the JOBDIR resumes it
    failed        Scrapy stopped on an error, or no portal answered with a page: every seed
                  dead (DNS, refused, TLS, timeout), robots.txt unreachable or denying
                  everything, every answer an HTTP error (the proxy's included)
    succeeded     at least one portal answered with a page; the portals that answered none
                  are named in the reason, and every error is counted in the job

A portal "answered" when the spider parsed one of its pages (a 2xx answer, or a 304 whose
archived copy was parsed), in this run or, for a resumed crawl, in the runs before.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

ANSWERED = "vnarchive/answered/"  # + portal: pages of it the spider parsed
RESUMED = "vnarchive/resumed/"  # + portal: its URLs processed by the runs this one resumes
NORMAL_ENDS = ("finished", "closespider_pagecount")
EXIT_CODES = {"succeeded": 0, "failed": 1, "interrupted": 1}  # bad input: 2 (the CLI's)


@dataclass(frozen=True)
class Outcome:
    status: str
    reason: str | None = None


def answered(stats: dict[str, Any]) -> set[str]:
    """The portals that answered with at least one page."""
    return {
        key.split("/", 2)[2]
        for key, count in stats.items()
        if key.startswith((ANSWERED, RESUMED)) and count
    }


def errors_by_kind(stats: dict[str, Any]) -> dict[str, int]:
    """Failed fetches grouped by kind: HTTP error statuses and exception types."""
    errors: dict[str, int] = {}
    for key, count in stats.items():
        if key.startswith("downloader/response_status_count/"):
            status = int(key.rsplit("/", 1)[1])
            if status >= 400:
                errors[f"http {status}"] = errors.get(f"http {status}", 0) + count
        elif key.startswith("vnarchive/errors/"):
            name = key.removeprefix("vnarchive/errors/")
            errors[name] = errors.get(name, 0) + count
        elif key.startswith("downloader/exception_type_count/"):
            name = key.rsplit("/", 1)[1].rsplit(".", 1)[-1]
            if name != "IgnoreRequest":  # robots.txt refusals: not errors, counted apart
                errors[name] = errors.get(name, 0) + count
    return dict(sorted(errors.items()))


def why_silent(stats: dict[str, Any], errors: dict[str, int], proxy: str | None) -> str:
    """What kept every page out, in words: robots.txt, then the errors by kind."""
    parts = [f"{kind} ×{count}" for kind, count in errors.items()]
    if stats.get("vnarchive/robots/unreachable"):
        parts.insert(0, "robots.txt unreachable")
    elif stats.get("robotstxt/forbidden"):
        parts.insert(0, f"robots.txt disallows them ({stats['robotstxt/forbidden']} refused)")
    via = f" (through the proxy {proxy})" if proxy else ""
    return (", ".join(parts) or "nothing was requested") + via


def judge(
    stats: dict[str, Any],
    portals: Iterable[str],
    errors: dict[str, int],
    proxy: str | None = None,
) -> Outcome:
    """The outcome of a crawl of ``portals`` that ended with ``stats``."""
    end = stats.get("finish_reason")
    if end == "shutdown":
        return Outcome("interrupted", "crawl shut down before it finished")
    if end not in NORMAL_ENDS:
        return Outcome("failed", f"crawl stopped: {end or 'it did not start'}")
    wanted = list(dict.fromkeys(portals))
    spoke = answered(stats)
    silent = [p for p in wanted if p not in spoke]
    if wanted and len(silent) == len(wanted):
        return Outcome("failed", f"no page archived: {why_silent(stats, errors, proxy)}")
    if silent:
        return Outcome("succeeded", f"no page archived of {', '.join(silent)}")
    return Outcome("succeeded")
