"""Queries and writes of the portal catalog. The bundled catalog is loaded by a migration
(0006), so that commands that only read never write."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from archive.catalog.errors import CatalogInputError, DuplicatePortal
from archive.catalog.lookup import HostUnits, resolve_province, units_of_host
from archive.catalog.models import LEVELS, STATUSES, Portal
from archive.catalog.names import catalog_host, level_of_host, normalize_host, start_url
from archive.catalog.units import Unit, new_units, old_units, province_merger, read_csv


@dataclass(frozen=True)
class UnitCode:
    """A unit given by the user: 'CODE' (pre-2025 GSO code) or 'new:CODE' (since 2025)."""

    era: str
    code: int

    @classmethod
    def parse(cls, text: str) -> UnitCode:
        era, _, digits = text.strip().rpartition(":")
        era = {"": "old", "old": "old", "2024": "old", "new": "new", "2025": "new"}.get(era, "?")
        if era == "?" or not digits.isdigit():
            raise CatalogInputError(f"unit code must be CODE or new:CODE, not {text!r}")
        return cls(era, int(digits))


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


def list_portals(
    session: Session,
    *,
    level: str | None = None,
    province: str | None = None,
    status: str | None = None,
) -> list[Portal]:
    """Portals of the catalog, filtered; ``province`` is an old or new province name."""
    stmt = select(Portal).order_by(Portal.old_province_code, Portal.host)
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
    return list(session.scalars(stmt))


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
    if portal is not None or level_of_host(host) is None:
        return portal
    guess = new_portal(normalize_host(host), start_url(host))
    apply_host_units(guess, units_of_host(guess.host))
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


def apply_old_unit(portal: Portal, level: str, code: int) -> None:
    """Set the pre-2025 codes of a portal from its unit at ``level``, up to the province."""
    unit: Unit | None = old_units().get(level, code)
    while unit is not None:
        setattr(portal, f"old_{unit.level}_code", unit.code)
        unit = old_units().parent_of(unit)
    portal.new_province_code = province_merger().get(portal.old_province_code or -1)


def apply_new_unit(portal: Portal, code: int) -> None:
    table = new_units()
    unit = table.find("commune", code) or table.get("province", code)
    if unit.level == "commune":
        portal.new_commune_code = unit.code
        unit = table.get("province", unit.parent_code or -1)
    portal.new_province_code = unit.code


def apply_host_units(portal: Portal, units: HostUnits) -> None:
    if units.deepest is not None:
        apply_old_unit(portal, units.deepest.level, units.deepest.code)


def apply_unit(portal: Portal, unit: UnitCode) -> None:
    if unit.era == "new":
        apply_new_unit(portal, unit.code)
    else:
        apply_old_unit(portal, portal.level, unit.code)


def copy_units(portal: Portal, source: Portal) -> None:
    for name in ("province", "district", "commune"):
        setattr(portal, f"old_{name}_code", getattr(source, f"old_{name}_code"))
    portal.new_province_code = source.new_province_code
    portal.new_commune_code = source.new_commune_code


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
    """Register a portal; its units come from ``unit`` or else from its hostname."""
    host = normalize_host(url)
    if session.scalar(select(Portal.id).where(Portal.host == host)):
        raise DuplicatePortal(host)
    portal = new_portal(host, start_url(url), level=level)
    portal.status, portal.source = check_choice("status", status, STATUSES), source
    fill_units(session, portal, unit)
    link_parent(session, portal)
    session.add(portal)
    session.flush()
    return portal


def fill_units(session: Session, portal: Portal, unit: str | None) -> None:
    if unit:
        apply_unit(portal, UnitCode.parse(unit))
        return
    twin = session.scalar(select(Portal).where(Portal.host == catalog_host(portal.host)))
    if twin is not None and twin is not portal:
        copy_units(portal, twin)
    else:
        apply_host_units(portal, units_of_host(portal.host))


def mark_seen(portal: Portal, status: str, when: datetime, redirect_to: str | None) -> None:
    """Record the outcome of a probe or crawl of a portal."""
    portal.status = check_choice("status", status, STATUSES)
    portal.redirect_to = redirect_to if status == "moved" else None
    if status in ("active", "moved"):
        portal.first_seen = portal.first_seen or when
        portal.last_seen = when
