"""``vnarchive portals``: the catalog of portals and the administrative units they serve."""

from __future__ import annotations

import re
import sys
import time
from typing import Any

import click
from rich.table import Table

from archive.catalog import Portal, add_portal, list_portals, mark_seen
from archive.catalog.discover import Probe, candidates, probe_all, record
from archive.catalog.edit import edit_portal, remove_portal
from archive.catalog.importer import export_csv, import_csv
from archive.catalog.labels import labels_of
from archive.catalog.models import LEVELS, STATUSES
from archive.catalog.names import normalize_host
from archive.catalog.portals import check_new_portal
from archive.catalog.probe import Answer, opener, probe_host
from archive.db.engine import open_database
from archive.errors import InputError
from archive.search import reindex_portals
from archive.timeutil import utcnow
from scheduler.schedules import list_schedules
from vnarchive import render
from vnarchive.options import FiniteFloatRange, config_for, data_dir_option, json_option


def portal_json(p: Portal) -> dict[str, Any]:
    return {
        "host": p.host,
        "url": p.url,
        "level": p.level,
        "status": p.status,
        "parent": p.parent.host if p.parent else None,
        "units": labels_of(p).as_dict() | {"description": labels_of(p).describe()},
        "codes": {
            "old_province": p.old_province_code,
            "old_district": p.old_district_code,
            "old_commune": p.old_commune_code,
            "new_province": p.new_province_code,
            "new_commune": p.new_commune_code,
        },
        "first_seen": render.iso(p.first_seen),
        "last_seen": render.iso(p.last_seen),
        "redirect_to": p.redirect_to,
        "cms_profile": p.cms_profile,
        "source": p.source,
    }


PORTAL_COLUMNS = (
    render.Column("host", key=True),
    render.Column("level"),
    render.Column("status", wrap=True, drop=2),
    render.Column("unit", wrap=True, least=24),
    render.Column("last seen", drop=1),
)


def portal_rows(portals: list[Portal]) -> list[list[str]]:
    rows = []
    for p in portals:
        status = f"{p.status} → {p.redirect_to}" if p.redirect_to else p.status
        unit = labels_of(p).describe() or "-"
        rows.append([p.host, p.level, render.escape(status), unit, render.local_time(p.last_seen)])
    return rows


@click.group()
def portals() -> None:
    """The portal catalog: provinces, districts, communes and departments, before and after
    2025."""


@portals.command("list")
@click.option("--province", help='Old or new province name, diacritics optional ("hai duong").')
@click.option("--level", type=click.Choice(LEVELS), help="Only portals of this level.")
@click.option("--status", type=click.Choice(STATUSES), help="Only portals with this status.")
@json_option
@data_dir_option
def list_cmd(
    province: str | None, level: str | None, status: str | None, as_json: bool, data_dir: str | None
) -> None:
    """List catalogued portals with their units (historical and current)."""
    with open_database(config_for(data_dir))() as session:
        found = list_portals(session, level=level, province=province, status=status)
        if as_json:
            render.print_json([portal_json(p) for p in found])
        else:
            render.print_fitted(PORTAL_COLUMNS, portal_rows(found))
            render.console.print(f"{len(found)} portal(s)")


UNIT_HELP = (
    "Its unit: a name, with or without diacritics or type word ('Xã Tân Hưng', 'tan hung', "
    "'Tân Hưng, Hải Phòng'), or a GSO code (before 2025; new:CODE since)."
)


