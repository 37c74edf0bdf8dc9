"""A CDX server query, as pywb's CDX server API takes it, parsed and checked.

``url`` (with ``*`` shortcuts: ``http://host/path/*`` is a prefix query, ``*.host`` a domain
query), ``matchType`` (exact, prefix, host, domain), ``from`` / ``to`` (timestamps of up to
14 digits, padded to the earliest / latest moment they cover), ``filter`` (repeatable:
``[!][=|~]field:expression``), ``limit``, ``sort`` (``reverse``, or ``closest`` with
``closest=<timestamp>``), ``output`` (cdxj, json, link, text) and ``fl`` (fields to keep).
Anything else wrong is an ``InputError`` with a one-line message (HTTP 400 on the web).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from archive.errors import InputError
from archive.timeutil import parse_timestamp14
from archive.urlkey import surt_key

MATCH_TYPES = ("exact", "prefix", "host", "domain")
SORTS = ("reverse", "closest")
OUTPUTS = ("cdxj", "json", "link", "text")
FIELDS = (
    "urlkey",
    "timestamp",
    "url",
    "mime",
    "status",
    "digest",
    "length",
    "offset",
    "filename",
    "redirect",
)
MAX_LIMIT = 100_000
# the classic CDX server's names, as pywb also accepts them in filter=
ALIASES = {"original": "url", "mimetype": "mime", "statuscode": "status"}


@dataclass(frozen=True)
class FieldFilter:
    """``filter=!~mime:text/.*``: field, how it is compared, the expression, negated."""

    field: str
    how: str  # "contains", "exact" or "regex"
    expression: str
    negate: bool = False

    def matches(self, value: str) -> bool:
        if self.how == "exact":
            found = value == self.expression
        elif self.how == "regex":
            found = re.match(self.expression, value) is not None
        else:
            found = self.expression in value
        return found != self.negate


def parse_filter(text: str) -> FieldFilter:
    negate = text.startswith("!")
    body = text[1:] if negate else text
    how = {"=": "exact", "~": "regex"}.get(body[:1], "contains")
    if how != "contains":
        body = body[1:]
    name, sep, expression = body.partition(":")
    name = ALIASES.get(name, name)
    if not sep or name not in FIELDS:
        raise InputError(
            f"filter {text!r}: expected [!][=|~]FIELD:EXPRESSION, FIELD one of {', '.join(FIELDS)}"
        )
    if how == "regex":
        try:
            re.compile(expression)
        except re.error as exc:
            raise InputError(f"filter {text!r}: bad regular expression: {exc}") from None
    return FieldFilter(name, how, expression, negate)


def _bound(value: str | None, name: str, *, end: bool) -> datetime | None:
    if not value:
        return None
    start = parse_timestamp14(value)
    if not end or len(value) == 14:
        return start
    # the last moment the timestamp covers: 2024 → 20241231235959
    width = {4: "years", 6: "months", 8: "days", 10: "hours", 12: "minutes"}.get(len(value))
    if width is None:
        raise InputError(f"{name} {value!r}: a timestamp has 4, 6, 8, 10, 12 or 14 digits")
    try:
        if width == "years":
            return start.replace(year=start.year + 1) - timedelta(seconds=1)
        if width == "months":
            following = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
            return following - timedelta(seconds=1)
        return start + timedelta(**{width: 1}) - timedelta(seconds=1)
    except (ValueError, OverflowError):  # a span that ends with the year 9999
        return start.replace(month=12, day=31, hour=23, minute=59, second=59)


@dataclass(frozen=True)
class CdxQuery:
    url: str
    match_type: str = "exact"
    start: datetime | None = None  # from
    end: datetime | None = None  # to, inclusive
    filters: tuple[FieldFilter, ...] = ()
    limit: int | None = None
    sort: str | None = None
    closest: datetime | None = None
    output: str = "cdxj"
    fields: tuple[str, ...] | None = None

    @property
    def key(self) -> str:
        return surt_key(self.url)

    def key_range(self) -> tuple[str, str | None]:
        """``(first key, end key)``: SURT keys from the first (inclusive) to the end
        (exclusive), compared byte by byte; ``None`` end: the exact key only."""
        key = self.key
        if self.match_type == "exact":
            return key, None
        host = key.split(")", 1)[0]
        if self.match_type == "host":
            return host + ")/", host + ")0"  # "0" is the byte after "/"
        if self.match_type == "domain":
            return host + ")", host + "-"  # ")" to "," (0x29-0x2c): the host and its subdomains
        return key, key[:-1] + chr(ord(key[-1]) + 1)


def _one(params: Mapping[str, Sequence[str]], name: str) -> str | None:
    values = params.get(name) or []
    return values[-1] if values else None


def _shortcuts(url: str, match_type: str | None) -> tuple[str, str]:
    if url.startswith("*."):
        return url[2:], match_type or "domain"
    if url.endswith("*"):
        return url[:-1], match_type or "prefix"
    return url, match_type or "exact"


def parse_cdx_query(params: Mapping[str, Sequence[str]]) -> CdxQuery:
    """A query from the parameters of ``/cdx?…`` (each name with its list of values)."""
    raw = (_one(params, "url") or "").strip()
    if not raw:
        raise InputError("the url parameter is required, as in /cdx?url=example.com/")
    url, match_type = _shortcuts(raw, _one(params, "matchType"))
    if match_type not in MATCH_TYPES:
        raise InputError(f"matchType must be one of {', '.join(MATCH_TYPES)}, not {match_type!r}")
    sort = _one(params, "sort") or None
    if sort is not None and sort not in SORTS:
        raise InputError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
    closest = _bound(_one(params, "closest"), "closest", end=False)
    if sort == "closest" and (closest is None or match_type != "exact"):
        raise InputError("sort=closest needs closest=<timestamp> and matchType=exact")
    output = _one(params, "output") or "cdxj"
    if output not in OUTPUTS:
        raise InputError(f"output must be one of {', '.join(OUTPUTS)}, not {output!r}")
    limit_text = _one(params, "limit")
    if limit_text is not None and not (limit_text.isdigit() and 0 < int(limit_text) <= MAX_LIMIT):
        raise InputError(f"limit must be a whole number from 1 to {MAX_LIMIT}, not {limit_text!r}")
    fields = None
    if _one(params, "fl"):
        fields = tuple(f.strip() for f in (_one(params, "fl") or "").split(",") if f.strip())
        unknown = [f for f in fields if f not in FIELDS]
        if unknown:
            raise InputError(f"fl: unknown field {unknown[0]!r} (fields: {', '.join(FIELDS)})")
    return CdxQuery(
        url=url,
        match_type=match_type,
        start=_bound(_one(params, "from"), "from", end=False),
        end=_bound(_one(params, "to"), "to", end=True),
        filters=tuple(parse_filter(f) for f in params.get("filter") or []),
        limit=int(limit_text) if limit_text else None,
        sort=sort,
        closest=closest,
        output=output,
        fields=fields,
    )
