"""Portals to and from CSV: ``export_csv`` writes the catalog, ``import_csv`` reads it back.

An import is checked whole before anything is written: a bad row names its line and
nothing is imported. A host already in the catalog is updated; a host twice in one file
is an error.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.catalog.assign import apply_unit
from archive.catalog.errors import CatalogInputError, DuplicatePortal
from archive.catalog.hosts import level_of_host
from archive.catalog.lookup import find_unit
from archive.catalog.models import LEVELS, STATUSES, Portal
from archive.catalog.names import normalize_host, start_url
from archive.catalog.portals import check_choice, fill_units, link_parent, new_portal
from archive.catalog.units import Unit, old_units
from archive.errors import VnarchiveError
from archive.text import nfc

UNIT_LEVEL = {"department": "province"}  # the unit column holds the old code at this level
COLUMNS = (
    "host", "url", "level", "status", "unit", "new_unit", "province", "district", "commune",
    "parent", "first_seen", "last_seen", "redirect_to", "cms_profile", "source", "note",
)  # fmt: skip


@dataclass(frozen=True)
class Row:
    line: int
    host: str
    url: str
    level: str | None
    status: str
    unit: Unit | None
    new_unit: Unit | None
    redirect_to: str | None
    cms_profile: str | None
    note: str | None


def unit_name(level: str, code: int | None) -> str:
    unit = old_units().find(level, code) if code is not None else None
    return unit.name if unit else ""


def export_row(p: Portal) -> dict[str, str]:
    new = p.new_commune_code if p.level == "commune" else p.new_province_code
    return {
        "host": p.host, "url": p.url, "level": p.level, "status": p.status,
        "unit": str(getattr(p, f"old_{UNIT_LEVEL.get(p.level, p.level)}_code") or ""),
        "new_unit": f"new:{new}" if new else "",
        "province": unit_name("province", p.old_province_code),
        "district": unit_name("district", p.old_district_code),
        "commune": unit_name("commune", p.old_commune_code),
        "parent": p.parent.host if p.parent else "",
        "first_seen": p.first_seen.isoformat() if p.first_seen else "",
        "last_seen": p.last_seen.isoformat() if p.last_seen else "",
        "redirect_to": p.redirect_to or "", "cms_profile": p.cms_profile or "",
        "source": p.source, "note": p.note or "",
    }  # fmt: skip


def export_csv(portals: Iterable[Portal], out: IO[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for portal in portals:
        writer.writerow(export_row(portal))
        count += 1
    return count


def cell(record: dict[str, str | None], name: str) -> str | None:
    value = nfc(record.get(name) or "").strip()
    return value or None


def parse_unit(text: str | None, line: int, level: str | None) -> Unit | None:
    """A unit code (CODE, new:CODE) or name, at the row's level."""
    if text is None:
        return None
    try:
        return find_unit(text, level=level)
    except VnarchiveError as exc:
        raise at_line(exc, line) from None


def parse_row(record: dict[str, str | None], line: int) -> Row:
    if None in record or any(v is None for v in record.values()):
        raise CatalogInputError(f"line {line}: wrong number of fields")
    address = cell(record, "url") or cell(record, "host")
    if address is None:
        raise CatalogInputError(f"line {line}: no host or url")
    try:
        level = cell(record, "level")
        status = cell(record, "status") or "unknown"
        host = normalize_host(address)
        level = check_choice("level", level, LEVELS) if level else None
        at = level or level_of_host(host)
        return Row(
            line=line, host=host, url=start_url(address), level=level,
            status=check_choice("status", status, STATUSES),
            unit=parse_unit(cell(record, "unit"), line, at),
            new_unit=parse_unit(cell(record, "new_unit"), line, at),
            redirect_to=cell(record, "redirect_to"), cms_profile=cell(record, "cms_profile"),
            note=cell(record, "note"),
        )  # fmt: skip
    except CatalogInputError as exc:
        raise at_line(exc, line) from None


def at_line(exc: Exception, line: int) -> CatalogInputError:
    message = str(exc)
    return CatalogInputError(message if message.startswith("line ") else f"line {line}: {message}")


def read_rows(fh: IO[str]) -> list[Row]:
    reader = csv.DictReader(line for line in fh if not line.startswith("#"))
    if not reader.fieldnames or not {"host", "url"} & set(reader.fieldnames):
        raise CatalogInputError("line 1: the header needs a host or url column")
    rows: list[Row] = []
    seen: dict[str, int] = {}
    for record in reader:
        row = parse_row(record, reader.line_num)
        if row.host in seen:
            raise DuplicatePortal(row.host, f" (lines {seen[row.host]} and {row.line})")
        seen[row.host] = row.line
        rows.append(row)
    return rows


def apply_row(session: Session, row: Row) -> Portal:
    portal = session.scalar(select(Portal).where(Portal.host == row.host))
    if portal is None:
        portal = new_portal(row.host, row.url, level=row.level)
        portal.source = "imported"
        session.add(portal)
    portal.url, portal.status = row.url, row.status
    portal.level = row.level or portal.level
    portal.redirect_to, portal.cms_profile = row.redirect_to, row.cms_profile
    portal.note = row.note or portal.note
    fill_units(session, portal, row.unit)
    if row.new_unit is not None:
        apply_unit(portal, row.new_unit)
    link_parent(session, portal)
    session.flush()
    return portal


def import_csv(session: Session, fh: IO[str]) -> list[str]:
    """Import every row of a CSV file or none; return the hosts imported."""
    rows = read_rows(fh)
    for row in rows:
        try:
            apply_row(session, row)
        except VnarchiveError as exc:
            session.rollback()
            raise at_line(exc, row.line) from None
        except Exception:
            session.rollback()
            raise
    session.commit()
    return [row.host for row in rows]
