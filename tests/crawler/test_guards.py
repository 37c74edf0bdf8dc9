"""The crawl's guards against a hostile web, driven as Scrapy drives them: a crawler from
``scrapy.utils.test.get_crawler``, real ``Request``/``Response`` objects, real sockets on
127.0.0.1.

- ``GuardedResolver`` (``crawler/resolver.py``): every resolution — by the system's own
  ``getaddrinfo``, through Twisted's ``GAIResolver`` — is filtered: names and literals that
  resolve to loopback, link-local, private… addresses resolve to nothing, unless the
  network is allowed or the name is the configured proxy's; a name resolving to public and
  private addresses keeps only the public ones.
- ``ScopeGuardMiddleware``: non-http(s) schemes, non-public addresses in every spelling
  (for requisites and robots.txt too), pages off the portals' hosts, redirects off them
  (produced by Scrapy's own ``RedirectMiddleware``), each counted under its reason.
- ``PortalRobotsTxtMiddleware`` (RFC 9309): robots.txt fetched from real servers through
  Scrapy's downloader middleware chain; 5xx → nothing allowed, 4xx → everything allowed,
  unreachable (refused, redirected to a forbidden address) → nothing allowed, 200 → obeyed.
- ``BoundedCookiesMiddleware``: at most 50 cookies a response, 200 a host, none over 4 KB;
  a host's cookies do not count against another host's, and an update of a cookie held is
  not a new cookie.
- ``RetryAfterMiddleware``: ``Retry-After`` in seconds or as an HTTP date slows the host's
  download slot, capped by ``VNARCHIVE_MAX_RETRY_AFTER``; garbage is ignored.
"""

from __future__ import annotations

import asyncio
import http.client
import ipaddress
import socket
import threading
from collections.abc import Callable, Iterator
from datetime import timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace
from typing import Any

import pytest
from scrapy import Request, Spider
from scrapy.core.downloader import Slot
from scrapy.core.downloader.middleware import DownloaderMiddlewareManager
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Headers, Response
from scrapy.resolver import dnscache
from scrapy.utils.test import get_crawler
from twisted.internet._resolver import GAIResolver
from twisted.internet.interfaces import IAddress, IHostResolution, IResolutionReceiver
from zope.interface import implementer

from archive.timeutil import utcnow
from crawler.downloadermiddlewares.cookies import (
    MAX_COOKIE_BYTES,
    MAX_PER_HOST,
    MAX_PER_RESPONSE,
    BoundedCookiesMiddleware,
)
from crawler.downloadermiddlewares.retryafter import MAX_WAIT, RetryAfterMiddleware, retry_after
from crawler.downloadermiddlewares.robots import PortalRobotsTxtMiddleware
from crawler.downloadermiddlewares.scope import ROLE, ScopeGuardMiddleware
from crawler.resolver import GuardedResolver

PORTAL = "https://portal.gov.vn/"


def crawler_with(**settings: Any) -> Crawler:
    return get_crawler(settings_dict=settings)


# -- GuardedResolver ---------------------------------------------------------------------
GetAddrInfo = Callable[..., list[tuple[Any, ...]]]


class InlineReactor:
    """The parts of a reactor that Twisted's ``GAIResolver`` uses, run inline: the real
    ``getaddrinfo`` is called at once instead of in a thread, so that a test needs no
    running reactor."""

    def __init__(self, getaddrinfo: GetAddrInfo = socket.getaddrinfo) -> None:
        self.nameResolver = GAIResolver(self, lambda: self, getaddrinfo)  # type: ignore[arg-type]

    def callFromThread(self, f: Callable[..., Any], *args: Any, **kw: Any) -> None:  # noqa: N802
        f(*args, **kw)

    def callInThreadWithCallback(  # noqa: N802
        self, on_result: Callable[[bool, Any], None], f: Callable[..., Any], *args: Any, **kw: Any
    ) -> None:
        try:
            result = f(*args, **kw)
        except BaseException as exc:  # noqa: BLE001 - handed to the Deferred, as a pool does
            on_result(False, exc)
        else:
            on_result(True, result)


@implementer(IResolutionReceiver)
class Addresses:
    """What the downloader would be told: the addresses resolved, and whether it ended."""

    def __init__(self) -> None:
        self.hosts: list[str] = []
        self.complete = False

    def resolutionBegan(self, resolution: IHostResolution) -> None:  # noqa: N802
        pass

    def addressResolved(self, address: IAddress) -> None:  # noqa: N802
        self.hosts.append(address.host)  # type: ignore[attr-defined]

    def resolutionComplete(self) -> None:  # noqa: N802
        self.complete = True


