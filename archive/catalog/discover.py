"""Finding portals: hostname candidates from unit names, probed over HTTPS then HTTP.

Each candidate is probed as ``probe.probe_host`` says (active, moved, failed), through the
given proxy only, with a short timeout and bounded concurrency.
"""

from __future__ import annotations

import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.catalog.lookup import province_label, resolve_province
from archive.catalog.models import Portal
from archive.catalog.names import host_label
from archive.catalog.portals import add_portal, mark_seen
from archive.catalog.probe import opener, probe_host
from archive.catalog.units import Unit, merged_from, old_units


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


def probe(candidate: Candidate, op: urllib.request.OpenerDirector, timeout: float) -> Probe:
    """HTTPS first, then HTTP (``probe.probe_host``)."""
    return Probe(candidate, **asdict(probe_host(candidate.host, op, timeout)))


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
    catalogued host that fails becomes *gone*; failed candidates never seen are not kept.
    The caller commits (the web app records inside its own transaction)."""
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
    session.flush()
