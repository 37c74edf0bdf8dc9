"""Faults of scope: every way a page can point a crawler at an address it must never touch.

Each target is a private, loopback or link-local address, or a trick that hides one (decimal
and octal IPs, userinfo, a backslash, the portal's own host on another port). Every vehicle
(link, requisite, <base>, redirect, refresh, sitemap, robots.txt) points at every target with
``?via=<vehicle>``, so a foreign request in the sandbox's log says which fault let it out.
"""

from __future__ import annotations

from collections.abc import Callable

from sandbox.hostile.faults import BASE, HOST, Ask, Fault
from sandbox.hostile.pages import e, link_list, not_found, page, text
from sandbox.hostile.sitemaps import urlset
from sandbox.response import Response, redirect

TARGETS: dict[str, str] = {
    "ssh": "http://127.0.0.1:22/",
    "metadata": "http://169.254.169.254/latest/meta-data/",
    "private": "http://10.0.0.1/",
    "ipv6-loopback": "http://[::1]/",
    "redis": "http://localhost:6379/",
    "decimal-ip": "http://2130706433/",
    "octal-ip": "http://0177.0.0.1/",
    "other-port": f"http://{HOST}:2375/",
    "backslash": f"http://169.254.169.254\\@{HOST}/",
    "userinfo": f"http://{HOST}@10.0.0.1/",
}
PREFIX = f"{BASE}/thoat/"
REDIRECTS = (301, 302, 307, 308)
NOT_REQUESTED = "not requested: no request to any of its forbidden URLs (nor to their hosts)"


def target(key: str, via: str) -> str:
    return f"{TARGETS[key]}?via={via}"


def targets(via: str) -> tuple[str, ...]:
    return tuple(target(key, via) for key in TARGETS)


def _links(ask: Ask) -> Response:
    links = [(target(key, "link"), f"Liên kết {key}") for key in TARGETS]
    return page("Liên kết ra ngoài", link_list(links))


def _requisites(ask: Ask) -> Response:
    html = []
    for key in TARGETS:
        url = e(target(key, "requisite"))
        html.append(
            f'<img src="{url}" alt="{key}"><script src="{url}"></script>'
            f'<link rel="stylesheet" href="{url}"><iframe src="{url}"></iframe>'
        )
    return page("Tài nguyên từ địa chỉ nội bộ", "\n".join(html))


BASE_HREF = "http://10.0.0.1/"
BASE_FORBIDDEN = (f"{BASE_HREF}tin-tuc.html?via=base", f"{BASE_HREF}logo.png?via=base")


def _base_href(ask: Ask) -> Response:
    body = '<p><a href="tin-tuc.html?via=base">Tin tức</a><img src="logo.png?via=base"></p>'
    return page("Trang có thẻ base", body, head=f'<base href="{BASE_HREF}">')


def _per_target(make: Callable[[str], Response], prefix: str) -> Callable[[Ask], Response]:
    def answer(ask: Ask) -> Response:
        key = ask.path.removeprefix(prefix).removesuffix(".html")
        return make(key) if key in TARGETS else not_found()

    return answer


def _redirect_fault(status: int) -> Fault:
    path = f"/thoat/chuyen-{status}/"
    via = f"redirect-{status}"
    return Fault(
        id=f"escape-redirect-{status}",
        category="escapes",
        urls=tuple(f"{BASE}{path}{key}" for key in TARGETS),
        prefixes=(f"{BASE}{path}",),
        forbidden=targets(via),
        does=f"One URL per target answering {status} with Location: the target.",
        expected=f"{NOT_REQUESTED}; the {status} itself is archived",
        outcome="not_requested",
        answer=_per_target(lambda key: redirect(target(key, via), status), path),
    )


def _meta_refresh(key: str) -> Response:
    url = e(target(key, "meta-refresh"))
    head = f'<meta http-equiv="refresh" content="0; url={url}">'
    return page("Đang chuyển trang", f'<p><a href="{url}">Chuyển</a></p>', head=head)