def resolve(resolver: GuardedResolver, host: str) -> list[str]:
    got = Addresses()
    resolver.resolveHostName(got, host, 80)
    assert got.complete
    return got.hosts


def guarded(getaddrinfo: GetAddrInfo = socket.getaddrinfo, **settings: Any) -> GuardedResolver:
    return GuardedResolver.from_crawler(crawler_with(**settings), InlineReactor(getaddrinfo))


@pytest.mark.parametrize(
    "host", ["localhost", "127.0.0.1", "2130706433", "0x7f.1", "::1", "::ffff:127.0.0.1"]
)
def test_the_resolver_hands_out_no_loopback_address(host: str) -> None:
    assert resolve(guarded(), host) == []


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "2130706433", "0177.0.0.1"])
def test_an_allowed_network_resolves(host: str) -> None:
    resolver = guarded(VNARCHIVE_ALLOW_NETWORKS=["127.0.0.0/8"])
    assert "127.0.0.1" in resolve(resolver, host)
    assert resolve(resolver, "169.254.169.254") == []


def test_public_addresses_resolve() -> None:
    assert resolve(guarded(), "8.8.8.8") == ["8.8.8.8"]
    assert resolve(guarded(), "2001:4860:4860::8888") == ["2001:4860:4860::8888"]


def test_the_configured_proxy_is_trusted() -> None:
    resolver = guarded(VNARCHIVE_PROXY="http://LocalHost:3128")
    assert "127.0.0.1" in resolve(resolver, "localhost")
    assert resolve(resolver, "127.0.0.1") == []  # only the proxy's own name


def rebinding_dns(*answers: str) -> GetAddrInfo:
    """A DNS answer for ``rebind.test``: a public name that resolves to ``answers``."""

    def getaddrinfo(host: str, port: int, family: int = 0, socktype: int = 0) -> list[Any]:
        assert host == "rebind.test"
        out = []
        for answer in answers:
            if ipaddress.ip_address(answer.split("%")[0]).version == 6:
                out.append((socket.AF_INET6, socket.SOCK_STREAM, 6, "", (answer, port, 0, 0)))
            else:
                out.append((socket.AF_INET, socket.SOCK_STREAM, 6, "", (answer, port)))
        return out

    return getaddrinfo


def test_a_name_resolving_to_public_and_private_addresses_keeps_the_public_ones(
    caplog: pytest.LogCaptureFixture,
) -> None:
    resolver = guarded(
        rebinding_dns("93.184.216.34", "127.0.0.1", "169.254.169.254", "fe80::1%lo", "10.0.0.7")
    )
    with caplog.at_level("WARNING"):
        assert resolve(resolver, "rebind.test") == ["93.184.216.34"]
    assert "169.254.169.254" in caplog.text and "fe80::1" in caplog.text
    # Scrapy's DNS cache holds the answer as resolved: filtered again when read from it
    assert "rebind.test" in dnscache
    assert resolve(resolver, "rebind.test") == ["93.184.216.34"]


# -- ScopeGuardMiddleware ----------------------------------------------------------------
@pytest.fixture
def guard_crawler() -> Crawler:
    return crawler_with(VNARCHIVE_SEEDS=[PORTAL, "http://cong.test:8080/"])


def guard(crawler: Crawler) -> ScopeGuardMiddleware:
    return ScopeGuardMiddleware.from_crawler(crawler)


def dropped(mw: ScopeGuardMiddleware, request: Request) -> str:
    with pytest.raises(IgnoreRequest) as raised:
        mw.process_request(request)
    return str(raised.value)


