"""Queries and writes of the portal catalog. The bundled catalog is loaded by a migration
(0006), so that commands that only read never write."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from archive.catalog.assign import apply_old_unit, apply_reading, apply_unit, copy_units
from archive.catalog.errors import CatalogInputError, DuplicatePortal
from archive.catalog.hosts import level_of_host, read_host
from archive.catalog.lookup import find_unit, resolve_province
from archive.catalog.models import LEVELS, STATUSES, Portal
from archive.catalog.names import catalog_host, normalize_host, start_url
from archive.catalog.units import NEW, OLD, Unit, read_csv


def add_bundled(session: Session) -> None:
    """Add the bundled catalog's portals that are not there yet (a data migration does)."""
    _, rows = read_csv("portals.csv")
    known = set(session.scalars(select(Portal.host)))
    for row in rows:
        if row["host"] not in known:
            portal = bundled_portal(row)
            link_parent(session, portal)
            session.add(portal)
            session.flush()


def bundled_portal(row: dict[str, str]) -> Portal:
    portal = new_portal(row["host"], f"https://{row['host']}/", level=row["level"])
    portal.source, portal.note = "bundled", row["note"] or None
    apply_old_unit(portal, row["level"], int(row["unit"]))
    return portal


def _portals_query(level: str | None, province: str | None, status: str | None) -> Select[Portal]:
    stmt = select(Portal)
    if level is not None:
        stmt = stmt.where(Portal.level == check_choice("level", level, LEVELS))
    if status is not None:
        stmt = stmt.where(Portal.status == check_choice("status", status, STATUSES))
    if province is not None:
        match = resolve_province(province)
        stmt = stmt.where(
            or_(
                Portal.old_province_code.in_(match.old_codes),
                Portal.new_province_code.in_(match.new_codes),
            )
        )
    return stmt


def list_portals(
    session: Session,
    *,
    level: str | None = None,
    province: str | None = None,
    status: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[Portal]:
    """Portals of the catalog, filtered; ``province`` is an old or new province name;
    ``limit``/``offset``: one page of them, read as such."""
    stmt = _portals_query(level, province, status).order_by(Portal.old_province_code, Portal.host)
    if limit is not None:
        stmt = stmt.limit(limit).offset(offset)
    return list(session.scalars(stmt))


def count_portals(
    session: Session,
    *,
    level: str | None = None,
    province: str | None = None,
    status: str | None = None,
) -> int:
    """How many portals ``list_portals`` would give."""
    query = _portals_query(level, province, status).subquery()
    return int(session.scalar(select(func.count()).select_from(query)) or 0)


def find_portal(session: Session, host: str) -> Portal | None:
    """The portal of a host (or URL), exactly as registered: a sandbox host is its own portal."""
    return session.scalar(select(Portal).where(Portal.host == normalize_host(host)))


def unit_portal(session: Session, host: str) -> Portal | None:
    """The portal whose units a host belongs to: itself, or for 'x.test' the catalog's 'x'."""
    hosts = {normalize_host(host), catalog_host(normalize_host(host))}
    found = session.scalars(select(Portal).where(Portal.host.in_(hosts))).all()
    return next((p for p in found if p.old_province_code or p.new_province_code), None) or (
        found[0] if found else None
    )


def portal_for_units(session: Session, host: str) -> Portal | None:
    """The catalog portal of a host, or an unsaved one whose units come from its name."""
    portal = unit_portal(session, host)
    reading = read_host(host) if portal is None else None
    if reading is None:
        return portal
    guess = Portal(host=normalize_host(host), url=start_url(host), level=reading.level)
    apply_reading(guess, reading)
    return guess


def check_choice(what: str, value: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise CatalogInputError(f"{what} must be one of {', '.join(choices)}, not {value!r}")
    return value


def new_portal(host: str, url: str, *, level: str | None = None) -> Portal:
    level = level or level_of_host(host)
    if level is None:
        raise CatalogInputError(f"cannot tell the level of {host}; give it with --level")
    return Portal(host=host, url=url, level=check_choice("level", level, LEVELS), status="unknown")


def parent_host(host: str) -> str | None:
    _, _, rest = host.removeprefix("www.").partition(".")
    return rest if level_of_host(rest) else None


def link_parent(session: Session, portal: Portal) -> None:
    host = parent_host(portal.host)
    if host is not None:
        portal.parent = session.scalar(select(Portal).where(Portal.host == host))


def add_portal(
    session: Session,
    url: str,
    *,
    unit: str | None = None,
    level: str | None = None,
    status: str = "unknown",
    source: str = "added",
) -> Portal:
    """Register a portal; its units come from ``unit`` (a code or a name) or else from its
    hostname, its level from ``level``, its hostname or its unit."""
    host = normalize_host(url)
    found = check_new_portal(session, url, unit=unit, level=level)
    portal = new_portal(host, start_url(url), level=level or level_from(host, found))
    portal.status, portal.source = check_choice("status", status, STATUSES), source
    fill_units(session, portal, found)
    link_parent(session, portal)
    session.add(portal)
    session.flush()
    return portal


def check_new_portal(
    session: Session, url: str, *, unit: str | None, level: str | None
) -> Unit | None:
    """Refuse what ``add_portal`` would refuse, before anything is written or asked: a host
    already there, a unit not found or ambiguous, a level that cannot be told."""
    host = normalize_host(url)
    start_url(url)
    if session.scalar(select(Portal.id).where(Portal.host == host)):
        raise DuplicatePortal(host)
    found = unit_for(host, unit, level)
    if (level or level_from(host, found)) is None:
        raise CatalogInputError(f"cannot tell the level of {host}; give it with --level")
    return found


def unit_for(host: str, unit: str | None, level: str | None) -> Unit | None:
    """The unit ``unit`` names, looked for first in the era the host name is of."""
    if not unit:
        return None
    reading = read_host(host, level)
    era = OLD if reading and reading.old_deepest and not reading.new_commune else NEW
    return find_unit(unit, level=level or (reading.level if reading else None), era=era)


def level_from(host: str, unit: Unit | None) -> str | None:
    """The level a host name says, else the level of its unit."""
    return level_of_host(host) or (unit.level if unit is not None else None)


def fill_units(session: Session, portal: Portal, unit: Unit | None) -> None:
    if unit is not None:
        apply_unit(portal, unit)
        return
    twin = session.scalar(select(Portal).where(Portal.host == catalog_host(portal.host)))
    if twin is not None and twin is not portal:
        copy_units(portal, twin)
        return
    reading = read_host(portal.host, portal.level)
    if reading is not None:
        apply_reading(portal, reading)


def mark_seen(portal: Portal, status: str, when: datetime, redirect_to: str | None) -> None:
    """Record the outcome of a probe or crawl of a portal."""
    portal.status = check_choice("status", status, STATUSES)
    portal.redirect_to = redirect_to if status == "moved" else None
    if status in ("active", "moved"):
        portal.first_seen = portal.first_seen or when
        portal.last_seen = when