def _refresh_header(key: str) -> Response:
    refresh = ("Refresh", f"0; url={target(key, 'refresh-header')}")
    return page("Đang chuyển trang", "<p>Vui lòng chờ.</p>", headers=[refresh])


def _sitemap(ask: Ask) -> Response:
    xml = urlset([(url, "2024-03-01") for url in targets("sitemap")])
    return text(xml, "application/xml; charset=utf-8")


ROBOTS_SITEMAPS = ("http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/sitemap.xml")


def _robots(ask: Ask) -> Response:
    lines = ["# robots.txt của xã Thử Nghiệm", "User-agent: *", "Disallow: /tim-kiem/", ""]
    lines += [f"Sitemap: {url}" for url in ask.portal.sitemaps()]
    lines += [f"Sitemap: {url}?via=robots-sitemap" for url in ROBOTS_SITEMAPS]
    return text("\n".join(lines) + "\n")


def faults() -> list[Fault]:
    def one(id: str, path: str, does: str, answer: Callable[[Ask], Response], via: str) -> Fault:
        return Fault(
            id=id,
            category="escapes",
            urls=(f"{BASE}{path}",),
            forbidden=targets(via),
            does=does,
            expected=NOT_REQUESTED,
            outcome="not_requested",
            answer=answer,
        )

    def each(id: str, path: str, does: str, make: Callable[[str], Response], via: str) -> Fault:
        return Fault(
            id=id,
            category="escapes",
            urls=tuple(f"{BASE}{path}{key}.html" for key in TARGETS),
            prefixes=(f"{BASE}{path}",),
            forbidden=targets(via),
            does=does,
            expected=f"{NOT_REQUESTED}; the page itself is archived",
            outcome="not_requested",
            answer=_per_target(make, path),
        )

    return [
        one("escape-links", "/thoat/lien-ket.html", "<a href> to every target.", _links, "link"),
        one(
            "escape-requisites",
            "/thoat/tai-nguyen.html",
            "<img>, <script>, <link rel=stylesheet> and <iframe> from every target: "
            "requisites are fetched wherever they live, but never from these.",
            _requisites,
            "requisite",
        ),
        Fault(
            id="escape-base-href",
            category="escapes",
            urls=(f"{BASE}/thoat/base.html",),
            forbidden=BASE_FORBIDDEN,
            does=f'<base href="{BASE_HREF}"> makes the page\'s relative link and image private.',
            expected=NOT_REQUESTED,
            outcome="not_requested",
            answer=_base_href,
        ),
        *[_redirect_fault(status) for status in REDIRECTS],
        each(
            "escape-meta-refresh",
            "/thoat/lam-moi/",
            'One page per target with <meta http-equiv="refresh" content="0; url=target">.',
            _meta_refresh,
            "meta-refresh",
        ),
        each(
            "escape-refresh-header",
            "/thoat/refresh/",
            "One page per target with the HTTP header Refresh: 0; url=target.",
            _refresh_header,
            "refresh-header",
        ),
        Fault(
            id="escape-sitemap",
            category="escapes",
            urls=(f"{BASE}/sitemap-thoat.xml",),
            forbidden=targets("sitemap"),
            does="A sitemap (named in robots.txt) whose <loc>s are the targets.",
            expected=NOT_REQUESTED,
            outcome="not_requested",
            answer=_sitemap,
            linked=False,
        ),
        Fault(
            id="escape-robots-sitemap",
            category="escapes",
            urls=(f"{BASE}/robots.txt",),
            forbidden=tuple(f"{url}?via=robots-sitemap" for url in ROBOTS_SITEMAPS),
            does="The hostile host's robots.txt: it names the sitemap faults, and two "
            "Sitemap: lines on private addresses.",
            expected=f"{NOT_REQUESTED}; the host's own sitemaps are read",
            outcome="not_requested",
            answer=_robots,
            linked=False,
        ),
    ]