@pytest.mark.parametrize(
    "url",
    [
        "https://portal.gov.vn/tin-tuc",
        "http://www.portal.gov.vn/tin-tuc",
        "http://cong.test:8080/a",
    ],
)
def test_portal_pages_pass(guard_crawler: Crawler, url: str) -> None:
    assert guard(guard_crawler).process_request(Request(url)) is None


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://169.254.169.254\\@portal.gov.vn/",  # the downloader goes to 169.254.169.254
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[fe80::1]/",
        "http://2130706433/",
        "http://0177.0.0.1/",
        "http://0x7f.1/",
        "http://10.0.0.1/",
        "http://172.16.5.4/",
        "http://192.168.1.1/",
        "http://224.0.0.1/",
        "http://localhost:8080/",
    ],
)
@pytest.mark.parametrize("role", ["page", "requisite", "document"])
def test_non_public_addresses_are_dropped_for_every_role(
    guard_crawler: Crawler, url: str, role: str
) -> None:
    mw = guard(guard_crawler)
    message = dropped(mw, Request(url, meta={"vnarchive_role": role}))
    assert "out of scope" in message
    assert guard_crawler.stats.get_value("vnarchive/scope/forbidden_address") == 1


def test_robots_txt_of_any_public_host_passes_but_not_of_a_private_one(
    guard_crawler: Crawler,
) -> None:
    mw = guard(guard_crawler)
    robots = {"dont_obey_robotstxt": True}
    assert mw.process_request(Request("https://cdn.example.org/robots.txt", meta=robots)) is None
    dropped(mw, Request("http://169.254.169.254/robots.txt", meta=robots))


def test_requisites_and_documents_may_live_on_other_public_hosts(guard_crawler: Crawler) -> None:
    mw = guard(guard_crawler)
    for role in ("requisite", "document"):
        request = Request("https://cdn.example.org/a.css", meta={"vnarchive_role": role})
        assert mw.process_request(request) is None
    # port 80 is the web's, 8080 a portal's (cong.test:8080)
    for url in ("http://cdn.example.org:80/a.css", "http://cdn.example.org:8080/b.css"):
        assert mw.process_request(Request(url, meta={"vnarchive_role": "requisite"})) is None


@pytest.mark.parametrize(
    "url",
    [
        "http://portal.gov.vn:2375/logo.png",  # the portal's host, another server (Docker)
        "http://cdn.example.org:6379/a.js",
        "http://user:pw@cdn.example.org/a.css",
        "http://portal.gov.vn@cdn.example.org/a.css",
    ],
)
def test_requisites_stay_off_other_ports_and_user_info(guard_crawler: Crawler, url: str) -> None:
    assert "out of scope" in dropped(guard(guard_crawler), Request(url, meta={ROLE: "requisite"}))


@pytest.mark.parametrize(
    "url",
    [
        "https://other.gov.vn/",
        "https://sub.portal.gov.vn/",
        "http://cong.test:8081/a",  # another port: another server
        "http://user:pw@portal.gov.vn/",
        "http://portal.gov.vn@8.8.8.8/",
    ],
)
def test_pages_off_the_portals_are_dropped(guard_crawler: Crawler, url: str) -> None:
    dropped(guard(guard_crawler), Request(url))
    assert guard_crawler.stats.get_value("vnarchive/scope/offsite") == 1


@pytest.mark.parametrize("url", ["ftp://portal.gov.vn/a", "file:///etc/passwd", "data:,x"])
def test_other_schemes_are_dropped(guard_crawler: Crawler, url: str) -> None:
    dropped(guard(guard_crawler), Request(url, meta={"vnarchive_role": "requisite"}))
    assert guard_crawler.stats.get_value("vnarchive/scope/scheme") == 1


@pytest.mark.parametrize(
    ("location", "reason"),
    [
        ("http://169.254.169.254/latest/meta-data/", "forbidden_address"),
        ("http://0x7f.1:8080/admin", "forbidden_address"),
        ("https://elsewhere.example.org/", "offsite_redirect"),
    ],
)
def test_redirects_come_back_through_the_guard(
    guard_crawler: Crawler, location: str, reason: str
) -> None:
    """Scrapy's own RedirectMiddleware turns the 302 into the next request, as in a crawl."""
    mw = guard(guard_crawler)
    redirect = RedirectMiddleware.from_crawler(guard_crawler)
    first = Request("https://portal.gov.vn/go")
    assert mw.process_request(first) is None
    answer = Response(first.url, status=302, headers={"Location": location}, request=first)
    following = redirect.process_response(first, answer)
    assert isinstance(following, Request) and following.meta["redirect_urls"] == [first.url]
    dropped(mw, following)
    assert guard_crawler.stats.get_value(f"vnarchive/scope/{reason}") == 1


