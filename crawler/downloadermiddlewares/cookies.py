"""Cookies, bounded: a portal cannot make the crawl keep (and send back) megabytes of them.

Scrapy's cookie middleware keeps every cookie a site sets: 300 large cookies a page, on
every page, and the jar — and the ``Cookie`` header of every later request — grows without
end. Here a response's cookies beyond ``MAX_PER_RESPONSE``, cookies larger than
``MAX_COOKIE_BYTES``, and new cookies once a host holds ``MAX_PER_HOST`` are dropped
(counted under ``vnarchive/cookies_dropped``). The WARC record keeps every ``Set-Cookie``
as sent: the recorder sits nearer the downloader.

The public-suffix list Scrapy consults for cookie domains is the copy bundled with
tldextract: fetching it would go around the crawl's proxy (and, here, nowhere).
"""

from __future__ import annotations

from collections.abc import Iterable
from http.cookiejar import Cookie

from scrapy import Request
from scrapy.downloadermiddlewares import cookies as scrapy_cookies
from scrapy.downloadermiddlewares.cookies import CookiesMiddleware
from scrapy.http.cookies import CookieJar
from scrapy.utils.httpobj import urlparse_cached
from tldextract import TLDExtract

MAX_PER_RESPONSE = 50
MAX_PER_HOST = 200
MAX_COOKIE_BYTES = 4096

# the bundled public-suffix snapshot, never the network (Scrapy's own one fetches it)
scrapy_cookies._split_domain = TLDExtract(suffix_list_urls=(), include_psl_private_domains=True)


class BoundedCookiesMiddleware(CookiesMiddleware):
    def _process_cookies(
        self, cookies: Iterable[Cookie], *, jar: CookieJar, request: Request
    ) -> None:
        host = (urlparse_cached(request).hostname or "").lower()
        # the cookies the jar holds for this host (its own, and its parent domains'): another
        # host's cookies never count against it, a sub-domain's neither
        present = {
            (c.domain, c.path, c.name)
            for c in jar.jar
            if host == c.domain.lstrip(".").lower()
            or host.endswith("." + c.domain.lstrip(".").lower())
        }
        held = len(present)
        kept: list[Cookie] = []
        dropped = 0
        for cookie in cookies:
            size = len(cookie.name or "") + len(cookie.value or "")
            key = (cookie.domain, cookie.path, cookie.name)
            if len(kept) >= MAX_PER_RESPONSE or size > MAX_COOKIE_BYTES:
                dropped += 1
            elif key in present:
                kept.append(cookie)  # replaces a cookie held: the jar does not grow
            elif held >= MAX_PER_HOST:
                dropped += 1
            else:
                kept.append(cookie)
                present.add(key)
                held += 1
        if dropped and self.crawler.stats is not None:
            self.crawler.stats.inc_value("vnarchive/cookies_dropped", dropped)
        super()._process_cookies(kept, jar=jar, request=request)
