"""Faults of sitemaps (named in the hostile host's robots.txt): input that makes naive regexes
backtrack, an endless tree of sitemap indexes, and a gzip file sitemap."""

from __future__ import annotations

import functools
import gzip
import re
from xml.sax.saxutils import escape

from sandbox.hostile.faults import BASE, Ask, Fault
from sandbox.hostile.pages import article_text, not_found, page
from sandbox.response import Response

NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
XML = "application/xml; charset=utf-8"
TREE = f"{BASE}/so-do/cay/"
PAGES = 5
BACKTRACK_MARKER = "Bài viết từ sơ đồ trang"
GZ_MARKER = "Bài viết từ sơ đồ nén"

# <lastmod> values that make patterns like (\s*)*$, (\d+-?)+$ or .*T.*: backtrack for ages
_EVIL_LASTMODS = (
    "2024-01-01" + " " * 8000 + "!",
    "2024-" * 1500 + "x",
    " \t\n" * 2000 + "T",
    "2024-01-01T" + "0" * 5000 + "Z+",
    "\u00a0" * 1000 + "2024-13-45T25:61:61+99:99",
)


def urlset(entries: list[tuple[str, str | None]]) -> str:
    rows = "".join(
        f"<url><loc>{escape(loc)}</loc>"
        + (f"<lastmod>{escape(mod)}</lastmod>" if mod is not None else "")
        + "</url>\n"
        for loc, mod in entries
    )
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset {NS}>\n{rows}</urlset>\n'


def sitemapindex(locs: list[str]) -> str:
    rows = "".join(f"<sitemap><loc>{escape(loc)}</loc></sitemap>\n" for loc in locs)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex {NS}>\n{rows}</sitemapindex>\n'


def _xml(text: str) -> Response:
    return Response(200, [("Content-Type", XML)], text.encode("utf-8"))


# -- the backtracking sitemap ----------------------------------------------------------------
@functools.cache
def backtrack_sitemap() -> bytes:
    entries: list[tuple[str, str | None]] = [
        (f"   {BASE}/so-do/bai-{i}.html\n  ", _EVIL_LASTMODS[i - 1]) for i in range(1, PAGES + 1)
    ]
    return urlset(entries).encode("utf-8")


def _backtrack(ask: Ask) -> Response:
    if ask.path == "/sitemap-backtrack.xml":
        return Response(200, [("Content-Type", XML)], backtrack_sitemap())
    number = ask.path.removeprefix("/so-do/bai-").removesuffix(".html")
    if number.isdigit() and 1 <= int(number) <= PAGES:
        return page(f"{BACKTRACK_MARKER} {number}", article_text(BACKTRACK_MARKER, number))
    return not_found()


# -- the endless index tree ------------------------------------------------------------------
_INDEX = re.compile(r"index((?:-[1-3])*)\.xml")
_URLSET = re.compile(r"trang((?:-[1-3])*)\.xml")
_PAGE = re.compile(r"bai((?:-[1-3])*)-([12])\.html")


def _tree(ask: Ask) -> Response:
    name = ask.path.removeprefix("/so-do/cay/")
    if match := _INDEX.fullmatch(name):
        at = match.group(1)
        children = [f"{TREE}index{at}-{k}.xml" for k in (1, 2, 3)]
        return _xml(sitemapindex([f"{TREE}trang{at}.xml", *children]))
    if match := _URLSET.fullmatch(name):
        at = match.group(1)
        return _xml(urlset([(f"{TREE}bai{at}-{j}.html", "2024-03-01") for j in (1, 2)]))
    if match := _PAGE.fullmatch(name):
        title = f"Bài viết trong cây sơ đồ {match.group(1) or '-0'}-{match.group(2)}"
        return page(title, article_text(title, match.group(2)))
    return not_found()


# -- the gzip file sitemap -------------------------------------------------------------------
@functools.cache
def gz_sitemap() -> bytes:
    entries: list[tuple[str, str | None]] = [
        (f"{BASE}/so-do/gz-{i}.html", "2024-02-28T08:00:00+07:00") for i in range(1, PAGES + 1)
    ]
    return gzip.compress(urlset(entries).encode("utf-8"), mtime=0)


def _gz(ask: Ask) -> Response:
    if ask.path == "/sitemap-trang.xml.gz":
        return Response(200, [("Content-Type", "application/x-gzip")], gz_sitemap())
    number = ask.path.removeprefix("/so-do/gz-").removesuffix(".html")
    if number.isdigit() and 1 <= int(number) <= PAGES:
        return page(f"{GZ_MARKER} {number}", article_text(GZ_MARKER, number))
    return not_found()


def faults() -> list[Fault]:
    return [
        Fault(
            id="sitemap-backtrack",
            category="sitemaps",
            urls=(f"{BASE}/sitemap-backtrack.xml",),
            prefixes=(f"{BASE}/sitemap-backtrack.xml", f"{BASE}/so-do/bai-"),
            does=f"A ~30 KB sitemap of {PAGES} pages whose <lastmod>s hold thousands of spaces, "
            "repeated '2024-', zeros and no-break spaces: catastrophic backtracking for naive "
            "regexes; its <loc>s are padded with whitespace.",
            expected=f"parsed in bounded time; the {PAGES} pages it lists are fetched (locs "
            "trimmed), the unparseable lastmods ignored",
            outcome="archived",
            answer=_backtrack,
            marker=BACKTRACK_MARKER,
            reads=tuple(f"{BASE}/so-do/bai-{i}.html" for i in range(1, PAGES + 1)),
            limit=2 * (PAGES + 1),
            linked=False,
        ),
        Fault(
            id="sitemap-endless-index",
            category="sitemaps",
            urls=(f"{TREE}index.xml",),
            prefixes=(TREE,),
            does="A sitemap index listing three deeper indexes and one urlset of two pages, "
            "every index alike, forever (index-1-3-2-... .xml): new URLs at every level.",
            expected="bounded: sitemap recursion stops by depth or count; at most 100 requests",
            outcome="bounded",
            answer=_tree,
            limit=100,
            linked=False,
        ),
        Fault(
            id="sitemap-gzip-file",
            category="sitemaps",
            urls=(f"{BASE}/sitemap-trang.xml.gz",),
            prefixes=(f"{BASE}/sitemap-trang.xml.gz", f"{BASE}/so-do/gz-"),
            does=f"A sitemap sent as a gzip file (Content-Type: application/x-gzip, no "
            f"Content-Encoding) listing {PAGES} real pages.",
            expected=f"the file is gunzipped and read: its {PAGES} pages are fetched and archived",
            outcome="archived",
            answer=_gz,
            marker=GZ_MARKER,
            reads=tuple(f"{BASE}/so-do/gz-{i}.html" for i in range(1, PAGES + 1)),
            limit=2 * (PAGES + 1),
            linked=False,
        ),
    ]