@portals.command("add")
@click.argument("url")
@click.option("--unit", metavar="NAME|CODE", help=UNIT_HELP)
@click.option("--level", type=click.Choice(LEVELS), help="Default: from the hostname or unit.")
@click.option("--status", type=click.Choice(STATUSES), help="Default: from the probe, or unknown.")
@click.option("--proxy", help="HTTP proxy for the probe of a bare host. Env: VNARCHIVE_PROXY.")
@click.option(
    "--timeout", type=FiniteFloatRange(min=0.1, max=600), default=5.0, show_default=True,
    help="Seconds per probe request.",
)  # fmt: skip
@click.option("--no-probe", is_flag=True, help="A bare host: take https without asking it.")
@json_option
@data_dir_option
def add_cmd(
    url: str,
    unit: str | None,
    level: str | None,
    status: str | None,
    proxy: str | None,
    timeout: float,
    no_probe: bool,
    as_json: bool,
    data_dir: str | None,
) -> None:
    """Add the portal at URL (https://host/, or a bare host: asked over https, then http)."""
    if proxy is not None and not proxy.strip():
        raise InputError("--proxy needs a URL (http://HOST:PORT); leave it out to go direct")
    config = config_for(data_dir, proxy=proxy)
    sessions = open_database(config)
    with sessions() as session:
        check_new_portal(session, url, unit=unit, level=level)  # before asking the host
    answer = None if no_probe or "://" in url else probe_bare_host(url, config.proxy, timeout)
    with sessions.begin() as session:
        address = answer.url if answer and answer.result != "failed" and answer.url else url
        portal = add_portal(session, address, unit=unit, level=level, status=status or "unknown")
        if answer is not None and answer.result != "failed":
            mark_seen(portal, status or answer.result, utcnow(), answer.redirect_to)
        reindex_portals(session, [portal.host])
        if as_json:
            render.print_json(portal_json(portal))
        else:
            unit_text = labels_of(portal).describe() or "unit unknown"
            render.console.print(f"added {portal.url} ({portal.level}; {unit_text})")


def probe_bare_host(host: str, proxy: str | None, timeout: float) -> Answer:
    """Ask a bare host over https, then http; say so when neither answers."""
    answer = probe_host(normalize_host(host), opener(proxy), timeout)
    if answer.result == "failed":
        click.echo(
            f"vnarchive: warning: {normalize_host(host)} answered neither over https nor http "
            f"({answer.error}): added as https, status unknown",
            err=True,
        )
    return answer


@portals.command("edit")
@click.argument("host")
@click.option("--level", type=click.Choice(LEVELS), help="Its level (its units are read again).")
@click.option("--unit", metavar="NAME|CODE", help=UNIT_HELP)
@click.option("--status", type=click.Choice(STATUSES), help="Its status.")
@click.option("--url", help="Its start URL, on the same host (another scheme or port).")
@json_option
@data_dir_option
def edit_cmd(
    host: str,
    level: str | None,
    unit: str | None,
    status: str | None,
    url: str | None,
    as_json: bool,
    data_dir: str | None,
) -> None:
    """Change the level, unit, status or start URL of the catalog portal HOST."""
    if level is None and unit is None and status is None and url is None:
        raise click.UsageError("give at least one of --level, --unit, --status, --url")
    with open_database(config_for(data_dir)).begin() as session:
        portal = edit_portal(session, host, level=level, unit=unit, status=status, url=url)
        reindex_portals(session, [portal.host])
        if as_json:
            render.print_json(portal_json(portal))
        else:
            unit_text = labels_of(portal).describe() or "unit unknown"
            render.console.print(
                render.escape(f"changed {portal.host}: {portal.url}, {portal.level}, "
                              f"{portal.status}; {unit_text}")
            )  # fmt: skip


@portals.command("remove")
@click.argument("host")
@data_dir_option
def remove_cmd(host: str, data_dir: str | None) -> None:
    """Remove the portal HOST from the catalog. Its archived captures and documents stay; a
    portal a schedule crawls is refused (remove the schedule first)."""
    sessions = open_database(config_for(data_dir))
    wanted = normalize_host(host)
    users = [s.id for s in list_schedules(sessions) if s.target == wanted]
    with sessions.begin() as session:
        portal = remove_portal(session, host, scheduled_by=users)
        reindex_portals(session, [portal.host])
    render.console.print(f"removed {portal.host} from the catalog (its captures are kept)")


@portals.command("import")
@click.argument("file", type=click.File("r", encoding="utf-8-sig"))
@json_option
@data_dir_option
def import_cmd(file: Any, as_json: bool, data_dir: str | None) -> None:
    """Import portals from a CSV file (as written by export); all rows or none."""
    sessions = open_database(config_for(data_dir))
    with sessions() as session:
        hosts = import_csv(session, file)
    with sessions.begin() as session:
        reindex_portals(session, hosts)
    count = len(hosts)
    if as_json:
        render.print_json({"imported": count})
    else:
        render.console.print(f"imported {count} portal(s)")


