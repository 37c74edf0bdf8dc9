"""Filters as index tokens: a document's portal, units, level and year, searchable like words.

Each document is indexed with facet tokens beside its words (``zlcommune``, ``zpo30`` for the
pre-2025 province code 30, ``zpn31`` for the post-2025 one, …) in a column of their own. A
filtered search is then one index query — the words' postings intersected with the facets'
— instead of a scan of every match against the catalog: unit filters stay as fast as the
words are, whatever the archive's size. The tokens come from the portal catalog when the
document is indexed; a catalog change re-indexes the facets of the hosts it touched.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from archive.catalog.lookup import resolve_province
from archive.catalog.models import LEVELS, Portal
from archive.catalog.names import normalize_host
from archive.catalog.portals import check_choice, portal_for_units
from archive.timeutil import to_local


def host_token(host: str) -> str:
    return "zh" + hashlib.sha1(host.lower().encode()).hexdigest()[:12]


def unit_tokens(portal: Portal | None) -> list[str]:
    if portal is None:
        return []
    out = [f"zl{portal.level}"]
    for era, level, code in (
        ("o", "p", portal.old_province_code),
        ("o", "d", portal.old_district_code),
        ("o", "c", portal.old_commune_code),
        ("n", "p", portal.new_province_code),
        ("n", "c", portal.new_commune_code),
    ):
        if code is not None:
            out.append(f"z{level}{era}{code}")
    return out


def document_facets(
    session: Session, host: str, published_at: datetime | None, kind: str = "article"
) -> list[str]:
    """The facet tokens of a document of ``host``."""
    out = [host_token(host), f"zk{kind}"]
    out += unit_tokens(portal_for_units(session, host))
    local = to_local(published_at)
    if local is not None:
        out.append(f"zy{local.year}")
    return out


@dataclass(frozen=True)
class Filters:
    """What a search is restricted to; every field optional."""

    province: str | None = None  # an old or new province name, diacritics optional
    level: str | None = None
    portal: str | None = None  # a host
    year: int | None = None
    kind: str | None = None

    def groups(self) -> list[list[str]]:
        """Facet tokens, as groups that must each match (any token of a group)."""
        out: list[list[str]] = []
        if self.level is not None:
            out.append([f"zl{check_choice('level', self.level, LEVELS)}"])
        if self.province is not None:
            match = resolve_province(self.province)
            codes = [f"zpo{c}" for c in sorted(match.old_codes)]
            codes += [f"zpn{c}" for c in sorted(match.new_codes)]
            out.append(codes)
        if self.portal is not None:
            out.append([host_token(normalize_host(self.portal))])
        if self.year is not None:
            out.append([f"zy{self.year}"])
        if self.kind is not None:
            out.append([f"zk{self.kind}"])
        return out
