"""The administrative units before and after the 2025 reform, from the bundled data files.

``old_units()``: 63 provinces, their districts and communes (in force until 30 June 2025);
``new_units()``: 34 provinces and their communes/wards (since 1 July 2025);
``province_merger()``: old province code → new province code; ``commune_merger()``: old
commune code → the new communes/wards it went into (from vietnamadminunits, see
``scripts/build_units.py``; about 96% of the old communes: those abolished by the 2023-2025
mergers before the reform have none). All read once and cached.
"""

from __future__ import annotations

import csv
import gzip
import io
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from archive.catalog.errors import UnknownUnit
from archive.catalog.names import folded_name

OLD, NEW = "2024", "2025"


@dataclass(frozen=True)
class Unit:
    era: str  # OLD or NEW
    level: str  # province, district or commune
    code: int
    name: str  # official name with its type word: 'Thị xã Kinh Môn'
    parent_code: int | None

    @property
    def key(self) -> str:
        return folded_name(self.name)


@dataclass
class UnitTable:
    era: str
    metadata: list[str]
    by_level: dict[str, dict[int, Unit]] = field(default_factory=lambda: defaultdict(dict))
    children: dict[tuple[str, int], list[Unit]] = field(default_factory=lambda: defaultdict(list))

    def add(self, unit: Unit) -> None:
        self.by_level[unit.level][unit.code] = unit
        if unit.parent_code is not None:
            parent_level = "province" if unit.level == "district" or self.era == NEW else "district"
            self.children[(parent_level, unit.parent_code)].append(unit)

    # Lookups never add keys: the tables are shared, cached, and read from several threads.
    def get(self, level: str, code: int) -> Unit:
        try:
            return self.by_level.get(level, {})[code]
        except KeyError:
            raise UnknownUnit(f"{self.era}:{level}:{code}") from None

    def find(self, level: str, code: int) -> Unit | None:
        return self.by_level.get(level, {}).get(code)

    def units(self, level: str) -> list[Unit]:
        return list(self.by_level.get(level, {}).values())

    def children_of(self, unit: Unit) -> list[Unit]:
        return list(self.children.get((unit.level, unit.code), []))

    def parent_of(self, unit: Unit) -> Unit | None:
        if unit.parent_code is None:
            return None
        level = "district" if unit.level == "commune" and self.era == OLD else "province"
        return self.find(level, unit.parent_code)

    def counts(self) -> dict[str, int]:
        return {level: len(units) for level, units in self.by_level.items()}


def data_text(name: str) -> str:
    raw = resources.files("archive.catalog").joinpath("data").joinpath(name).read_bytes()
    return (gzip.decompress(raw) if name.endswith(".gz") else raw).decode("utf-8")


def read_csv(name: str) -> tuple[list[str], list[dict[str, str]]]:
    """The ``#`` metadata lines and the rows of a bundled CSV file."""
    lines = data_text(name).splitlines()
    meta = [line[1:].strip() for line in lines if line.startswith("#")]
    body = [line for line in lines if not line.startswith("#")]
    return meta, list(csv.DictReader(io.StringIO("\n".join(body))))


def load_table(era: str) -> UnitTable:
    meta, rows = read_csv(f"units-{era}.csv.gz")
    table = UnitTable(era, meta)
    for row in rows:
        parent = int(row["parent"]) if row["parent"] else None
        table.add(Unit(era, row["level"], int(row["code"]), row["name"], parent))
    return table


@cache
def old_units() -> UnitTable:
    return load_table(OLD)


@cache
def new_units() -> UnitTable:
    return load_table(NEW)


@cache
def province_merger() -> dict[int, int]:
    _, rows = read_csv("province-merger-2025.csv")
    return {int(r["old_code"]): int(r["new_code"]) for r in rows}


def merged_from(new_code: int) -> list[Unit]:
    """The old provinces merged into a new province."""
    olds = [old for old, new in province_merger().items() if new == new_code]
    return [old_units().get("province", code) for code in sorted(olds)]


@dataclass(frozen=True)
class CommuneFate:
    """Where an old commune went: ``main`` whole or mostly, ``also`` the rest of a split."""

    main: int
    also: tuple[int, ...] = ()


@cache
def commune_merger() -> dict[int, CommuneFate]:
    _, rows = read_csv("commune-merger-2025.csv.gz")
    mains: dict[int, int] = {}
    others: dict[int, list[int]] = defaultdict(list)
    for r in rows:
        old, new = int(r["old_code"]), int(r["new_code"])
        if r["main"] == "1":
            mains[old] = new
        else:
            others[old].append(new)
    return {old: CommuneFate(new, tuple(others.get(old, ()))) for old, new in mains.items()}


@cache
def merged_into_commune() -> dict[int, list[int]]:
    """New commune code → the old communes that went into it (whole or in part)."""
    found: dict[int, list[int]] = defaultdict(list)
    for old, fate in commune_merger().items():
        for new in (fate.main, *fate.also):
            found[new].append(old)
    return dict(found)
