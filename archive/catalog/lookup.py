"""From names to units: province names (old or new, with or without diacritics), the host
labels of provinces, and any unit by its name ("Xã Tân Hưng", "xa tan hung", "Tân Hưng,
Hải Phòng") or its code (``10705``, ``new:10537``).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cache

from archive.catalog.errors import (
    AmbiguousUnit,
    CatalogInputError,
    UnitNameNotFound,
    UnknownProvince,
    UnknownUnit,
)
from archive.catalog.names import folded_name, host_label, strip_type, unaccent
from archive.catalog.units import NEW, OLD, Unit, UnitTable, new_units, old_units, read_csv


@dataclass(frozen=True)
class ProvinceMatch:
    """The provinces a name designates: before 2025, after, or both."""

    name: str
    old_codes: frozenset[int]
    new_codes: frozenset[int]


def _provinces() -> list[Unit]:
    return old_units().units("province") + new_units().units("province")


def resolve_province(name: str) -> ProvinceMatch:
    """'Hải Dương', 'hai duong', 'haiduong', 'Tỉnh Hải Dương' all name old province 30."""
    key = host_label(name)
    hits = [p for p in _provinces() if host_label(p.name) == key] if key else []
    if not hits:
        raise UnknownProvince(name, suggest_province(name))
    return ProvinceMatch(
        name=hits[0].name,
        old_codes=frozenset(p.code for p in hits if p.era == "2024"),
        new_codes=frozenset(p.code for p in hits if p.era == "2025"),
    )


def suggest_province(name: str) -> str | None:
    names = {folded_name(p.name): p.name for p in _provinces()}
    close = difflib.get_close_matches(folded_name(name), list(names), n=1, cutoff=0.5)
    return names[close[0]] if close else None


@cache
def province_labels() -> dict[str, Unit]:
    """Host label → old province, from the names and the bundled provincial portals."""
    labels = {host_label(p.name): p for p in old_units().units("province")}
    _, rows = read_csv("portals.csv")
    for row in rows:
        if row["level"] == "province":
            labels[row["host"].split(".")[0]] = old_units().get("province", int(row["unit"]))
    return labels


def province_label(province: Unit) -> str:
    """The first label of an old province's portal host: 'haiduong', 'hochiminhcity'."""
    labels = [label for label, unit in province_labels().items() if unit == province]
    return labels[-1]


# -- any unit, by code or by name ------------------------------------------------------------
UNIT_LEVELS = {"department": ("province",), "province": ("province",),
               "district": ("district",), "commune": ("commune",)}  # fmt: skip
SHOWN = 3  # close or ambiguous matches named in an error


def find_unit(text: str, *, level: str | None = None, era: str | None = None) -> Unit:
    """The unit ``text`` names: ``CODE`` (before 2025), ``new:CODE`` (since 2025), or a name
    with or without diacritics and type word, optionally followed by its district or
    province (``Tân Hưng, Hải Phòng``). ``level`` restricts the levels (a department's unit
    is its province); ``era`` (OLD or NEW) is looked in first, then the other."""
    levels = UNIT_LEVELS.get(level or "", ("province", "district", "commune"))
    code = unit_code(text)
    if code is not None:
        return unit_by_code(code[0], code[1], levels, text)
    found: list[Unit] = []
    for table in tables(era):
        found = [u for u in named(table, text, levels)]
        if found:
            break
    if len(found) == 1:
        return found[0]
    if found:
        example = f"{text.split(',')[0].strip()}, {strip_type(province_of(found[0]).name)}"
        raise AmbiguousUnit(text, [describe_unit(u) for u in found[:SHOWN]], len(found), example)
    raise UnitNameNotFound(text, [describe_unit(u) for u in close_units(text, levels)])


def unit_code(text: str) -> tuple[str, int] | None:
    """('old'|'new', code) when ``text`` is a code, else None."""
    era, _, digits = text.strip().rpartition(":")
    if not digits.isdigit():
        if era:
            raise CatalogInputError(f"unit code must be CODE or new:CODE, not {text!r}")
        return None
    eras = {"": "old", "old": "old", "2024": "old", "new": "new", "2025": "new"}
    if era not in eras:
        raise CatalogInputError(f"unit code must be CODE or new:CODE, not {text!r}")
    return eras[era], int(digits)


def unit_by_code(era: str, code: int, levels: tuple[str, ...], text: str) -> Unit:
    """A code at one of ``levels``; since 2025 a district's unit is its province."""
    table = new_units() if era == "new" else old_units()
    if era == "new":
        levels = tuple(dict.fromkeys("province" if lv == "district" else lv for lv in levels))
        levels = ("commune", "province") if len(levels) > 2 else levels
    for level in levels:
        unit = table.find(level, code)
        if unit is not None:
            return unit
    raise UnknownUnit(text.strip())


def tables(era: str | None) -> list[UnitTable]:
    return [old_units(), new_units()] if era == OLD else [new_units(), old_units()]


def named(table: UnitTable, text: str, levels: tuple[str, ...]) -> list[Unit]:
    name, *qualifiers = [part.strip() for part in text.split(",") if part.strip()] or [""]
    key, kind = folded_name(name), type_word(name)
    out = []
    for level in levels:
        for unit in table.units(level):
            if unit.key == key and (kind is None or type_word(unit.name) == kind):
                if all(within(table, unit, q) for q in qualifiers):
                    out.append(unit)
    return out


def type_word(name: str) -> str | None:
    """'xa' for 'Xã Tân Hưng' or 'xa tan hung'; None when the name has no type word."""
    bare = strip_type(name)
    if bare == " ".join(name.split()):
        return None
    return unaccent(name[: len(name) - len(bare)]).strip().lower()


def within(table: UnitTable, unit: Unit, qualifier: str) -> bool:
    """Whether ``qualifier`` names a unit above ``unit`` (its district or province)."""
    key = folded_name(qualifier)
    parent = table.parent_of(unit)
    while parent is not None:
        if parent.key == key or host_label(parent.name) == host_label(qualifier):
            return True
        parent = table.parent_of(parent)
    return False


def close_units(text: str, levels: tuple[str, ...]) -> list[Unit]:
    units = {describe_unit(u): u for t in tables(None) for lv in levels for u in t.units(lv)}
    keys: dict[str, list[Unit]] = {}
    for unit in units.values():
        keys.setdefault(unit.key, []).append(unit)
    name = text.split(",")[0]
    close = difflib.get_close_matches(folded_name(name), list(keys), n=SHOWN, cutoff=0.75)
    return [u for k in close for u in keys[k]][:SHOWN]


def province_of(unit: Unit) -> Unit:
    table = new_units() if unit.era == NEW else old_units()
    parent = table.parent_of(unit)
    return unit if parent is None else province_of(parent)


def describe_unit(unit: Unit) -> str:
    """'Phường Tân Hưng, Thành phố Hải Phòng (new:10537)', 'Xã Quang Thành, Thị xã Kinh
    Môn, Tỉnh Hải Dương (10705)'."""
    table = new_units() if unit.era == NEW else old_units()
    names, parent = [unit.name], table.parent_of(unit)
    while parent is not None:
        names.append(parent.name)
        parent = table.parent_of(parent)
    code = f"new:{unit.code}" if unit.era == NEW else str(unit.code)
    return f"{', '.join(names)} ({code})"


__all__ = [
    "ProvinceMatch",
    "describe_unit",
    "find_unit",
    "province_label",
    "province_labels",
    "resolve_province",
    "unit_code",
]
