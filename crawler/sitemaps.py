"""Sitemaps and feeds read with a real XML parser, in bounded time and memory.

Hostile or broken sitemaps are the norm on old portals: a ``<lastmod>`` padded with
thousands of spaces, gzip files served as ``.xml.gz``, markup cut short, entity tricks. They
are read with lxml's ``iterparse`` (linear; entities not expanded, nothing fetched from the
network, broken markup recovered as far as it goes), at most ``MAX_ENTRIES`` entries and
``MAX_BYTES`` of XML each, as the sitemap protocol itself allows (50,000 URLs, 50 MB).
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

MAX_ENTRIES = 50_000
MAX_BYTES = 50 * 1024 * 1024
MAX_FIELD = 2048  # characters of a <loc> or <lastmod> kept


@dataclass(frozen=True)
class Sitemap:
    is_index: bool
    entries: list[tuple[str, str | None]]  # (loc, lastmod), in order
    truncated: bool  # more entries (or bytes) than the bounds allow; the rest was dropped


def unpacked(body: bytes, limit: int = MAX_BYTES) -> bytes:
    """A sitemap's XML: ``.xml.gz`` files (gzip as a file, not a transfer encoding)
    unpacked, at most ``limit`` bytes."""
    if not body.startswith(b"\x1f\x8b"):
        return body[:limit]
    try:
        return zlib.decompressobj(31).decompress(body, limit)
    except zlib.error:
        return b""


def _local(tag: object) -> str:
    return etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


def _text(element: etree._Element) -> str:
    return " ".join((element.text or "")[: MAX_FIELD * 4].split())[:MAX_FIELD]


def parse_sitemap(body: bytes) -> Sitemap:
    """The entries of a sitemap or sitemap index (``<url>`` or ``<sitemap>``: ``<loc>`` and
    ``<lastmod>``), in order."""
    xml = unpacked(body)
    entries: list[tuple[str, str | None]] = []
    is_index, truncated = False, len(xml) >= MAX_BYTES
    loc: str | None = None
    lastmod: str | None = None
    bare: list[str] = []  # <loc>s outside any <url>: a sitemap without entries
    try:
        for _, element in etree.iterparse(
            io.BytesIO(xml),
            events=("end",),
            recover=True,
            resolve_entities=False,
            no_network=True,
            huge_tree=False,
        ):
            name = _local(element.tag)
            if name == "loc":
                parent = element.getparent()
                if parent is not None and _local(parent.tag) in ("url", "sitemap"):
                    loc = _text(element)
                elif len(bare) < MAX_ENTRIES:
                    bare.append(_text(element))
            elif name == "lastmod":
                lastmod = _text(element) or None
            elif name in ("url", "sitemap"):
                is_index = is_index or name == "sitemap"
                if loc:
                    entries.append((loc, lastmod))
                loc = lastmod = None
                if len(entries) >= MAX_ENTRIES:
                    truncated = True
                    break
            if name in ("url", "sitemap", "loc", "lastmod"):
                element.clear()
    except etree.XMLSyntaxError:
        pass  # what was read before the break stands
    if not entries:
        entries = [(b, None) for b in bare if b]
    return Sitemap(is_index, entries, truncated)


def feed_links(body: bytes, limit: int = MAX_ENTRIES) -> Iterator[str]:
    """The item links of an RSS or Atom feed (``<link>text</link>`` or ``<link href>``)."""
    count = 0
    try:
        for _, element in etree.iterparse(
            io.BytesIO(body[:MAX_BYTES]),
            events=("end",),
            recover=True,
            resolve_entities=False,
            no_network=True,
            huge_tree=False,
        ):
            if _local(element.tag) != "link":
                continue
            href = element.get("href") or _text(element)
            element.clear()
            if href:
                yield href
                count += 1
                if count >= limit:
                    return
    except etree.XMLSyntaxError:
        return
