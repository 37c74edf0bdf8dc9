"""Filters as index tokens: a document's portal, units, level, category and date, searchable
like words.

Each document is indexed with facet tokens beside its words (``zlcommune``, ``zpo30`` for the
pre-2025 province code 30, ``zpn31`` for the post-2025 one, …) in a column of their own. A
filtered search is then one index query — the words' postings intersected with the facets'
— instead of a scan of every match against the catalog: unit filters stay as fast as the
words are, whatever the archive's size. The tokens come from the portal catalog when the
document is indexed; a catalog change re-indexes the facets of the hosts it touched.

=========  ======================================  ==========================
prefix     what                                    example
=========  ======================================  ==========================
``zh``     portal host (hashed)                    ``zh5d41402abc4b``
``zk``     kind of page                            ``zkarticle``
``zl``     level of the portal's unit              ``zlcommune``
``zpo``    province before 2025 (GSO code)         ``zpo30``
``zdo``    district before 2025                    ``zdo288``
``zco``    commune before 2025                     ``zco10705``
``zpn``    province since 2025                     ``zpn31``
``zcn``    commune since 2025                      ``zcn10705``
``zg``     category (hashed)                       ``zg0cc175b9c0``
``zx``     official document type (hashed)        ``zx92eb5ffee6``
``zr``     a word of the issuer's name             ``zrkinh``
``zy``     year (Asia/Ho_Chi_Minh)                 ``zy2024``
``zm``     month                                   ``zm202402``
``zq``     day                                     ``zq20240227``
``ziy``    year an official document was issued    ``ziy2024``
``zim``    month it was issued                     ``zim202402``
``ziq``    day it was issued                       ``ziq20240214``
=========  ======================================  ==========================

A document's date is the one it was published, else the day it was first archived; an
official document's (its file, its notice pages) is also its issue date, under ``zi``. A
date range is a group of year, month and day tokens that tile it (``date_tokens``). The
issuer's words are tokens of their own, ``UBND`` and ``HĐND`` standing also for their
words, so ``--issuer "ubnd kinh mon"`` finds "ỦY BAN NHÂN DÂN THỊ XÃ KINH MÔN".
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from archive.catalog.lookup import resolve_province
from archive.catalog.models import LEVELS, Portal
from archive.catalog.names import normalize_host
from archive.catalog.portals import check_choice, portal_for_units
from archive.errors import InputError
from archive.extract.office.doctypes import ABBREVIATIONS, TYPES
from archive.search.folding import token_text
from archive.timeutil import to_local

EARLIEST = date(1945, 1, 1)  # an open date range starts here


def host_token(host: str) -> str:
    return "zh" + hashlib.sha1(host.lower().encode()).hexdigest()[:12]


def _hashed(prefix: str, label: str) -> str:
    return prefix + hashlib.sha1(token_text(label).encode()).hexdigest()[:10]


def category_token(category: str) -> str:
    """``Tin tức - Sự kiện`` and ``tin tuc su kien`` are one category."""
    return _hashed("zg", category)


def doctype_name(doctype: str) -> str:
    """A document type as the archive names it: ``quyet dinh``, ``QĐ`` → ``Quyết định``."""
    key = token_text(doctype)
    return TYPES.get(key) or ABBREVIATIONS.get(key.replace(" ", "")) or doctype.strip()


def doctype_token(doctype: str) -> str:
    return _hashed("zx", doctype_name(doctype))


# the issuer's abbreviations, and the words they stand for
_ISSUER_WORDS = {"ubnd": "uy ban nhan dan", "hdnd": "hoi dong nhan dan", "tu": "trung uong"}


def issuer_words(issuer: str) -> list[str]:
    """The issuer's folded words, an abbreviation also as the words it stands for."""
    out: list[str] = []
    for word in token_text(issuer).split():
        out.append(word)
        out += _ISSUER_WORDS.get(word, "").split()
    return list(dict.fromkeys(out))


def issuer_tokens(issuer: str) -> list[str]:
    return [f"zr{word}" for word in issuer_words(issuer)]


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


