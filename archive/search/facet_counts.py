"""Facet counts of a search: how its matches spread over provinces, portals, years…

Counting every match's facets would cost as much as the matches are many ("Đảng bộ" is in
most documents). So the facets are counted over the ``limit`` most recently archived
matches (1,000 by default), read from the index's facet column in one walk; ``complete``
says whether that was every match. The counts are labelled from the catalog (unit names
before and after 2025) and from the documents counted (hosts, categories).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.catalog.units import new_units, old_units
from archive.db.models import Document
from archive.extract.office.doctypes import TYPES
from archive.search.facets import Filters, category_token, doctype_token, host_token
from archive.search.index import index_for
from archive.search.query import parse_query

FACET_SAMPLE = 1000
# facet (the Filters field and URL parameter it sets) → token prefix, in display order
PREFIXES = {
    "old_province": "zpo",
    "new_province": "zpn",
    "district": "zdo",
    "commune": "zco",
    "new_commune": "zcn",
    "level": "zl",
    "portal": "zh",
    "category": "zg",
    "doctype": "zx",
    "year": "zy",
    "kind": "zk",
}
_UNITS = {
    "old_province": ("old", "province"),
    "district": ("old", "district"),
    "commune": ("old", "commune"),
    "new_province": ("new", "province"),
    "new_commune": ("new", "commune"),
}


@dataclass(frozen=True)
class FacetValue:
    value: str  # what the facet's filter takes: a code, a level, a host, a year…
    label: str
    count: int


@dataclass(frozen=True)
class FacetCounts:
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    counted: int = 0  # matches whose facets were counted
    complete: bool = True  # every match was counted


@lru_cache(maxsize=65536)  # a thousand matches share a few hundred tokens
def _facet_of(token: str) -> tuple[str, str] | None:
    for name, prefix in PREFIXES.items():
        rest = token[len(prefix) :]
        if token.startswith(prefix) and rest and (name != "year" or rest.isdigit()):
            if name in _UNITS and not rest.isdigit():
                continue
            return name, rest
    return None


def _unit_label(name: str, code: str) -> str:
    era, level = _UNITS[name]
    table = old_units() if era == "old" else new_units()
    unit = table.find(level, int(code))
    if unit is None:
        return code
    parent = table.parent_of(unit) if level != "province" else None
    return f"{unit.name} ({parent.name})" if parent is not None else unit.name


def _documents_labels(session: Session, ids: list[int]) -> dict[str, tuple[str, str]]:
    """Token → (value, label) for the hosts and categories of the documents counted."""
    out: dict[str, tuple[str, str]] = {}
    for start in range(0, len(ids), 500):
        rows = session.execute(
            select(Document.host, Document.category)
            .where(Document.id.in_(ids[start : start + 500]))
            .distinct()
        )
        for host, category in rows:
            out[host_token(host)] = (host, host)
            if category:
                out.setdefault(category_token(category), (category, category))
    for name in TYPES.values():  # document types are few and known
        out.setdefault(doctype_token(name), (name, name))
    return out


def _values(
    name: str, counts: Counter[str], labels: dict[str, tuple[str, str]]
) -> list[FacetValue]:
    values = []
    for rest, count in counts.items():
        if name in _UNITS:
            value, label = rest, _unit_label(name, rest)
        elif name in ("portal", "category", "doctype"):
            value, label = labels.get(PREFIXES[name] + rest, (rest, rest))
        else:
            value, label = rest, rest
        values.append(FacetValue(value, label, count))
    if name == "year":
        return sorted(values, key=lambda v: v.value, reverse=True)
    return sorted(values, key=lambda v: (-v.count, v.label))


def count_tokens(rows: Iterable[list[str]]) -> dict[str, Counter[str]]:
    """Per facet, how many of ``rows`` (each a document's tokens) hold each value."""
    counts: dict[str, Counter[str]] = {name: Counter() for name in PREFIXES}
    for tokens in rows:
        for token in set(tokens):
            found = _facet_of(token)
            if found is not None:
                counts[found[0]][found[1]] += 1
    return counts


def facet_counts(
    session: Session,
    query: str,
    filters: Filters | None = None,
    *,
    limit: int = FACET_SAMPLE,
    exact_diacritics: bool = False,
) -> FacetCounts:
    """The facets of the ``limit`` newest matches of ``query`` within ``filters``."""
    parsed = parse_query(query, exact_diacritics=exact_diacritics)
    groups = (filters or Filters()).groups()
    rows = index_for(session).facet_tokens(session, parsed, groups, limit=limit)
    counts = count_tokens(tokens for _, tokens in rows)
    labels = _documents_labels(session, [doc_id for doc_id, _ in rows])
    facets = {name: _values(name, c, labels) for name, c in counts.items() if c}
    return FacetCounts(facets, len(rows), len(rows) < limit)