def test_allowed_networks_let_the_sandbox_through() -> None:
    crawler = crawler_with(
        VNARCHIVE_SEEDS=["http://127.0.0.1:8001/"], VNARCHIVE_ALLOW_NETWORKS=["127.0.0.0/8"]
    )
    mw = guard(crawler)
    assert mw.process_request(Request("http://127.0.0.1:8001/tin")) is None
    assert (
        mw.process_request(Request("http://0x7f.1/x.css", meta={"vnarchive_role": "requisite"}))
        is None
    )
    dropped(mw, Request("http://127.0.0.1:8002/tin"))  # a page elsewhere: offsite
    dropped(mw, Request("http://10.0.0.1/x.css", meta={"vnarchive_role": "requisite"}))
    assert crawler.stats.get_value("vnarchive/scope/offsite") == 1
    assert crawler.stats.get_value("vnarchive/scope/forbidden_address") == 1


# -- PortalRobotsTxtMiddleware -----------------------------------------------------------
Route = tuple[int, dict[str, str], bytes]


class _Handler(BaseHTTPRequestHandler):
    server: Site

    def do_GET(self) -> None:  # noqa: N802
        self.server.seen.append(self.path)
        status, headers, body = self.server.routes.get(self.path, (404, {}, b"not found"))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


class Site(ThreadingHTTPServer):
    """A real HTTP server on 127.0.0.1 answering fixed routes, noting what was asked."""

    def __init__(self, routes: dict[str, Route]) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes = routes
        self.seen: list[str] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"


@pytest.fixture
def site_factory() -> Iterator[Callable[[dict[str, Route]], Site]]:
    sites: list[Site] = []

    def start(routes: dict[str, Route]) -> Site:
        site = Site(routes)
        threading.Thread(target=site.serve_forever, args=(0.01,), daemon=True).start()
        sites.append(site)
        return site

    yield start
    for site in sites:
        site.shutdown()
        site.server_close()


async def fetch(request: Request) -> Response:
    """The download handler: a real HTTP/1.1 request over a socket (no redirects followed:
    Scrapy's RedirectMiddleware does that)."""

    def get() -> Response:
        _, _, netloc, path = request.url.split("/", 3)
        conn = http.client.HTTPConnection(netloc, timeout=5)
        try:
            conn.request(request.method, "/" + path)
            answer = conn.getresponse()
            return Response(
                request.url,
                status=answer.status,
                headers=Headers(answer.getheaders()),
                body=answer.read(),
                request=request,
            )
        finally:
            conn.close()

    return await asyncio.to_thread(get)


class Engine:
    """``engine.download_async`` as Scrapy's engine does it: the request goes through the
    downloader middlewares (the scope guard, the redirect middleware…) to the handler; a
    request a middleware returns (a redirect) is downloaded in turn."""

    def __init__(self, crawler: Crawler) -> None:
        self.middleware = DownloaderMiddlewareManager.from_crawler(crawler)

    async def download_async(self, request: Request) -> Response:
        while True:
            result = await self.middleware.download_async(fetch, request)
            if isinstance(result, Response):
                return result
            request = result


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


ROBOTS_SETTINGS: dict[str, Any] = {
    "ROBOTSTXT_OBEY": True,
    "RETRY_ENABLED": False,
    "VNARCHIVE_ALLOW_NETWORKS": ["127.0.0.0/8"],
    "DOWNLOADER_MIDDLEWARES": {
        "crawler.downloadermiddlewares.scope.ScopeGuardMiddleware": 50,
        "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
        "crawler.downloadermiddlewares.robots.PortalRobotsTxtMiddleware": 100,
    },
}


def robots_verdicts(seed: str, paths: list[str]) -> tuple[dict[str, str], Crawler]:
    """Each path of ``seed`` requested through the real middleware chain: ``"fetched"``
    (with its status) or ``"robots"`` when robots.txt forbade it."""
    crawler = crawler_with(**ROBOTS_SETTINGS, VNARCHIVE_SEEDS=[seed])
    crawler.spider = Spider.from_crawler(crawler, name="robots")
    engine = Engine(crawler)
    crawler.engine = engine  # type: ignore[assignment]
    assert any(isinstance(m, PortalRobotsTxtMiddleware) for m in engine.middleware.middlewares)
    verdicts: dict[str, str] = {}

    async def run() -> None:
        for path in paths:
            try:
                response = await engine.download_async(Request(seed + path))
                verdicts[path] = f"fetched {response.status}"
            except IgnoreRequest as exc:
                assert "robots.txt" in str(exc)
                verdicts[path] = "robots"

    asyncio.run(run())
    return verdicts, crawler


