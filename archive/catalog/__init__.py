"""The portal catalog: administrative units before and after 2025, and their portals.

    from archive.catalog import find_portal, list_portals, Portal

``list_portals(session, level=, province=, status=)`` and ``find_portal(session, host)``
load the bundled catalog (63 provincial portals and the reference district and commune
portals) into the database on first use.
"""

from __future__ import annotations

from archive.catalog.errors import DuplicatePortal, PortalNotFound, UnknownProvince
from archive.catalog.models import LEVELS, STATUSES, Portal
from archive.catalog.portals import (
    add_portal,
    find_portal,
    list_portals,
    mark_seen,
    unit_portal,
)

__all__ = [
    "LEVELS",
    "STATUSES",
    "DuplicatePortal",
    "Portal",
    "PortalNotFound",
    "UnknownProvince",
    "add_portal",
    "find_portal",
    "list_portals",
    "mark_seen",
    "unit_portal",
]
