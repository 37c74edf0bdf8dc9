"""Finding portals: hostname candidates from unit names, probed over HTTPS then HTTP.

A candidate that answers is *active*; one that redirects to another host is *moved* (with
its target); one that cannot be reached, or whose gateway fails (5xx), is *failed*.
Probes go through the given proxy only, with a short timeout and bounded concurrency.
"""

from __future__ import annotations

import ssl
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from http.client import HTTPException
from urllib.parse import urljoin, urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.catalog.lookup import province_label, resolve_province
from archive.catalog.models import Portal
from archive.catalog.names import catalog_host, host_label
from archive.catalog.portals import add_portal, mark_seen
from archive.catalog.units import Unit, merged_from, old_units

USER_AGENT = "vnarchive-discover/0.1 (+https://github.com/vnarchive)"


@dataclass(frozen=True)
class Candidate:
    host: str
    level: str
    unit: Unit  # the pre-2025 unit the hostname was made from


@dataclass(frozen=True)
class Probe:
    candidate: Candidate
    result: str  # active, moved or failed
    url: str | None = None  # the URL that answered
    http_status: int | None = None
    redirect_to: str | None = None
    error: str | None = None


def old_provinces(name: str) -> list[Unit]:
    """The pre-2025 provinces a name covers: itself, or all merged into a new province."""
    match = resolve_province(name)
    codes = set(match.old_codes)
    for new in match.new_codes:
        codes |= {u.code for u in merged_from(new)}
    return [old_units().get("province", code) for code in sorted(codes)]


def candidates(province: str, level: str = "district", suffix: str = "") -> list[Candidate]:
    """Hostnames for the districts (or communes) of a province, before 2025."""
    out: list[Candidate] = []
    for prov in old_provinces(province):
        base = f"{province_label(prov)}.gov.vn"
        for district in old_units().children_of(prov):
            d_host = f"{host_label(district.name)}.{base}"
            if level in ("district", "all"):
                out.append(Candidate(d_host + suffix, "district", district))
            if level in ("commune", "all"):
                out += [
                    Candidate(f"{host_label(c.name)}.{d_host}{suffix}", "commune", c)
                    for c in old_units().children_of(district)
                ]
    return list({c.host: c for c in out}.values())


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def opener(proxy: str | None) -> urllib.request.OpenerDirector:
    """No redirects followed; one TLS context shared (making one per request costs ~25 ms)."""
    proxies = {"http": proxy, "https": proxy} if proxy else {}
    tls = urllib.request.HTTPSHandler(context=ssl.create_default_context())
    return urllib.request.build_opener(urllib.request.ProxyHandler(proxies), tls, _NoRedirect)


def same_site(a: str, b: str) -> bool:
    return catalog_host(a.lower()) == catalog_host(b.lower())


def classify(candidate: Candidate, url: str, status: int, location: str | None) -> Probe:
    if status >= 500:
        return Probe(candidate, "failed", url, status, error=f"HTTP {status}")
    if 300 <= status < 400 and location:
        target = urljoin(url, location)
        if not same_site(urlsplit(target).hostname or "", candidate.host):
            return Probe(candidate, "moved", url, status, redirect_to=target)
    return Probe(candidate, "active", url, status)


def fetch(op: urllib.request.OpenerDirector, url: str, timeout: float) -> tuple[int, str | None]:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with op.open(request, timeout=timeout) as response:
            return response.status, response.headers.get("Location")
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, exc.headers.get("Location")


def probe(candidate: Candidate, op: urllib.request.OpenerDirector, timeout: float) -> Probe:
    """HTTPS first, then HTTP; the first scheme that gets an answer below 500 decides."""
    failure = Probe(candidate, "failed", error="no answer")
    for scheme in ("https", "http"):
        url = f"{scheme}://{candidate.host}/"
        try:
            status, location = fetch(op, url, timeout)
        except (TimeoutError, urllib.error.URLError, HTTPException, OSError) as exc:
            failure = Probe(candidate, "failed", url, error=describe(exc))
            continue
        found = classify(candidate, url, status, location)
        if found.result != "failed":
            return found
        failure = found
    return failure


def describe(exc: Exception) -> str:
    reason = getattr(exc, "reason", None) or exc
    return f"{type(reason).__name__}: {reason}"[:200]


def probe_all(
    found: Iterable[Candidate],
    *,
    proxy: str | None,
    timeout: float = 5.0,
    concurrency: int = 16,
    progress: Callable[[Probe], None] | None = None,
) -> list[Probe]:
    """Probe every candidate, ``concurrency`` at a time; results in candidate order."""
    op = opener(proxy)
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = []
        for result in pool.map(lambda c: probe(c, op, timeout), found):
            results.append(result)
            if progress is not None:
                progress(result)
    return results


def record(session: Session, probes: Iterable[Probe], when: datetime) -> None:
    """Write probe outcomes to the catalog: answering hosts are added or refreshed, a
    catalogued host that fails becomes *gone*; failed candidates never seen are not kept."""
    for found in probes:
        host = found.candidate.host
        portal = session.scalar(select(Portal).where(Portal.host == host))
        if found.result == "failed":
            if portal is not None and portal.status != "gone":
                portal.status = "gone"
            continue
        if portal is None:
            unit = str(found.candidate.unit.code)
            portal = add_portal(
                session, found.url or host, unit=unit, level=found.candidate.level,
                source="discovered",
            )  # fmt: skip
        mark_seen(portal, found.result, when, found.redirect_to)
    session.commit()
