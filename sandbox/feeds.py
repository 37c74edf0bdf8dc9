"""robots.txt, sitemap.xml and RSS for one portal."""

from __future__ import annotations

from email.utils import format_datetime
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from sandbox.httputil import http_date

if TYPE_CHECKING:
    from sandbox.site import PortalSite


def robots(site: PortalSite) -> str:
    lines = [f"# robots.txt for {site.spec.host}", "User-agent: *"]
    lines += [f"Disallow: {path}" for path in site.layout.disallow]
    lines += ["", "User-agent: SemrushBot", "Disallow: /", ""]
    if site.spec.has_sitemap:
        lines += [f"Sitemap: {site.base}/sitemap.xml", ""]
    return "\n".join(lines)


def sitemap(site: PortalSite) -> str:
    layout = site.layout
    entries = [(layout.home_path(), site.iso(site.now), "hourly")]
    entries += [(layout.listing_path(c), site.iso(site.now), "daily") for c in site.categories]
    entries += [(layout.article_path(a), site.iso(a.modified), "monthly") for a in site.latest()]
    urls = "".join(
        f"<url><loc>{escape(site.base + path)}</loc><lastmod>{mod}</lastmod>"
        f"<changefreq>{freq}</changefreq></url>\n"
        for path, mod, freq in entries
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}</urlset>\n'
    )


def rss(site: PortalSite) -> str:
    """The 20 newest articles; the ASP.NET portal links items by their old URL form."""
    layout = site.layout
    legacy = layout.name == "aspnet"
    items = []
    for art in site.latest(20):
        path = layout.legacy_path(art) if legacy else layout.article_path(art)
        items.append(
            f"<item><title>{escape(art.title)}</title><link>{escape(site.base + path)}</link>"
            f"<description>{escape(site.content(art).sapo)}</description>"
            f"<pubDate>{format_datetime(art.date)}</pubDate>"
            f'<guid isPermaLink="false">{site.spec.host}-{art.id}</guid></item>\n'
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>\n'
        f"<title>{escape(site.spec.name)}</title><link>{site.base}/</link>"
        f"<description>Tin tức - {escape(site.spec.name)}</description>"
        f"<language>vi-vn</language><lastBuildDate>{http_date(site.now)}</lastBuildDate>\n"
        f"{''.join(items)}</channel></rss>\n"
    )
