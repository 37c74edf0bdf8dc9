"""URLs in stylesheets: ``url(...)`` and ``@import``, pointed into the archive."""

from __future__ import annotations

import re

from vnarchive.web.rewrite.urls import IMAGE, STYLE, UrlRewriter

_IMPORT = re.compile(r"""(@import\s+)(["'])(.*?)\2""", re.I)
_URL = re.compile(r"""(url\(\s*)(["']?)([^"')]*?)\2(\s*\))""", re.I)


def rewrite_css(text: str, urls: UrlRewriter) -> str:
    """``url(/img/a.png)`` → ``url(/web/<ts>im_/http://host/img/a.png)``; an ``@import`` of
    a stylesheet → ``cs_``. Everything else is left byte for byte."""

    def imported(m: re.Match[str]) -> str:
        return f"{m.group(1)}{m.group(2)}{urls.rewrite(m.group(3), STYLE)}{m.group(2)}"

    def url(m: re.Match[str]) -> str:
        target = m.group(3)
        modifier = STYLE if target.lower().split("?")[0].endswith(".css") else IMAGE
        rewritten = urls.rewrite(target, modifier)
        return f"{m.group(1)}{m.group(2)}{rewritten}{m.group(2)}{m.group(4)}"

    return _URL.sub(url, _IMPORT.sub(imported, text))
