"""The ``Portal`` row: one website of one administrative unit, before and after 2025.

Unit codes are the official GSO codes: ``old_*`` from the three-level hierarchy in force
until mid-2025 (province, district, commune), ``new_*`` from the two-level one since
(province, commune/ward). A portal carries whichever codes are known.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from archive.db.models import Base, UTCDateTime

LEVELS = ("province", "district", "commune", "department")  # department: a provincial sở
STATUSES = ("active", "moved", "gone", "unknown")


class Portal(Base):
    __tablename__ = "portals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    host: Mapped[str] = mapped_column(String(255), unique=True)
    url: Mapped[str] = mapped_column(Text)
    level: Mapped[str] = mapped_column(String(16), index=True)
    status: Mapped[str] = mapped_column(String(16), default="unknown")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("portals.id"), nullable=True)
    old_province_code: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    old_district_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    old_commune_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    new_province_code: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    new_commune_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    first_seen: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_seen: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    redirect_to: Mapped[str | None] = mapped_column(Text, nullable=True)
    cms_profile: Mapped[str | None] = mapped_column(String(64), nullable=True)
    source: Mapped[str] = mapped_column(String(16), default="added")
    note: Mapped[str | None] = mapped_column(Text, nullable=True)

    parent: Mapped[Portal | None] = relationship(remote_side=[id])

    def __repr__(self) -> str:
        return f"Portal({self.host!r}, {self.level}, {self.status})"
