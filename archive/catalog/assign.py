"""Giving a portal its units: the codes before 2025 and since, each filled wherever the data
allow.

- An old unit fills the old codes up to the province, the new province it merged into and,
  for a commune, the new commune/ward it went into (whole or mostly: ``commune_merger``).
- A new commune/ward fills the new codes, and the old province (and district, and commune)
  when every old commune that went into it was in the same one.
"""

from __future__ import annotations

from archive.catalog.hosts import HostReading
from archive.catalog.models import Portal
from archive.catalog.units import (
    NEW,
    Unit,
    commune_merger,
    merged_into_commune,
    new_units,
    old_units,
    province_merger,
)

CODES = (
    "old_province_code",
    "old_district_code",
    "old_commune_code",
    "new_province_code",
    "new_commune_code",
)


def clear_units(portal: Portal) -> None:
    for name in CODES:
        setattr(portal, name, None)


def copy_units(portal: Portal, source: Portal) -> None:
    for name in CODES:
        setattr(portal, name, getattr(source, name))


def apply_unit(portal: Portal, unit: Unit) -> None:
    if unit.era == NEW:
        apply_new_unit(portal, unit)
    else:
        apply_old_unit(portal, unit.level, unit.code)


def apply_old_unit(portal: Portal, level: str, code: int) -> None:
    """Set the pre-2025 codes of a portal from its unit at ``level``, up to the province,
    and what became of them."""
    unit: Unit | None = old_units().get(level, code)
    while unit is not None:
        setattr(portal, f"old_{unit.level}_code", unit.code)
        unit = old_units().parent_of(unit)
    portal.new_province_code = province_merger().get(portal.old_province_code or -1)
    if level == "commune":
        fate = commune_merger().get(code)
        portal.new_commune_code = fate.main if fate else None


def apply_new_unit(portal: Portal, unit: Unit) -> None:
    table = new_units()
    if unit.level == "commune":
        portal.new_commune_code = unit.code
        apply_old_origin(portal, merged_into_commune().get(unit.code, []))
        unit = table.get("province", unit.parent_code or -1)
    portal.new_province_code = unit.code


def apply_old_origin(portal: Portal, old_communes: list[int]) -> None:
    """The old units a new commune came from, at each level where they were one."""
    units = [old_units().find("commune", code) for code in old_communes]
    path = [ancestry(u) for u in units if u is not None]
    for depth, level in enumerate(("province", "district", "commune")):
        codes = {p[depth] for p in path if len(p) > depth}
        if len(codes) == 1 and len(path) == len(old_communes):
            setattr(portal, f"old_{level}_code", codes.pop())


def ancestry(unit: Unit) -> list[int]:
    """Codes from the province down to ``unit``."""
    codes: list[int] = []
    current: Unit | None = unit
    while current is not None:
        codes.insert(0, current.code)
        current = old_units().parent_of(current)
    return codes


def apply_reading(portal: Portal, reading: HostReading) -> None:
    """The units a host name says."""
    deepest = reading.old_deepest
    if deepest is not None:
        apply_old_unit(portal, deepest.level, deepest.code)
    if reading.new_commune is not None:
        apply_new_unit(portal, reading.new_commune)
    elif reading.new_province is not None and portal.new_province_code is None:
        portal.new_province_code = reading.new_province.code
