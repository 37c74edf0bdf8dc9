"""How a portal's units read: the historical unit beside the current one.

'Xã Quang Thành, Thị xã Kinh Môn, Tỉnh Hải Dương (now: Xã Nam An Phụ, Thành phố Hải Phòng)'

The current commune is the portal's own (``new_commune_code``) or, for a pre-2025 commune,
the one it went into (``commune_merger``: filled by the catalog since, derived here for rows
made before). A commune portal whose current commune is not known says so.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from sqlalchemy.orm import Session

from archive.catalog.models import Portal
from archive.catalog.portals import portal_for_units
from archive.catalog.units import UnitTable, commune_merger, new_units, old_units

UNKNOWN_COMMUNE = "commune mapping unknown"


@dataclass(frozen=True)
class UnitLabels:
    level: str | None = None
    province: str | None = None  # before 2025
    district: str | None = None
    commune: str | None = None
    current_province: str | None = None  # since 2025
    current_commune: str | None = None
    current_commune_also: list[str] = field(default_factory=list)  # the rest of a split one

    @property
    def historical(self) -> str:
        return ", ".join(x for x in (self.commune, self.district, self.province) if x)

    @property
    def current(self) -> str:
        now = ", ".join(x for x in (self.current_commune, self.current_province) if x)
        if self.current_commune_also:
            now += f" (in part also {', '.join(self.current_commune_also)})"
        elif self.commune is not None and self.current_commune is None and now:
            now += f" ({UNKNOWN_COMMUNE})"
        return now

    def describe(self) -> str:
        old, now = self.historical, self.current
        if old and now and now != old:
            return f"{old} (now: {now})"
        return old or now

    def as_dict(self) -> dict[str, str | list[str] | None]:
        return asdict(self)


def _name(table: UnitTable, level: str, code: int | None) -> str | None:
    unit = table.find(level, code) if code is not None else None
    return unit.name if unit else None


def current_communes(portal: Portal) -> tuple[int | None, list[int]]:
    """The portal's current commune, and the others a split old commune went into."""
    fate = commune_merger().get(portal.old_commune_code or -1)
    main = portal.new_commune_code or (fate.main if fate else None)
    also = [c for c in fate.also if c != main] if fate and fate.main == main else []
    return main, also


def labels_of(portal: Portal) -> UnitLabels:
    old, new = old_units(), new_units()
    main, also = current_communes(portal)
    return UnitLabels(
        level=portal.level,
        province=_name(old, "province", portal.old_province_code),
        district=_name(old, "district", portal.old_district_code),
        commune=_name(old, "commune", portal.old_commune_code),
        current_province=_name(new, "province", portal.new_province_code),
        current_commune=_name(new, "commune", main),
        current_commune_also=[n for c in also if (n := _name(new, "commune", c))],
    )


def labels_for_host(session: Session, host: str) -> UnitLabels | None:
    """The units of the portal an archived host belongs to (sandbox hosts included)."""
    portal = portal_for_units(session, host)
    return labels_of(portal) if portal is not None else None
