"""How a portal's units read: the historical unit beside the current one.

'Xã Quang Thành, Thị xã Kinh Môn, Tỉnh Hải Dương (now: Thành phố Hải Phòng)'
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy.orm import Session

from archive.catalog.models import Portal
from archive.catalog.portals import portal_for_units
from archive.catalog.units import UnitTable, new_units, old_units


@dataclass(frozen=True)
class UnitLabels:
    level: str | None = None
    province: str | None = None  # before 2025
    district: str | None = None
    commune: str | None = None
    current_province: str | None = None  # since 2025
    current_commune: str | None = None

    @property
    def historical(self) -> str:
        return ", ".join(x for x in (self.commune, self.district, self.province) if x)

    @property
    def current(self) -> str:
        return ", ".join(x for x in (self.current_commune, self.current_province) if x)

    def describe(self) -> str:
        old, now = self.historical, self.current
        if old and now and now != old:
            return f"{old} (now: {now})"
        return old or now

    def as_dict(self) -> dict[str, str | None]:
        return asdict(self)


def _name(table: UnitTable, level: str, code: int | None) -> str | None:
    unit = table.find(level, code) if code is not None else None
    return unit.name if unit else None


def labels_of(portal: Portal) -> UnitLabels:
    old, new = old_units(), new_units()
    return UnitLabels(
        level=portal.level,
        province=_name(old, "province", portal.old_province_code),
        district=_name(old, "district", portal.old_district_code),
        commune=_name(old, "commune", portal.old_commune_code),
        current_province=_name(new, "province", portal.new_province_code),
        current_commune=_name(new, "commune", portal.new_commune_code),
    )


def labels_for_host(session: Session, host: str) -> UnitLabels | None:
    """The units of the portal an archived host belongs to (sandbox hosts included)."""
    portal = portal_for_units(session, host)
    return labels_of(portal) if portal is not None else None
