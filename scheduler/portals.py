"""What a schedule crawls: one catalog portal, or every crawlable portal of a level."""

from __future__ import annotations

from sqlalchemy.orm import Session

from archive.catalog import LEVELS, find_portal, list_portals
from scheduler.errors import UnknownPortal

__all__ = ["LEVELS", "hosts_of", "level_target", "portal_of", "seeds_of", "target_level"]
NOT_CRAWLED = ("gone", "moved")  # a level schedule crawls active and not-yet-probed portals


def level_target(level: str) -> str:
    return f"level:{level}"


def target_level(target: str) -> str | None:
    return target.removeprefix("level:") if target.startswith("level:") else None


def portal_of(session: Session, host: str) -> tuple[str, str, str]:
    """(host, level, start URL) of a catalog portal; ``UnknownPortal`` if it is not there."""
    portal = find_portal(session, host)
    if portal is None:
        raise UnknownPortal(host)
    return portal.host, portal.level, portal.url


def seeds_of(session: Session, target: str) -> list[str]:
    """Start URLs of a target, read from the catalog when the crawl starts."""
    level = target_level(target)
    if level is None:
        return [portal_of(session, target)[2]]
    portals = list_portals(session, level=level)
    return [p.url for p in portals if p.status not in NOT_CRAWLED]


def hosts_of(session: Session, target: str) -> list[str]:
    level = target_level(target)
    if level is None:
        return [target]
    return [p.host for p in list_portals(session, level=level) if p.status not in NOT_CRAWLED]
