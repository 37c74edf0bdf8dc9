"""Archived hosts filtered by unit: which hosts of the archive lie in a province, at a level.

Each host is matched to the catalog (a sandbox host ``x.test`` to ``x``) or, when it is not
catalogued, to the units its name spells; a province matches by its old or new name.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.catalog.lookup import resolve_province
from archive.catalog.models import LEVELS, Portal
from archive.catalog.portals import check_choice, portal_for_units
from archive.db.models import Document


def in_province(portal: Portal, province: str) -> bool:
    match = resolve_province(province)
    return portal.old_province_code in match.old_codes or (
        portal.new_province_code in match.new_codes
    )


def hosts_matching(
    session: Session, *, province: str | None = None, level: str | None = None
) -> list[str]:
    """The distinct document hosts whose portal is in ``province`` and at ``level``."""
    if level is not None:
        check_choice("level", level, LEVELS)
    if province is not None:
        resolve_province(province)  # an unknown name fails even on an empty archive
    hosts = []
    for host in session.scalars(select(Document.host).distinct()):
        portal = portal_for_units(session, host)
        if portal is None:
            continue
        if level is not None and portal.level != level:
            continue
        if province is not None and not in_province(portal, province):
            continue
        hosts.append(host)
    return hosts