def day_tokens(day: date, prefix: str = "z") -> list[str]:
    return [f"{prefix}y{day:%Y}", f"{prefix}m{day:%Y%m}", f"{prefix}q{day:%Y%m%d}"]


ISSUED = "zi"  # the prefix of issue-date tokens


def document_facets(
    session: Session,
    host: str,
    published_at: datetime | None,
    kind: str = "article",
    *,
    category: str | None = None,
    doctype: str | None = None,
    issuer: str | None = None,
    issued: date | None = None,
) -> list[str]:
    """The facet tokens of a document of ``host``, dated ``published_at`` (or, for a page
    without a date, the day it was first archived); an official document's type, issuer
    and issue date when it is (or announces) one."""
    out = [host_token(host), f"zk{kind}"]
    out += unit_tokens(portal_for_units(session, host))
    if category and token_text(category):
        out.append(category_token(category))
    if doctype and token_text(doctype):
        out.append(doctype_token(doctype))
    if issuer:
        out += issuer_tokens(issuer)
    local = to_local(published_at)
    if local is not None:
        out += day_tokens(local.date())
    if issued is not None:
        out += day_tokens(issued, ISSUED)
    return out


def _next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def date_tokens(start: date | None, end: date | None, prefix: str = "z") -> list[str]:
    """Year, month and day tokens that tile ``start``–``end`` (inclusive; local dates):
    whole years as years, whole months as months, the days at either end as days;
    ``prefix`` ``zi`` for issue dates."""
    start = start or EARLIEST
    end = end or date(date.today().year + 1, 12, 31)
    if start > end:
        raise InputError(f"the date range starts after it ends: {start:%d/%m/%Y} > {end:%d/%m/%Y}")
    out, day = [], start
    while day <= end:
        year_end = date(day.year, 12, 31)
        month_end = _next_month(day) - timedelta(days=1)
        if day.month == 1 and day.day == 1 and year_end <= end:
            out.append(f"{prefix}y{day:%Y}")
            day = year_end + timedelta(days=1)
        elif day.day == 1 and month_end <= end:
            out.append(f"{prefix}m{day:%Y%m}")
            day = month_end + timedelta(days=1)
        else:
            out.append(f"{prefix}q{day:%Y%m%d}")
            day += timedelta(days=1)
    return out


@dataclass(frozen=True)
class Filters:
    """What a search is restricted to; every field optional."""

    province: str | None = None  # an old or new province name, diacritics optional
    level: str | None = None
    portal: str | None = None  # a host
    year: int | None = None
    kind: str | None = None
    old_province: int | None = None  # GSO codes, as facets give them
    new_province: int | None = None
    district: int | None = None  # before 2025
    commune: int | None = None  # before 2025
    new_commune: int | None = None
    category: str | None = None
    doctype: str | None = None
    date_from: date | None = None  # local dates, inclusive
    date_to: date | None = None
    issuer: str | None = None  # words of an official document's issuer, all of them
    issued_from: date | None = None  # an official document's issue date, inclusive
    issued_to: date | None = None

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
        coded = (
            ("zpo", self.old_province),
            ("zpn", self.new_province),
            ("zdo", self.district),
            ("zco", self.commune),
            ("zcn", self.new_commune),
            ("zy", self.year),
        )
        out += [[f"{prefix}{value}"] for prefix, value in coded if value is not None]
        if self.kind is not None:
            out.append([f"zk{self.kind}"])
        if self.category is not None:
            out.append([category_token(self.category)])
        if self.doctype is not None:
            out.append([doctype_token(self.doctype)])
        if self.date_from is not None or self.date_to is not None:
            out.append(date_tokens(self.date_from, self.date_to))
        if self.issuer is not None:
            words = token_text(self.issuer).split()
            if not words:
                raise InputError(f"--issuer {self.issuer!r} has no letters or digits")
            for word in words:  # each word typed, or the words an abbreviation stands for
                out += [[f"zr{w}"] for w in _ISSUER_WORDS.get(word, word).split()]
        if self.issued_from is not None or self.issued_to is not None:
            out.append(date_tokens(self.issued_from, self.issued_to, ISSUED))
        return out