PAGE: Route = (200, {"Content-Type": "text/html"}, b"<p>trang</p>")


def test_robots_txt_answered_200_is_obeyed(site_factory: Callable[..., Site]) -> None:
    site = site_factory(
        {"/robots.txt": (200, {}, b"User-agent: *\nDisallow: /private\n"), "/a": PAGE}
    )
    verdicts, crawler = robots_verdicts(site.url, ["a", "private/x"])
    assert verdicts == {"a": "fetched 200", "private/x": "robots"}
    assert site.seen == ["/robots.txt", "/a"]
    assert crawler.stats.get_value("vnarchive/robots/unreachable") is None


@pytest.mark.parametrize("status", [500, 502, 503])
def test_robots_txt_answered_5xx_disallows_everything(
    site_factory: Callable[..., Site], status: int
) -> None:
    site = site_factory({"/robots.txt": (status, {}, b"User-agent: *\nAllow: /\n"), "/a": PAGE})
    verdicts, crawler = robots_verdicts(site.url, ["a", "b"])
    assert verdicts == {"a": "robots", "b": "robots"}
    assert site.seen == ["/robots.txt"]  # nothing but robots.txt asked
    assert crawler.stats.get_value("vnarchive/robots/unreachable") == 1


@pytest.mark.parametrize("status", [401, 403, 404, 410, 429])
def test_robots_txt_answered_4xx_allows_everything(
    site_factory: Callable[..., Site], status: int
) -> None:
    # a 4xx page whose text reads like a robots.txt: still no robots.txt
    site = site_factory({"/robots.txt": (status, {}, b"User-agent: *\nDisallow: /\n"), "/a": PAGE})
    verdicts, crawler = robots_verdicts(site.url, ["a", "b"])
    assert verdicts == {"a": "fetched 200", "b": "fetched 404"}
    assert crawler.stats.get_value("vnarchive/robots/unreachable") is None


def test_robots_txt_unreachable_disallows_everything() -> None:
    seed = f"http://127.0.0.1:{closed_port()}/"
    verdicts, crawler = robots_verdicts(seed, ["a", "b"])
    assert verdicts == {"a": "robots", "b": "robots"}
    assert crawler.stats.get_value("vnarchive/robots/unreachable") == 1


def test_robots_txt_redirected_to_a_forbidden_address_disallows_everything(
    site_factory: Callable[..., Site],
) -> None:
    site = site_factory(
        {
            "/robots.txt": (302, {"Location": "http://169.254.169.254/robots.txt"}, b""),
            "/a": PAGE,
        }
    )
    verdicts, crawler = robots_verdicts(site.url, ["a"])
    assert verdicts == {"a": "robots"}
    assert site.seen == ["/robots.txt"]
    assert crawler.stats.get_value("vnarchive/scope/forbidden_address") == 1
    assert crawler.stats.get_value("vnarchive/robots/unreachable") == 1


def test_robots_txt_redirected_within_the_portal_is_followed(
    site_factory: Callable[..., Site],
) -> None:
    site = site_factory(
        {
            "/robots.txt": (301, {"Location": "/robots-vn.txt"}, b""),
            "/robots-vn.txt": (200, {}, b"User-agent: *\nDisallow: /admin\n"),
            "/a": PAGE,
        }
    )
    verdicts, _ = robots_verdicts(site.url, ["a", "admin"])
    assert verdicts == {"a": "fetched 200", "admin": "robots"}


# -- BoundedCookiesMiddleware ------------------------------------------------------------
class Browser:
    """A crawler's cookie middleware, and requests and answers carrying cookies."""

    def __init__(self) -> None:
        self.crawler = crawler_with()
        self.mw = BoundedCookiesMiddleware.from_crawler(self.crawler)

    def visit(self, url: str, set_cookies: list[str]) -> None:
        request = Request(url)
        self.mw.process_request(request)
        answer = Response(url, headers={"Set-Cookie": set_cookies}, request=request)
        assert self.mw.process_response(request, answer) is answer

    def cookie_header(self, url: str) -> dict[str, str]:
        request = Request(url)
        self.mw.process_request(request)
        header = (request.headers.get("Cookie") or b"").decode()
        return dict(pair.split("=", 1) for pair in header.split("; ") if pair)

    @property
    def dropped(self) -> int:
        return int(self.crawler.stats.get_value("vnarchive/cookies_dropped", 0))


