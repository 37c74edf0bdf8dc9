"""From names and hosts to units: province names (old or new, with or without diacritics)
and the units a portal's hostname stands for.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cache, lru_cache

from archive.catalog.errors import UnknownProvince
from archive.catalog.names import catalog_host, folded_name, host_label
from archive.catalog.units import Unit, new_units, old_units, province_merger, read_csv


@dataclass(frozen=True)
class ProvinceMatch:
    """The provinces a name designates: before 2025, after, or both."""

    name: str
    old_codes: frozenset[int]
    new_codes: frozenset[int]


@dataclass(frozen=True)
class HostUnits:
    """The old units a portal hostname stands for, as far as its labels say."""

    province: Unit | None = None
    district: Unit | None = None
    commune: Unit | None = None

    @property
    def new_province_code(self) -> int | None:
        return province_merger().get(self.province.code) if self.province else None

    @property
    def deepest(self) -> Unit | None:
        return self.commune or self.district or self.province


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
def _province_labels() -> dict[str, Unit]:
    """Host label → old province, from the names and the bundled provincial portals."""
    labels = {host_label(p.name): p for p in old_units().units("province")}
    _, rows = read_csv("portals.csv")
    for row in rows:
        if row["level"] == "province":
            labels[row["host"].split(".")[0]] = old_units().get("province", int(row["unit"]))
    return labels


def province_label(province: Unit) -> str:
    """The first label of an old province's portal host: 'haiduong', 'hochiminhcity'."""
    labels = [label for label, unit in _province_labels().items() if unit == province]
    return labels[-1]


def _child(parent: Unit | None, label: str) -> Unit | None:
    if parent is None:
        return None
    found = [u for u in old_units().children_of(parent) if host_label(u.name) == label]
    return found[0] if len(found) == 1 else None


@lru_cache(maxsize=8192)
def units_of_host(host: str) -> HostUnits:
    """'quangthanh.kinhmon.haiduong.gov.vn(.test)' → commune, district and province units
    (from the catalog's files alone, so remembered: a search page asks for 20 hosts)."""
    labels = catalog_host(host).removesuffix(".gov.vn").split(".")
    province = _province_labels().get(labels[-1])
    district = _child(province, labels[-2]) if len(labels) >= 2 else None
    commune = _child(district, labels[-3]) if len(labels) >= 3 else None
    return HostUnits(province, district, commune)


__all__ = ["HostUnits", "ProvinceMatch", "province_label", "resolve_province", "units_of_host"]
