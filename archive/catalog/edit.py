"""Changing and removing catalog portals.

A portal's host is its identity: ``edit_portal`` changes its level, units, status or start
URL (same host, another scheme or port), never its host. ``remove_portal`` takes a portal
out of the catalog and nothing else: its captures, documents and WARC records stay, and
still name their host; a portal a schedule crawls is refused, naming the schedule.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.catalog.assign import apply_unit, clear_units
from archive.catalog.errors import CatalogInputError, PortalInUse, PortalNotFound
from archive.catalog.models import LEVELS, STATUSES, Portal
from archive.catalog.names import normalize_host, start_url
from archive.catalog.portals import check_choice, fill_units, find_portal, unit_for


def existing(session: Session, host: str) -> Portal:
    portal = find_portal(session, host)
    if portal is None:
        raise PortalNotFound(normalize_host(host))
    return portal


def edit_portal(
    session: Session,
    host: str,
    *,
    level: str | None = None,
    unit: str | None = None,
    status: str | None = None,
    url: str | None = None,
) -> Portal:
    """Change what is given; a new level or unit sets the portal's units afresh."""
    portal = existing(session, host)
    if url is not None:
        if normalize_host(url) != portal.host:
            raise CatalogInputError(
                f"--url {url} is not on {portal.host}: a portal's host does not change "
                "(add the new host, and mark this one moved)"
            )
        portal.url = start_url(url)
    if status is not None:
        portal.status = check_choice("status", status, STATUSES)
        portal.redirect_to = portal.redirect_to if status == "moved" else None
    if level is not None:
        portal.level = check_choice("level", level, LEVELS)
    if unit is not None or level is not None:
        found = unit_for(portal.host, unit, portal.level)
        clear_units(portal)
        if found is not None:
            apply_unit(portal, found)
        else:
            fill_units(session, portal, None)
    session.flush()
    return portal


def remove_portal(session: Session, host: str, *, scheduled_by: list[str]) -> Portal:
    """Remove a portal from the catalog (its archived captures stay); ``scheduled_by``: the
    schedules that crawl it, which forbid it."""
    portal = existing(session, host)
    if scheduled_by:
        raise PortalInUse(portal.host, scheduled_by)
    for child in session.scalars(select(Portal).where(Portal.parent_id == portal.id)):
        child.parent = None
    session.delete(portal)
    session.flush()
    return portal
