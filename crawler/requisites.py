"""Page requisites: what an HTML page or a stylesheet needs to render, as absolute URLs.

A page needs its images (``src``, ``srcset``, lazy-load ``data-*`` attributes), stylesheets,
icons and preloads (``<link rel>``), scripts, frames and embedded objects (``iframe``,
``frame``, ``embed``, ``object``, ``video``/``audio`` and their ``source``/``track``),
the ``url()`` and ``@import`` of its ``<style>`` blocks and ``style`` attributes, and the
target of a ``<meta http-equiv=refresh>``. A stylesheet needs its ``url()`` and
``@import``. Pure functions over lxml trees and text: the spider decides what to fetch.

Each URL comes with its kind: ``frame`` (an iframe, frame or refresh target, which may be a
page of the portal) or ``embed`` (everything else, never a page).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin

FRAME, EMBED = "frame", "embed"
_NOT_FETCHED = ("#", "javascript:", "mailto:", "tel:", "data:", "about:", "blob:")
# link rel values whose href a page needs (rel is a space-separated list)
LINK_RELS = frozenset({"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload",
                       "modulepreload", "mask-icon", "manifest"})  # fmt: skip
# attributes lazy-loading scripts keep the real image in
LAZY_ATTRIBUTES = ("data-src", "data-original", "data-lazy-src", "data-lazy", "data-srcset",
                   "data-bg", "data-background")  # fmt: skip
# (xpath, attribute, kind): every place a page names a URL it renders
_PLACES = (
    ("//img", "src", EMBED),
    ("//img | //source", "srcset", EMBED),
    ("//input[@type='image' or @type='IMAGE']", "src", EMBED),
    ("//script", "src", EMBED),
    ("//iframe | //frame", "src", FRAME),
    ("//embed", "src", EMBED),
    ("//object", "data", EMBED),
    ("//video | //audio | //source | //track", "src", EMBED),
    ("//video", "poster", EMBED),
    ("//body | //table | //td | //th", "background", EMBED),
)
# url(...) and @import "..." in CSS; quotes optional in url(), required in a bare @import
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s][^)]*?))\s*\)""", re.I)
_CSS_IMPORT = re.compile(r"""@import\s+(?:"([^"]*)"|'([^']*)')""", re.I)  # url() below
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_REFRESH = re.compile(r"""^\s*\d*(?:\.\d*)?\s*[;,]?\s*(?:url\s*=\s*)?["']?([^"'\s]+)""", re.I)
MAX_CSS = 2 * 1024 * 1024  # stylesheets read for url() up to this many characters


def srcset_urls(value: str) -> list[str]:
    """``a.jpg 1x, b.jpg?w=1,2 2x`` → ``[a.jpg, b.jpg?w=1,2]``, parsed as the HTML standard
    parses ``srcset``: a URL runs to whitespace, its descriptors to the next comma."""
    out, i, n = [], 0, len(value)
    while i < n:
        while i < n and (value[i].isspace() or value[i] == ","):
            i += 1
        start = i
        while i < n and not value[i].isspace():
            i += 1
        url = value[start:i]
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            while i < n and value[i] != ",":
                i += 1
        if url:
            out.append(url)
    return out


def css_urls(text: str) -> list[str]:
    """The URLs a stylesheet refers to (``@import`` and ``url()``), as written, each once,
    in the order they appear."""
    text = _CSS_COMMENT.sub("", text[:MAX_CSS])
    found = [(m.start(), "".join(g or "" for g in m.groups())) for m in _CSS_IMPORT.finditer(text)]
    found += [(m.start(), "".join(g or "" for g in m.groups()).strip())
              for m in _CSS_URL.finditer(text)]  # fmt: skip
    return list(dict.fromkeys(url for _, url in sorted(found)))


def refresh_target(content: str) -> str | None:
    """The URL of a refresh ``content="5; url=/x"`` (``None`` when it only reloads)."""
    match = _REFRESH.match(content or "")
    if match is None or not re.search(r"url\s*=|;|,", content, re.I):
        return None
    return match.group(1)


def _absolute(base: str, url: str) -> str | None:
    url = url.strip()
    if not url or url.lower().startswith(_NOT_FETCHED):
        return None
    try:
        absolute = urljoin(base, url)
    except ValueError:
        return None
    absolute = absolute.partition("#")[0]
    return absolute if absolute.startswith(("http://", "https://")) else None


def _raw(root: Any) -> Iterator[tuple[str, str]]:
    """(URL as written, kind) for every requisite of an lxml HTML tree."""
    for xpath, attribute, kind in _PLACES:
        for element in root.xpath(xpath):
            value = element.get(attribute)
            if not value:
                continue
            if attribute == "srcset":
                yield from ((url, kind) for url in srcset_urls(value))
            else:
                yield value, kind
    for element in root.xpath("//*[@" + " or @".join(LAZY_ATTRIBUTES) + "]"):
        for attribute in LAZY_ATTRIBUTES:
            value = element.get(attribute)
            if value:
                urls = srcset_urls(value) if attribute.endswith("srcset") else [value]
                yield from ((url, EMBED) for url in urls)
    for link in root.xpath("//link[@href]"):
        rels = set((link.get("rel") or "").lower().split())
        if rels & LINK_RELS:
            yield link.get("href"), EMBED
    for style in root.xpath("//style/text() | //*/@style"):
        yield from ((url, EMBED) for url in css_urls(str(style)))
    for meta in root.xpath("//meta[@http-equiv and @content]"):
        if (meta.get("http-equiv") or "").lower() == "refresh":
            target = refresh_target(meta.get("content") or "")
            if target:
                yield target, FRAME


def page_requisites(root: Any, base: str) -> list[tuple[str, str]]:
    """(absolute URL, kind) of what an HTML page (an lxml tree, ``base`` its base URL)
    needs to render, each once, in document order of the rules above."""
    out: dict[str, str] = {}
    for url, kind in _raw(root):
        absolute = _absolute(base, str(url))
        if absolute is not None and (absolute not in out or kind == FRAME):
            out[absolute] = kind
    return list(out.items())


def stylesheet_requisites(text: str, base: str) -> list[str]:
    """Absolute URLs a stylesheet at ``base`` imports or refers to, each once."""
    out: dict[str, None] = {}
    for url in css_urls(text):
        absolute = _absolute(base, url)
        if absolute is not None:
            out[absolute] = None
    return list(out)