def test_a_response_sets_at_most_max_per_response_cookies() -> None:
    browser = Browser()
    browser.visit(PORTAL, [f"c{i}=v" for i in range(300)])
    sent = browser.cookie_header(PORTAL + "tin")
    assert len(sent) == MAX_PER_RESPONSE
    assert browser.dropped == 300 - MAX_PER_RESPONSE


def test_a_host_holds_at_most_max_per_host_cookies() -> None:
    browser = Browser()
    for page in range(6):
        browser.visit(PORTAL + f"p{page}", [f"c{page}_{i}=v" for i in range(MAX_PER_RESPONSE)])
    assert len(browser.cookie_header(PORTAL)) == MAX_PER_HOST
    assert browser.dropped == 6 * MAX_PER_RESPONSE - MAX_PER_HOST


def test_cookies_larger_than_the_limit_are_dropped() -> None:
    browser = Browser()
    browser.visit(PORTAL, ["big=" + "x" * MAX_COOKIE_BYTES, "ok=1", "edge=" + "y" * 4092])
    assert set(browser.cookie_header(PORTAL)) == {"ok", "edge"}
    assert browser.dropped == 1


def test_a_full_host_still_updates_the_cookies_it_holds() -> None:
    """A portal holding 200 cookies that renews its session id: the new id replaces the
    old one (it is no new cookie), the crawl does not keep sending a stale session."""
    browser = Browser()
    browser.visit(PORTAL, ["JSESSIONID=old"])
    for page in range(5):
        browser.visit(PORTAL + f"p{page}", [f"c{page}_{i}=v" for i in range(MAX_PER_RESPONSE)])
    assert len(browser.cookie_header(PORTAL)) == MAX_PER_HOST
    browser.visit(PORTAL, ["JSESSIONID=new", "another=1"])
    sent = browser.cookie_header(PORTAL)
    assert sent["JSESSIONID"] == "new" and "another" not in sent
    assert len(sent) == MAX_PER_HOST


def test_one_hosts_cookies_do_not_count_against_another() -> None:
    """A district portal (a sub-domain) filling its jar leaves its province's alone, and
    the other way round; a host whose name merely contains another's is another host."""
    browser = Browser()
    for page in range(5):
        browser.visit(
            f"https://kinhmon.haiduong.gov.vn/p{page}",
            [f"c{page}_{i}=v" for i in range(MAX_PER_RESPONSE)],
        )
    browser.visit("https://haiduong.gov.vn/", ["JSESSIONID=province"])
    browser.visit("https://xhaiduong.gov.vn/", ["JSESSIONID=x"])
    assert browser.cookie_header("https://haiduong.gov.vn/") == {"JSESSIONID": "province"}
    assert browser.cookie_header("https://xhaiduong.gov.vn/") == {"JSESSIONID": "x"}
    district = browser.cookie_header("https://kinhmon.haiduong.gov.vn/")
    assert len([name for name in district if name.startswith("c")]) == MAX_PER_HOST


def test_cookies_for_a_parent_domain_count_for_the_host() -> None:
    browser = Browser()
    url = "https://kinhmon.haiduong.gov.vn/"
    for page in range(4):
        browser.visit(
            url + f"p{page}",
            [f"d{page}_{i}=v; Domain=haiduong.gov.vn" for i in range(MAX_PER_RESPONSE)],
        )
    browser.visit(url, ["own=1"])
    assert "own" not in browser.cookie_header(url)
    assert browser.dropped == 1


# -- RetryAfterMiddleware ----------------------------------------------------------------
def http_date(seconds_from_now: float) -> str:
    return format_datetime(utcnow() + timedelta(seconds=seconds_from_now), usegmt=True)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("10", 10.0),
        (" 0 ", 0.0),
        ("3600", 3600.0),
        ("Sun, 06 Nov 1994 08:49:37 GMT", 0.0),  # in the past: at once
        (None, None),
        ("", None),
        ("soon", None),
        ("-5", None),
        ("1.5", None),
        ("²", None),  # latin-1 0xB2: str.isdigit() says yes
        ("١٢", None),  # Arabic-Indic digits
        ("Sun, 06 Nov 1994 08:49:37", None),  # no zone
        ("Sun, 06 Nov 99999 08:49:37 GMT", None),
    ],
)
def test_retry_after_values(value: str | None, expected: float | None) -> None:
    assert retry_after(value) == expected


