"""An archived HTML page with its URLs pointed into the archive, and nothing else changed.

The page is read as bytes decoded one byte for one character (Latin-1), so that whatever
its encoding, every byte outside a rewritten URL is written back as it was served. Tags are
scanned with a small tokenizer (comments skipped, ``<script>`` bodies left alone,
``<style>`` bodies rewritten as CSS); in each tag the attributes that load or link a URL are
rewritten (``UrlRewriter``), links and forms open at the top (``target="_top"``: the replay
page with its banner), ``integrity`` is renamed (a rewritten stylesheet no longer has its
hash) and ``<base href>`` moves the base of the URLs after it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from vnarchive.web.rewrite.css import rewrite_css
from vnarchive.web.rewrite.urls import FRAME, IMAGE, LINK, SCRIPT, STYLE, UrlRewriter

_TAG = re.compile(
    r"<!--.*?-->|<(/?)([a-zA-Z][a-zA-Z0-9:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.S
)
_ATTR = re.compile(r"""([^\s=/>"']+)(?:(\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_REFRESH = re.compile(r"^(\s*\d*\s*;\s*url\s*=\s*)(['\"]?)(.*?)\2\s*$", re.I | re.S)

_SOURCES = {"script": SCRIPT, "iframe": FRAME, "frame": FRAME}  # other tags' src: IMAGE
_LINK_REL = {"stylesheet": STYLE, "icon": IMAGE, "preload": IMAGE, "apple-touch-icon": IMAGE}


def _link_modifier(attrs: dict[str, str]) -> str:
    rels = attrs.get("rel", "").lower().split()
    for rel in rels:
        if rel in _LINK_REL:
            return _LINK_REL[rel]
    return LINK


def _srcset(value: str, urls: UrlRewriter) -> str:
    parts = []
    for item in value.split(","):
        bits = item.strip().split(None, 1)
        if bits:
            bits[0] = urls.rewrite(bits[0], IMAGE)
        parts.append(" ".join(bits))
    return ", ".join(parts)


def _refresh(value: str, urls: UrlRewriter) -> str:
    m = _REFRESH.match(value)
    if not m:
        return value
    return f"{m.group(1)}{m.group(2)}{urls.rewrite(m.group(3), FRAME)}{m.group(2)}"


def _rewriter(
    tag: str, name: str, attrs: dict[str, str]
) -> Callable[[str, UrlRewriter], str] | None:
    """How to rewrite attribute ``name`` of ``tag`` (``None``: leave it)."""
    if name == "style":
        return rewrite_css
    if name == "srcset":
        return _srcset
    if name in ("href", "action"):
        modifier = _link_modifier(attrs) if tag == "link" else LINK
        return lambda v, u: u.rewrite(v, modifier)
    if name == "src":
        modifier = _SOURCES.get(tag, IMAGE)
        return lambda v, u: u.rewrite(v, modifier)
    if (tag, name) in (("video", "poster"), ("object", "data")) or name == "background":
        return lambda v, u: u.rewrite(v, IMAGE)
    if tag == "meta" and name == "content" and attrs.get("http-equiv", "").lower() == "refresh":
        return _refresh
    return None


def _unescape(value: str) -> str:
    return value.replace("&amp;", "&").replace("&quot;", '"').replace("&#39;", "'")


def _escape(value: str, quote: str) -> str:
    value = value.replace("&", "&amp;")
    return value.replace('"', "&quot;") if quote == '"' else value.replace("'", "&#39;")


def _tag(tag: str, body: str, urls: UrlRewriter) -> str:
    """The inside of a start tag (after its name), its URLs rewritten."""
    found = list(_ATTR.finditer(body))
    attrs = {m.group(1).lower(): _unescape(_value(m)) for m in found}
    if tag == "base" and "href" in attrs:
        urls.rebase(attrs["href"])
    out, pos = [], 0
    for m in found:
        name = m.group(1).lower()
        how = _rewriter(tag, name, attrs) if m.group(2) is not None else None
        if name == "integrity":
            out += [body[pos : m.start(1)], "_integrity"]
            pos = m.end(1)
        elif how is not None:
            quote = '"' if m.group(3) is not None or m.group(5) is not None else "'"
            new = _escape(how(_unescape(_value(m)), urls), quote)
            out += [body[pos : m.start(2)], f"{m.group(2)}{quote}{new}{quote}"]
            pos = m.end()
    out.append(body[pos:])
    text = "".join(out)
    if tag in ("a", "area", "form") and "target" not in attrs:
        text = ' target="_top"' + text
    return text


def _value(m: re.Match[str]) -> str:
    return next((g for g in (m.group(3), m.group(4), m.group(5)) if g is not None), "")


def rewrite_html(text: str, urls: UrlRewriter) -> str:
    out: list[str] = []
    pos = 0
    while True:
        m = _TAG.search(text, pos)
        if m is None:
            out.append(text[pos:])
            return "".join(out)
        out.append(text[pos : m.start()])
        closing, name = m.group(1), (m.group(2) or "").lower()
        if not name or closing:  # a comment or an end tag
            out.append(m.group(0))
            pos = m.end()
            continue
        body = m.group(3)
        out.append(f"<{m.group(2)}{_tag(name, body, urls)}>")
        pos = m.end()
        if name in ("script", "style") and not body.rstrip().endswith("/"):
            end = re.compile(rf"</{name}\s*>", re.I).search(text, pos)
            stop = end.start() if end else len(text)
            inner = text[pos:stop]
            out.append(rewrite_css(inner, urls) if name == "style" else inner)
            pos = stop


def rewrite_page(body: bytes, urls: UrlRewriter) -> bytes:
    """The page's bytes with its URLs rewritten, every other byte as served."""
    return rewrite_html(body.decode("latin-1"), urls).encode("latin-1")


def rewrite_stylesheet(body: bytes, urls: UrlRewriter) -> bytes:
    return rewrite_css(body.decode("latin-1"), urls).encode("latin-1")
