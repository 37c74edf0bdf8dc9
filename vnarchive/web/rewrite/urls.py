"""Where a URL inside an archived page points once replayed: into the archive, never out.

Every URL becomes ``/web/<timestamp><modifier>/<absolute URL>``: the page's own timestamp,
so that the archive serves the capture of that URL nearest in time, and a modifier saying
what is loaded (pywb's): ``im_`` an image or font, ``cs_`` a stylesheet, ``js_`` a script,
``if_`` a frame's document, none for a link (the replay page with its banner). URLs that
cannot be archived (``javascript:``, ``data:``, ``mailto:``, fragments) stay as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

KEEP = ("javascript:", "data:", "mailto:", "tel:", "about:", "blob:", "#")
LINK, IMAGE, STYLE, SCRIPT, FRAME = "", "im_", "cs_", "js_", "if_"


@dataclass
class UrlRewriter:
    timestamp: str
    base: str  # the page's URL (or its <base href>)

    def absolute(self, url: str) -> str | None:
        text = url.strip()
        if not text or text.lower().startswith(KEEP):
            return None
        if text.startswith("/web/"):  # already rewritten (a page saved from a replay)
            return None
        joined = urljoin(self.base, text)
        return joined if urlsplit(joined).scheme in ("http", "https") else None

    def rewrite(self, url: str, modifier: str = LINK) -> str:
        """The URL as the page's text had it (characters kept: the page's bytes are its
        encoding's), made absolute and put under ``/web/``."""
        found = self.absolute(url)
        if found is None:
            return url
        return f"/web/{self.timestamp}{modifier}/{found}"

    def rebase(self, href: str) -> None:
        """A ``<base href>``: later relative URLs are resolved against it."""
        found = self.absolute(href)
        if found is not None:
            self.base = found