def test_retry_after_as_an_http_date() -> None:
    wait = retry_after(http_date(60))
    assert wait is not None and 50 <= wait <= 60


class Slots:
    """The crawler's engine as the middleware sees it: its downloader's slots."""

    def __init__(self, crawler: Crawler, **slots: float) -> None:
        self.slots = {key: Slot(concurrency=1, delay=delay) for key, delay in slots.items()}
        crawler.engine = SimpleNamespace(downloader=SimpleNamespace(slots=self.slots))  # type: ignore[assignment]


def answered(
    mw: RetryAfterMiddleware, url: str, status: int, retry_after_value: str | bytes | None
) -> Response:
    # the downloader sets download_slot on every request it sends (Downloader._enqueue_request)
    request = Request(url, meta={"download_slot": url.split("/")[2].split(":")[0]})
    headers = {"Retry-After": retry_after_value} if retry_after_value is not None else {}
    response = Response(url, status=status, headers=headers, request=request)
    assert mw.process_response(request, response) is response
    return response


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_seconds_slow_the_host_down(status: int) -> None:
    crawler = crawler_with()
    slots = Slots(crawler, **{"portal.gov.vn": 1.0, "other.gov.vn": 1.0})
    mw = RetryAfterMiddleware.from_crawler(crawler)
    answered(mw, "https://portal.gov.vn/a", status, "30")
    assert slots.slots["portal.gov.vn"].delay == 30.0
    assert slots.slots["other.gov.vn"].delay == 1.0
    assert crawler.stats.get_value("vnarchive/retry_after") == 1


def test_retry_after_is_capped_by_the_setting() -> None:
    crawler = crawler_with(VNARCHIVE_MAX_RETRY_AFTER=45)
    slots = Slots(crawler, **{"portal.gov.vn": 1.0})
    mw = RetryAfterMiddleware.from_crawler(crawler)
    answered(mw, "https://portal.gov.vn/a", 429, "86400")
    assert slots.slots["portal.gov.vn"].delay == 45.0
    answered(mw, "https://portal.gov.vn/b", 503, http_date(7 * 86400))
    assert slots.slots["portal.gov.vn"].delay == 45.0


def test_retry_after_default_cap() -> None:
    crawler = crawler_with()
    slots = Slots(crawler, **{"portal.gov.vn": 1.0})
    answered(RetryAfterMiddleware.from_crawler(crawler), "https://portal.gov.vn/", 429, "99999")
    assert slots.slots["portal.gov.vn"].delay == MAX_WAIT


def test_retry_after_as_a_date_slows_the_host_down() -> None:
    crawler = crawler_with()
    slots = Slots(crawler, **{"portal.gov.vn": 1.0})
    answered(
        RetryAfterMiddleware.from_crawler(crawler), "https://portal.gov.vn/", 503, http_date(90)
    )
    assert 80 <= slots.slots["portal.gov.vn"].delay <= 90


def test_retry_after_never_speeds_a_host_up() -> None:
    crawler = crawler_with()
    slots = Slots(crawler, **{"portal.gov.vn": 20.0})
    answered(RetryAfterMiddleware.from_crawler(crawler), "https://portal.gov.vn/", 429, "5")
    assert slots.slots["portal.gov.vn"].delay == 20.0


@pytest.mark.parametrize(
    ("status", "value"),
    [(200, "60"), (500, "60"), (302, "60"), (429, None), (429, "soon"), (503, b"\xb2")],
)
def test_other_answers_and_garbage_change_nothing(status: int, value: str | bytes | None) -> None:
    """The byte 0xB2 reads ``²`` in latin-1: a digit to ``str.isdigit()``, no float."""
    crawler = crawler_with()
    slots = Slots(crawler, **{"portal.gov.vn": 1.0})
    answered(RetryAfterMiddleware.from_crawler(crawler), "https://portal.gov.vn/", status, value)
    assert slots.slots["portal.gov.vn"].delay == 1.0
    assert crawler.stats.get_value("vnarchive/retry_after") is None


def test_retry_after_for_a_portal_on_another_port() -> None:
    crawler = crawler_with()
    slots = Slots(crawler, **{"cong.test": 1.0})
    answered(RetryAfterMiddleware.from_crawler(crawler), "http://cong.test:8080/a", 429, "12")
    assert slots.slots["cong.test"].delay == 12.0