@portals.command("export")
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-")
@click.option("--province", help="Only portals of this province (old or new name).")
@click.option("--level", type=click.Choice(LEVELS))
@click.option("--status", type=click.Choice(STATUSES))
@json_option
@data_dir_option
def export_cmd(
    output: Any,
    province: str | None,
    level: str | None,
    status: str | None,
    as_json: bool,
    data_dir: str | None,
) -> None:
    """Write the catalog as CSV to stdout or to -o FILE (--json: JSON to stdout)."""
    with open_database(config_for(data_dir))() as session:
        found = list_portals(session, level=level, province=province, status=status)
        if as_json:
            render.print_json([portal_json(p) for p in found])
            return
        count = export_csv(found, output)
    if output is not sys.stdout:
        click.echo(f"exported {count} portal(s) to {output.name}", err=True)


def probe_json(p: Probe) -> dict[str, Any]:
    return {
        "host": p.candidate.host,
        "level": p.candidate.level,
        "unit": p.candidate.unit.name,
        "unit_code": p.candidate.unit.code,
        "result": p.result,
        "url": p.url,
        "http_status": p.http_status,
        "redirect_to": p.redirect_to,
        "error": p.error,
    }


def probe_table(probes: list[Probe]) -> Table:
    table = Table()
    for column in ("host", "unit", "result", "detail"):
        table.add_column(column)
    for p in probes:
        detail = p.redirect_to or p.error or f"HTTP {p.http_status} at {p.url}"
        table.add_row(p.candidate.host, p.candidate.unit.name, p.result, detail)
    return table


@portals.command("discover")
@click.option("--province", required=True, help="Old or new province name.")
@click.option(
    "--level",
    type=click.Choice(["district", "commune", "all"]),
    default="district",
    show_default=True,
    help="Which portals to look for.",
)
@click.option(
    "--proxy",
    help="HTTP proxy for every probe, and the only route out. Env: VNARCHIVE_PROXY.",
)
@click.option("--suffix", default="", help='Appended to every candidate host, e.g. ".test".')
@click.option(
    "--timeout",
    type=FiniteFloatRange(min=0.1, max=600),
    default=5.0,
    show_default=True,
    help="Seconds per request.",
)
@click.option(
    "--concurrency",
    type=click.IntRange(1, 64),
    default=16,
    show_default=True,
    help="Probes at once.",
)
@click.option("--dry-run", is_flag=True, help="Print the candidate hosts; probe nothing.")
@json_option
@data_dir_option
def discover_cmd(
    province: str,
    level: str,
    proxy: str | None,
    suffix: str,
    timeout: float,
    concurrency: int,
    dry_run: bool,
    as_json: bool,
    data_dir: str | None,
) -> None:
    """Find the district/commune portals of a province by probing hostnames made from
    unit names (<district>.<province>.gov.vn, <commune>.<district>.<province>.gov.vn)."""
    if suffix and not re.fullmatch(r"(\.[a-z0-9-]+)+", suffix):
        raise InputError(f"--suffix must be like .test (a dot and a host label), not {suffix!r}")
    found = candidates(province, level, suffix)
    if dry_run:
        for c in found:
            click.echo(f"{c.host}\t{c.level}\t{c.unit.code}\t{c.unit.name}")
        return
    if proxy is not None and not proxy.strip():
        raise InputError("--proxy needs a URL (http://HOST:PORT); leave it out to go direct")
    config = config_for(data_dir, proxy=proxy)
    started = time.monotonic()
    probes = probe_all(found, proxy=config.proxy, timeout=timeout, concurrency=concurrency)
    elapsed = time.monotonic() - started
    with open_database(config)() as session:
        record(session, probes, utcnow())
        reindex_portals(session, [p.candidate.host for p in probes if p.result != "failed"])
        session.commit()
    if as_json:
        render.print_json([probe_json(p) for p in probes])
        return
    answered = [p for p in probes if p.result != "failed"]
    render.console.print(probe_table(answered) if answered else "no portal answered")
    counts = {r: sum(p.result == r for p in probes) for r in ("active", "moved", "failed")}
    render.console.print(
        f"{len(probes)} candidate(s) probed in {elapsed:.1f} s: {counts['active']} active, "
        f"{counts['moved']} moved, {counts['failed']} failed"
    )
