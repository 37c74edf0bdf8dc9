"""URL keys: SURT, as CDX tools sort and match captures."""

from __future__ import annotations

from urllib.parse import quote, urljoin

import surt


def surt_key(url: str) -> str:
    try:
        return surt.surt(url)
    except ValueError:
        return url


# what a URL may hold unescaped (RFC 3986 reserved and unreserved characters, and "%")
URL_SAFE = ":/?#[]@!$&'()*+,;=%~-._"


def redirect_target(base: str, location: str) -> str:
    """The absolute URL a ``Location`` header sends a client to, as the client requests it:
    a value that reached us decoded as latin-1 is read back as the UTF-8 servers send
    (``/tin-tức/``), and non-ASCII characters are percent-encoded as UTF-8, as browsers and
    Scrapy do."""
    try:
        location = location.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        pass
    return quote(urljoin(base, location.strip()), safe=URL_SAFE)
