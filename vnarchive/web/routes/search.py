"""The search page: a query with or without diacritics, facets, a date range, sorting, pages.

Parameters (all optional but ``q``): ``q``, ``exact=1`` (diacritics as typed only),
``sort`` (relevance, newest), ``page`` (from 1), ``per_page`` (up to 100), ``from`` / ``to``
(DD/MM/YYYY, MM/YYYY or YYYY), and the facets' filters: ``province`` (a name, old or new),
``old_province``, ``new_province``, ``district``, ``commune``, ``new_commune`` (GSO codes),
``level``, ``portal``, ``category``, ``doctype``, ``year``, ``kind``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response

from archive.catalog.labels import UnitLabels, labels_for_host
from archive.documents.syndication import Publisher, publishers
from archive.errors import InputError
from archive.search import Filters, SearchPage, search
from archive.search.dates import parse_day
from archive.search.facet_counts import PREFIXES, FacetCounts, facet_counts
from archive.search.index import SORTS
from vnarchive.web.negotiate import page
from vnarchive.web.shapes import hit_json
from vnarchive.web.state import state_of

PER_PAGE = 20
MAX_PER_PAGE = 100
_INTEGER = ("old_province", "new_province", "district", "commune", "new_commune", "year")
_TEXT = ("province", "level", "portal", "category", "doctype", "kind", "issuer")
FILTER_PARAMS = _TEXT + _INTEGER + ("from", "to", "issued_from", "issued_to")


def _int(name: str, value: str, low: int = 0, high: int = 10**9) -> int:
    if not value.strip().isdigit() or not low <= int(value) <= high:
        raise InputError(f"{name} must be a whole number from {low} to {high}, not {value!r}")
    return int(value)


def filters_from(params: dict[str, str]) -> Filters:
    values: dict[str, Any] = {name: params[name] for name in _TEXT if params.get(name)}
    values |= {name: _int(name, params[name]) for name in _INTEGER if params.get(name)}
    if params.get("from"):
        values["date_from"] = parse_day(params["from"])
    if params.get("to"):
        values["date_to"] = parse_day(params["to"], end=True)
    if params.get("issued_from"):
        values["issued_from"] = parse_day(params["issued_from"])
    if params.get("issued_to"):
        values["issued_to"] = parse_day(params["issued_to"], end=True)
    filters = Filters(**values)
    filters.groups()  # a bad level, province or range: one line, before the index
    return filters


def _options(request: Request) -> dict[str, Any]:
    params = {k: v.strip() for k, v in request.query_params.items() if v.strip()}
    sort = params.get("sort", "relevance")
    if sort not in SORTS:
        raise InputError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
    return {
        "q": params.get("q", ""),
        "params": params,
        "sort": sort,
        "exact": params.get("exact") in ("1", "on", "true"),
        "collapse": params.get("collapse") in ("1", "on", "true"),
        "page": _int("page", params.get("page", "1"), 1, 50_000),
        "per_page": _int("per_page", params.get("per_page", str(PER_PAGE)), 1, MAX_PER_PAGE),
        "filters": filters_from(params),
    }


def _link(params: dict[str, str], **changes: Any) -> str:
    merged = {**params, **{k: str(v) for k, v in changes.items() if v is not None}}
    merged = {k: v for k, v in merged.items() if k not in changes or changes[k] is not None}
    return "/search?" + urlencode(merged)


def _facets_json(counts: FacetCounts, params: dict[str, str]) -> dict[str, Any]:
    out = {}
    for name in PREFIXES:
        values = counts.facets.get(name, [])
        if not values:
            continue
        out[name] = [
            {
                "value": v.value,
                "label": v.label,
                "count": v.count,
                "selected": params.get(name) == v.value,
                "link": _link(params, **{name: None if params.get(name) == v.value else v.value},
                              page=None),
            }
            for v in values
        ]  # fmt: skip
    return out


def _results(
    result: SearchPage,
    units: dict[str, UnitLabels],
    options: dict[str, Any],
    stories: dict[int, list[Publisher]],
) -> dict[str, Any]:
    pages = max(1, -(-result.total // options["per_page"]))
    params = options["params"]
    shown = result.offset + len(result.hits)
    more = shown < result.total or (not result.total_exact and len(result.hits) == result.limit)
    return {
        "total": result.total,
        "total_exact": result.total_exact,
        "total_estimated": result.total_estimated,
        "offset": result.offset,
        "limit": result.limit,
        "page": options["page"],
        "pages": pages,
        "previous": _link(params, page=options["page"] - 1) if options["page"] > 1 else None,
        "next": _link(params, page=options["page"] + 1) if more else None,
        "hits": [hit_json(h, units[h.host], stories.get(h.document_id, [])) for h in result.hits],
    }


def search_page(request: Request) -> Response:
    options = _options(request)
    state = state_of(request)
    data: dict[str, Any] = {
        "query": options["q"],
        "sort": options["sort"],
        "exact_diacritics": options["exact"],
        "filters": {k: v for k, v in options["params"].items() if k in FILTER_PARAMS},
    }
    if not options["q"]:
        return page(request, "search.html", data | {"hits": [], "total": 0})
    with state.sessions() as session:
        result = search(
            session,
            options["q"],
            limit=options["per_page"],
            offset=(options["page"] - 1) * options["per_page"],
            filters=options["filters"],
            sort=options["sort"],
            count_limit=state.config.search_count_limit,
            exact_diacritics=options["exact"],
            collapse=options["collapse"],
        )
        units = {h.host: labels_for_host(session, h.host) or UnitLabels() for h in result.hits}
        stories = publishers(session, [h.document_id for h in result.hits])
        counts = facet_counts(
            session, options["q"], options["filters"], exact_diacritics=options["exact"]
        )
    data |= _results(result, units, options, stories)
    data |= {
        "facets": _facets_json(counts, options["params"]),
        "facets_counted": counts.counted,
        "facets_complete": counts.complete,
        "clear_filters": _link({"q": options["q"], "sort": options["sort"]}),
    }
    return page(request, "search.html", data)
