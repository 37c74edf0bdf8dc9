"""One portal as a web site: the data its pages show and the answer to each path."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from datetime import datetime
from urllib.parse import parse_qsl

from sandbox import assets, feeds
from sandbox.clock import iso
from sandbox.content import Content
from sandbox.dates import format_date
from sandbox.documents import web
from sandbox.httputil import http_date
from sandbox.layouts import LAYOUTS, Route
from sandbox.model import Article, PortalState, SiteModel
from sandbox.portals import Category
from sandbox.response import Response, redirect
from sandbox.slug import unaccent
from sandbox.weight import weigh
from sandbox.widgets import Counters, Tthc, counters, tthc

SEARCH_PAGE = 10


class PortalSite:
    def __init__(self, model: SiteModel, state: PortalState) -> None:
        self.model, self.state, self.spec = model, state, state.spec
        self.base = f"http://{self.spec.host}"
        self.categories = self.spec.category_list()
        self.layout = LAYOUTS[self.spec.layout](self)

    # -- data for the pages ------------------------------------------------------------------
    @property
    def seed(self) -> int:
        return self.model.seed

    @property
    def now(self) -> datetime:
        return self.model.clock.now

    def iso(self, moment: datetime) -> str:
        return iso(moment)

    def date(self, moment: datetime) -> str:
        return format_date(moment, self.spec.date_style)

    def content(self, art: Article) -> Content:
        return art.content(self.seed)

    def latest(self, count: int | None = None) -> list[Article]:
        return self.state.newest()[:count]

    def in_category(self, cat: Category, ghosts: bool = True) -> list[Article]:
        return self.state.newest(cat, ghosts)

    def pages(self, cat: Category) -> int:
        return max(1, math.ceil(len(self.in_category(cat)) / self.layout.page_size))

    def _siblings(self, art: Article) -> tuple[list[Article], int]:
        arts = self.state.newest(art.category)
        return arts, arts.index(art)

    def newer(self, art: Article, count: int) -> list[Article]:
        arts, i = self._siblings(art)
        return arts[max(0, i - count) : i]

    def older(self, art: Article, count: int) -> list[Article]:
        arts, i = self._siblings(art)
        return arts[i + 1 : i + 1 + count]

    def related(self, art: Article, count: int) -> list[Article]:
        """Older articles of the same topic group from other categories, else any older."""
        older = [a for a in self.state.newest() if a.date < art.date and a.category != art.category]
        same = [a for a in older if a.group == art.group]
        return (same + [a for a in older if a.group != art.group])[:count]

    def counters(self) -> Counters:
        return counters(self.seed, self.spec.host, self.spec.level, self.model.clock.days)

    def tthc(self) -> Tthc:
        return tthc(self.seed, self.spec.host, self.spec.level, self.now)

    def neighbours(self) -> list[tuple[str, str]]:
        """Parent and child portals in the sandbox, for "Liên kết website"."""
        host = self.spec.host
        return [
            (s.spec.host, s.spec.name)
            for s in self.model.portals.values()
            if s.spec.host == self.spec.parent or s.spec.parent == host
        ]

    def search(self, query: str, page: int) -> list[Article]:
        folded = unaccent(query).lower().strip()
        hits = [a for a in self.latest() if folded and folded in unaccent(a.title).lower()]
        return hits[(page - 1) * SEARCH_PAGE : page * SEARCH_PAGE]

    # -- answers -----------------------------------------------------------------------------
    def headers(self, content_type: str = "text/html") -> list[tuple[str, str]]:
        layout = self.layout
        if content_type == "text/html" and self.spec.charset_in_header:
            content_type = "text/html; charset=utf-8"
        return [
            ("Content-Type", content_type),
            ("Server", layout.server),
            *layout.extra_headers,
            ("Cache-Control", layout.cache_control),
            ("Date", http_date(self.now)),
            ("Vary", "Accept-Encoding"),
        ]

    def page(
        self,
        status: int,
        html: str,
        chunked: bool = False,
        extra: list[tuple[str, str]] | None = None,
    ) -> Response:
        chunked = chunked or self.layout.chunk_all
        if status == 200 and self.model.page_weight:
            html = weigh(html, self.seed, self.spec.host, self.now.isoformat())
        if status == 200:
            html = assets.with_requisites(html)
        return Response(status, self.headers() + (extra or []), html.encode("utf-8"), chunked)

    def respond(self, path: str, raw_query: str) -> Response:
        special = self.special(path)
        if special is not None:
            return special
        document = web.respond(self, path, raw_query)
        if document is not None:
            return document
        query = dict(reversed(parse_qsl(raw_query, keep_blank_values=True)))
        route = self.layout.route(path, query)
        if route is None:
            return self.page(404, self.layout.not_found())
        target = f"{path}?{raw_query}" if raw_query else path
        return HANDLERS[route.kind](self, route, target)

    def special(self, path: str) -> Response | None:
        spec = self.spec
        text: dict[str, tuple[bool, str, Callable[[PortalSite], str]]] = {
            "/robots.txt": (True, "text/plain; charset=utf-8", feeds.robots),
            "/sitemap.xml": (spec.has_sitemap, "application/xml; charset=utf-8", feeds.sitemap),
            self.layout.rss_path: (spec.has_rss, "application/rss+xml; charset=utf-8", feeds.rss),
        }
        if path in text and text[path][0]:
            _, ctype, make = text[path]
            return Response(200, self.headers(ctype), make(self).encode("utf-8"))
        return assets.static(path)

    # -- route handlers ----------------------------------------------------------------------
    def article_response(self, art: Article) -> Response:
        tag = hashlib.sha1(f"{self.seed}|{art.host}|{art.id}|{art.version}".encode()).hexdigest()
        extra = [("ETag", f'W/"{tag[:16]}"'), ("Last-Modified", http_date(art.modified))]
        return self.page(200, self.layout.article(art), extra=extra)

    def not_found(self) -> Response:
        return self.page(404, self.layout.not_found())

    def moved(self, location: str, status: int = 301) -> Response:
        return redirect(self.base + location, status, self.headers()[1:-1])


def _home(site: PortalSite, route: Route, target: str) -> Response:
    home = site.layout.home()
    block = web.home_block(site)
    block += assets.video_block()
    if "</body>" in home:
        head, _, tail = home.rpartition("</body>")
        home = f"{head}{block}</body>{tail}"
    return site.page(200, home)


def _listing(site: PortalSite, route: Route, target: str) -> Response:
    assert route.cat is not None
    pages = site.pages(route.cat)
    if not 1 <= route.page <= pages:
        return site.not_found()
    size = site.layout.page_size
    items = site.in_category(route.cat)[(route.page - 1) * size : route.page * size]
    return site.page(200, site.layout.listing(route.cat, route.page, items, pages), chunked=True)


def _article(site: PortalSite, route: Route, target: str) -> Response:
    art = site.state.published(route.art_id or 0)
    if art is None:
        return site.not_found()
    canonical = site.layout.article_path(art)
    return site.article_response(art) if target == canonical else site.moved(canonical)


def _legacy(site: PortalSite, route: Route, target: str) -> Response:
    art = site.state.published(route.art_id or 0)
    return site.moved(site.layout.article_path(art)) if art else site.not_found()


def _search(site: PortalSite, route: Route, target: str) -> Response:
    hits = site.search(route.query, route.page)
    return site.page(200, site.layout.search(route.query, route.page, hits))


def _print(site: PortalSite, route: Route, target: str) -> Response:
    art = site.state.published(route.art_id or 0)
    return site.page(200, site.layout.print_page(art)) if art else site.not_found()


def _simple(name: str) -> Callable[[PortalSite, Route, str], Response]:
    return lambda site, route, target: site.page(200, getattr(site.layout, name)())


def _redirect(site: PortalSite, route: Route, target: str) -> Response:
    return site.moved(route.location, route.status)


HANDLERS: dict[str, Callable[[PortalSite, Route, str], Response]] = {
    "home": _home,
    "listing": _listing,
    "article": _article,
    "legacy": _legacy,
    "search": _search,
    "print": _print,
    "admin": _simple("admin"),
    "intro": _simple("intro"),
    "redirect": _redirect,
}
