"""What a portal's hostname says: its level and its units, before or after the 2025 reform.

::

    haiduong.gov.vn                      province (old 30; now part of Hải Phòng)
    kinhmon.haiduong.gov.vn              district (before 2025: <district>.<province>)
    quangthanh.kinhmon.haiduong.gov.vn   commune  (before 2025: <commune>.<district>.<province>)
    xatanhung.haiphong.gov.vn            commune  (since 2025: <commune>.<province>, the label
                                                   with or without its type word, xa/phuong)
    sotttt.haiphong.gov.vn               department (so*.<province>: a provincial department)

A second-level label is read in this order: a known department; a district of the old
province (so pre-2025 hosts read as before); a commune or ward of the current province; any
other ``so…`` label as a department. A label that is none of these has no level: the
operator gives it (``--level``). Sandbox hosts (``….test``) and ``www.`` read as the host
they stand for.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache, lru_cache

from archive.catalog.lookup import province_labels
from archive.catalog.names import GOV_SUFFIX, catalog_host, host_label, unaccent
from archive.catalog.units import Unit, new_units, old_units, province_merger

# Provincial departments (sở) by their usual host label; other so… labels are read as
# departments too, once they are neither a district nor a commune of the province.
DEPARTMENTS = frozenset(
    "sotttt sokhdt sotc soyt soyte sogddt sonnptnt sonnmt sotnmt soxd sogtvt soct soldtbxh "
    "sovhttdl sovhtt sodl sotp sokhcn sonv sodtts sovh".split()
)
TYPE_LABELS = ("xa", "phuong", "thitran", "dackhu")
# Province hosts named after a former name of the province (old GSO code).
FORMER_NAMES = {"thuathienhue": 46}


@dataclass(frozen=True)
class HostReading:
    level: str
    old_province: Unit | None = None
    old_district: Unit | None = None
    old_commune: Unit | None = None
    new_province: Unit | None = None
    new_commune: Unit | None = None

    @property
    def old_deepest(self) -> Unit | None:
        return self.old_commune or self.old_district or self.old_province


@lru_cache(maxsize=8192)  # the catalog's files alone decide: a search page asks for 20 hosts
def read_host(host: str, level: str | None = None) -> HostReading | None:
    """The level and units a host name stands for; None when it does not say. ``level``,
    when the operator gives it, decides how a second-level label is read."""
    real = catalog_host(host.lower())
    if not real.endswith("." + GOV_SUFFIX):
        return None
    labels = real.removesuffix("." + GOV_SUFFIX).split(".")
    old_p = province_labels().get(labels[-1])
    if old_p is None and labels[-1] in FORMER_NAMES:
        old_p = old_units().find("province", FORMER_NAMES[labels[-1]])
    new_p = current_province(labels[-1], old_p)
    if len(labels) == 1 and (old_p or new_p):
        reading = HostReading("province", old_p, new_province=new_p)
    elif len(labels) == 2 and level is not None:
        return read_as(level, labels[0], old_p, new_p)
    elif len(labels) == 2:
        return second_level(labels[0], old_p, new_p)
    elif len(labels) == 3:
        district = child(old_p, labels[1])
        reading = HostReading("commune", old_p, district, child(district, labels[0]))
    else:
        return None
    return replace(reading, level=level) if level else reading


def level_of_host(host: str) -> str | None:
    reading = read_host(host)
    return reading.level if reading else None


def second_level(label: str, old_p: Unit | None, new_p: Unit | None) -> HostReading | None:
    if old_p is None and new_p is None:
        return None
    if label in DEPARTMENTS:
        return HostReading("department", old_p, new_province=new_p)
    district = child(old_p, label)
    if district is not None:
        return HostReading("district", old_p, district)
    if new_p is not None and (communes := new_communes_named(new_p, label)) is not None:
        found = communes[0] if len(communes) == 1 else None
        return HostReading("commune", new_province=new_p, new_commune=found)
    if label.startswith("so") and len(label) > 3:
        return HostReading("department", old_p, new_province=new_p)
    return None


def read_as(level: str, label: str, old_p: Unit | None, new_p: Unit | None) -> HostReading | None:
    """A second-level label read at the level the operator says it is."""
    if level == "district":
        return HostReading("district", old_p, child(old_p, label))
    if level == "commune":
        communes = new_communes_named(new_p, label) if new_p else None
        found = communes[0] if communes and len(communes) == 1 else None
        return HostReading("commune", None if found else old_p, new_province=new_p,
                           new_commune=found)  # fmt: skip
    return HostReading(level, old_p, new_province=new_p)


@cache
def _new_province_labels() -> dict[str, Unit]:
    return {host_label(p.name): p for p in new_units().units("province")}


def current_province(label: str, old: Unit | None) -> Unit | None:
    """The province since 2025 that a host label names: by its name, or an old province that
    is a province of its own still (its code kept: haiphong, hochiminhcity, thanhhoa)."""
    found = _new_province_labels().get(label)
    if found is None and old is not None and province_merger().get(old.code) == old.code:
        found = new_units().find("province", old.code)
    return found


def child(parent: Unit | None, label: str) -> Unit | None:
    """The old unit under ``parent`` whose host label is ``label``, if exactly one."""
    if parent is None:
        return None
    found = [u for u in old_units().children_of(parent) if host_label(u.name) == label]
    return found[0] if len(found) == 1 else None


def typed_label(name: str) -> str:
    """'Xã Tân Hưng' → 'xatanhung': the host label with the unit's type word kept."""
    return "".join(c for c in unaccent(name).lower() if c.isascii() and c.isalnum())


def new_communes_named(province: Unit, label: str) -> list[Unit] | None:
    """The communes/wards of a current province a label names: with their type word
    (xatanhung), without it (tanhung), or with another type word than theirs."""
    communes = new_units().children_of(province)
    for key in (typed_label, host_label):
        found = [c for c in communes if key(c.name) == label]
        if found:
            return found
    for word in TYPE_LABELS:
        if label.startswith(word) and len(label) > len(word):
            found = [c for c in communes if host_label(c.name) == label[len(word) :]]
            if found:
                return found
    return None
