"""The sandbox: every portal, its ground truth, its clock, and rendering by URL."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from sandbox import quirks
from sandbox.assets import CDN_HOST, cdn_respond
from sandbox.cache import LRU
from sandbox.clock import iso
from sandbox.documents import web
from sandbox.hostile.portal import HostilePortal, HostileSettings
from sandbox.httputil import as_not_modified, not_modified
from sandbox.model import Article, SiteModel
from sandbox.portals import PORTALS, PortalSpec
from sandbox.response import Response, text_response
from sandbox.site import PortalSite

# Redirects every portal of a layout answers, besides each article's old URL form.
FIXED_REDIRECTS = {
    "aspnet": [("/", 302, "/Default.aspx")],
    "sharepoint": [("/", 302, "/Pages/default.aspx")],
    "bootstrap": [("/index.html", 302, "/")],
    "newspaper": [("/index.html", 302, "/")],
}


def portal_copies(copies: int) -> tuple[PortalSpec, ...]:
    """The portals, and ``copies - 1`` more sets of them under other names (``…gov2.vn.test``,
    ``…gov3.vn.test``): many portals for benchmarks of many workers."""
    out = list(PORTALS)
    for k in range(2, copies + 1):
        out += [_copy(spec, f".gov{k}.vn.test") for spec in PORTALS]
    return tuple(out)


def _copy(spec: PortalSpec, suffix: str) -> PortalSpec:
    def rename(host: str) -> str:
        return host.replace(".gov.vn.test", suffix)

    parent = rename(spec.parent) if spec.parent else None
    return replace(spec, host=rename(spec.host), parent=parent)


class Sandbox:
    """Synthetic portals, deterministic in (seed, pages_per_portal, clock, url).

    ``hostile`` (True, or HostileSettings) adds the hostile portal of issue 15 beside the
    portals, as ``self.hostile``; it is in no portal list and no ground truth. ``reposts``:
    the share of district and commune articles that republish a provincial article,
    changed a little (``sandbox.content.REPOST_VARIANTS``; ground truth: ``source``).
    """

    def __init__(
        self,
        seed: int = 1,
        pages_per_portal: int = 12,
        cache_size: int = 2048,
        page_weight: bool = True,
        documents: bool = True,
        hostile: bool | HostileSettings = False,
        reposts: float = 0.0,
        copies: int = 1,
    ) -> None:
        self.seed, self.pages_per_portal = seed, pages_per_portal
        self.model = SiteModel(
            seed, pages_per_portal, specs=portal_copies(copies), page_weight=page_weight,
            documents=documents, reposts=reposts,
        )  # fmt: skip
        self.sites = {
            host: PortalSite(self.model, state) for host, state in self.model.portals.items()
        }
        self.file_hosts = {web.file_host(host) for host in self.sites} if documents else set()
        self._cache: LRU[Response] = LRU(cache_size)
        self._lock = threading.RLock()
        settings = hostile if isinstance(hostile, HostileSettings) else None
        self.hostile = HostilePortal(seed, settings) if hostile else None

    # -- what is there -----------------------------------------------------------------------
    @property
    def clock(self) -> str:
        """The sandbox time now, ISO 8601 (starts at 2024-03-01T10:00:00+07:00)."""
        return iso(self.model.clock.now)

    @property
    def now(self) -> datetime:
        return self.model.clock.now

    def knows(self, host: str) -> bool:
        host = host.lower()
        hostile = self.hostile is not None and self.hostile.knows(host)
        return (
            host in self.sites
            or host in self.file_hosts
            or host in (CDN_HOST, quirks.HOST)
            or hostile
        )

    def fault_of(self, url: str) -> str | None:
        """The hostile fault a request for ``url`` counts to (None without the hostile portal)."""
        return self.hostile.fault_of(url) if self.hostile is not None else None

    def portal_urls(self) -> list[str]:
        return [f"{site.base}/" for site in self.sites.values()]

    def portals(self) -> list[dict[str, Any]]:
        out = []
        for site in self.sites.values():
            spec = site.spec
            out.append(
                {
                    "host": spec.host,
                    "name": spec.name,
                    "level": spec.level,
                    "parent": spec.parent,
                    "province": spec.province,
                    "layout": spec.layout,
                    "has_sitemap": spec.has_sitemap,
                    "has_rss": spec.has_rss,
                    "disallowed": list(site.layout.disallow),
                    "url": f"{site.base}/",
                    "date_style": spec.date_style,
                    "sitemap": f"{site.base}/sitemap.xml" if spec.has_sitemap else None,
                    "rss": site.base + site.layout.rss_path if spec.has_rss else None,
                    "categories": [c.name for c in site.categories],
                }
            )
        return out

    def _truth(self, site: PortalSite, art: Article) -> dict[str, Any]:
        content = site.content(art)
        return {
            "url": site.base + site.layout.article_path(art),
            "host": art.host,
            "id": art.id,
            "title": art.title,
            "date": iso(art.date),
            "author": art.author,
            "sapo": content.sapo,
            "body": content.body,
            "captions": content.captions,
            "category": art.category.name,
            "layout": site.spec.layout,
            "modified": iso(art.modified),
            "version": art.version,
            # a repost: the provincial article it republishes, and how it was changed
            "source": self._url_of(art.source) if art.source else None,
            "variant": art.variant,
        }

    def _url_of(self, art: Article) -> str:
        site = self.sites[art.host]
        return site.base + site.layout.article_path(art)

    def ground_truth(self) -> list[dict[str, Any]]:
        """One dict per published article: per portal, oldest first."""
        with self._lock:
            return [
                self._truth(site, art)
                for site in self.sites.values()
                for art in reversed(site.latest())
            ]

    def documents_truth(self) -> list[dict[str, Any]]:
        """One dict per official document (see sandbox.documents): its file's URL, detail,
        notice and registry pages, format, and the fields and text the file carries."""
        with self._lock:
            return [doc for site in self.sites.values() for doc in web.truth(site)]

    def not_found_urls(self) -> list[str]:
        """Deleted articles that listings still link to (they answer 404)."""
        with self._lock:
            return [
                site.base + site.layout.article_path(a)
                for site in self.sites.values()
                for a in site.state.newest(ghosts=True)
                if a.deleted
            ]

    def redirects(self) -> list[dict[str, Any]]:
        """{url, status, location} for fixed redirects and every article's old URL form."""
        out = []
        with self._lock:
            for site in self.sites.values():
                for path, status, target in FIXED_REDIRECTS[site.layout.name]:
                    out.append(
                        {"url": site.base + path, "status": status, "location": site.base + target}
                    )
                for art in reversed(site.latest()):
                    out.append(
                        {
                            "url": site.base + site.layout.legacy_path(art),
                            "status": 301,
                            "location": site.base + site.layout.article_path(art),
                        }
                    )
        return out

    # -- time ------------------------------------------------------------------------------
    def advance(self, days: int = 1) -> dict[str, Any]:
        """Move the clock on: new articles appear, a few are edited."""
        with self._lock:
            added, edited = self.model.advance(days)
            self._cache.clear()
            url = {
                a.id: self.sites[a.host].base + self.sites[a.host].layout.article_path(a)
                for a in added + edited
            }
            return {
                "clock": self.clock,
                "days": self.model.clock.days,
                "added": [url[a.id] for a in added],
                "edited": sorted({url[a.id] for a in edited}),
            }

    # -- rendering -------------------------------------------------------------------------
    def _render(self, host: str, path: str, query: str) -> Response:
        site = self.sites.get(host)
        if site is None and host in self.file_hosts:
            return web.file_host_respond(self.sites, host, path)
        if site is None and host == CDN_HOST:
            return cdn_respond(path)
        if site is None:
            return text_response(
                502, f"502 Bad Gateway: unknown host {host}\n", "text/plain; charset=utf-8"
            )
        key = (self.model.clock.days, host, path, query)
        with self._lock:
            return self._cache.get_or_make(key, lambda: site.respond(path, query))

    def respond(self, url: str, headers: Mapping[str, str] | None = None) -> Response:
        """The answer to a GET of ``url`` with these request headers (cookies, 304s)."""
        try:
            parts = urlsplit(url)
            host = (parts.hostname or "").lower()
        except ValueError:
            return text_response(400, "400 Bad Request\n", "text/plain; charset=utf-8")
        if self.hostile is not None and self.hostile.knows(host):
            return self.hostile.respond(url, headers)  # never cached, never a 304
        response = self._render(host, parts.path or "/", parts.query)
        headers = headers or {}
        if not_modified(headers, response):
            return as_not_modified(response)
        site = self.sites.get(host)
        if site and site.layout.sets_cookies and response.status < 400:
            response = response.with_headers(self._cookies(site, headers))
        return response

    def _cookies(self, site: PortalSite, headers: Mapping[str, str]) -> list[tuple[str, str]]:
        cookie = next((v for k, v in headers.items() if k.lower() == "cookie"), "")
        if "ASP.NET_SessionId=" in cookie:
            return []
        token = hashlib.sha1(f"{self.seed}|{site.spec.host}|{self.clock}".encode()).hexdigest()
        return [
            ("Set-Cookie", f"ASP.NET_SessionId={token[:24]}; path=/; HttpOnly; SameSite=Lax"),
            (
                "Set-Cookie",
                f".ASPXANONYMOUS={token[24:]}{token[:16]}; "
                "expires=Fri, 10-May-2024 10:00:00 GMT; path=/; HttpOnly",
            ),
        ]

    def render(self, url: str) -> tuple[int, dict[str, str], bytes]:
        """Status, headers (repeated ones joined: Set-Cookie by newline) and identity body
        (a streamed hostile answer's body is only on the wire: b"" here)."""
        response = self.respond(url)
        return response.status, response.header_dict(), response.body
