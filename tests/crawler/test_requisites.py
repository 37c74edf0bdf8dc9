"""Page requisites: what a page and a stylesheet name, and how the spider asks for them."""

from __future__ import annotations

import asyncio
from pathlib import Path

import lxml.html
import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.utils.test import get_crawler

from crawler.downloadermiddlewares.scope import ROLE
from crawler.requisites import (
    EMBED,
    FRAME,
    css_urls,
    page_requisites,
    refresh_target,
    srcset_urls,
    stylesheet_requisites,
)
from crawler.spiders.portal import REQUISITE_PRIORITY, PortalSpider

BASE = "http://xa.gov.vn.test/tin-tuc/bai-1.html"
PAGE = b"""<!DOCTYPE html><html><head>
<meta http-equiv="refresh" content="300; url=/tin-tuc/moi.html">
<link rel="stylesheet" href="/css/site.css"><link rel="shortcut icon" href="/favicon.ico">
<link rel="preload" href="//cdn.gov.vn.test/f.woff2" as="font">
<link rel="alternate" type="application/rss+xml" href="/rss.xml">
<link rel="canonical" href="/tin-tuc/bai-1.html">
<style>@import "theme.css"; .a{background:url('/img/a.png')}</style>
<script src="https://cdn.gov.vn.test/jquery.js"></script><script>var x = 1;</script>
</head><body background="/img/nen.gif">
<img src="anh/1.jpg" srcset="anh/1-480.jpg 480w, anh/1-960.jpg 960w">
<img src="data:image/gif;base64,R0lGOD" data-src="/upload/lon.jpg" class="lazy">
<picture><source srcset="/anh/2.webp 1x, /anh/2@2x.webp 2x"><img src="/anh/2.jpg"></picture>
<iframe src="/van-ban/files/qd.pdf"></iframe><frame src="http://khac.test/khung.html">
<embed src="/files/bando.pdf"><object data="/files/so-do.svg"></object>
<video poster="/v/p.jpg"><source src="/v/a.mp4"><track src="/v/a.vtt"></video>
<audio src="/v/b.mp3"></audio><div style="background-image: url(/img/khung.png)"></div>
<a href="/tin-tuc/bai-2.html"><img src="/anh/3.jpg#x"></a>
<img src="javascript:void(0)"><img src=""><img src="mailto:a@b">
</body></html>"""


def test_a_page_names_every_kind_of_requisite_once() -> None:
    found = dict(page_requisites(lxml.html.fromstring(PAGE), BASE))
    site = "http://xa.gov.vn.test"
    embeds = {
        f"{site}/tin-tuc/anh/1.jpg", f"{site}/tin-tuc/anh/1-480.jpg",
        f"{site}/tin-tuc/anh/1-960.jpg", f"{site}/upload/lon.jpg", f"{site}/anh/2.webp",
        f"{site}/anh/2@2x.webp", f"{site}/anh/2.jpg", f"{site}/files/bando.pdf",
        f"{site}/files/so-do.svg", f"{site}/v/p.jpg", f"{site}/v/a.mp4", f"{site}/v/a.vtt",
        f"{site}/v/b.mp3", f"{site}/img/khung.png", f"{site}/img/nen.gif", f"{site}/anh/3.jpg",
        f"{site}/css/site.css", f"{site}/favicon.ico", "http://cdn.gov.vn.test/f.woff2",
        f"{site}/tin-tuc/theme.css", f"{site}/img/a.png", "https://cdn.gov.vn.test/jquery.js",
    }  # fmt: skip
    frames = {
        f"{site}/van-ban/files/qd.pdf",
        "http://khac.test/khung.html",
        f"{site}/tin-tuc/moi.html",
    }
    assert found == {**dict.fromkeys(embeds, EMBED), **dict.fromkeys(frames, FRAME)}


def test_links_feeds_and_canonical_are_not_requisites() -> None:
    found = dict(page_requisites(lxml.html.fromstring(PAGE), BASE))
    assert not {u for u in found if "bai-2" in u or "rss" in u or u.endswith("bai-1.html")}


@pytest.mark.parametrize(
    ("css", "urls"),
    [
        ("@import url(a.css); @import 'b.css'; @import \"c.css\" screen;",
         ["a.css", "b.css", "c.css"]),
        ("p{background:url( 'x y.png' )} q{background:url(\"z.gif\")}", ["x y.png", "z.gif"]),
        ("@font-face{src:url(f.woff2) format('woff2'),url(f.woff)}", ["f.woff2", "f.woff"]),
        ("/* url(old.png) */ p{color:red}", []),
        ("p{background:url(data:image/png;base64,AAA)}", ["data:image/png;base64,AAA"]),
    ],
)  # fmt: skip
def test_css_urls(css: str, urls: list[str]) -> None:
    assert css_urls(css) == urls


def test_a_stylesheet_resolves_against_its_own_url_and_skips_data() -> None:
    css = "@import 'in.css'; p{background:url(../img/a.png)} q{background:url(data:x)}"
    assert stylesheet_requisites(css, "http://cdn.test/css/site.css") == [
        "http://cdn.test/css/in.css",
        "http://cdn.test/img/a.png",
    ]


@pytest.mark.parametrize(
    ("content", "target"),
    [("0; url=/a", "/a"), ("5;URL='http://x.test/b'", "http://x.test/b"), ("30", None),
     ("0;/c", "/c")],
)  # fmt: skip
def test_refresh_target(content: str, target: str | None) -> None:
    assert refresh_target(content) == target


def test_srcset_with_commas_in_urls() -> None:
    assert srcset_urls("a.jpg?w=1,2 1x, b.jpg 2x") == ["a.jpg?w=1,2", "b.jpg"]


# -- the spider --------------------------------------------------------------------------
@pytest.fixture
def spider() -> PortalSpider:
    crawler = get_crawler(PortalSpider, {"DEPTH_PRIORITY": 1})
    crawler._apply_settings()
    spider = PortalSpider(urls=["http://xa.gov.vn.test/"], max_pages=1)
    spider.crawler = crawler
    return spider


def requests_of(output: list[object]) -> list[Request]:
    return [r for r in output if isinstance(r, Request)]


def test_requisites_are_asked_once_wherever_they_live_after_pages_and_off_budget(
    spider: PortalSpider,
) -> None:
    page = HtmlResponse(BASE, body=PAGE, headers={"Content-Type": "text/html"},
                        request=Request(BASE))  # fmt: skip
    first = requests_of(spider.parse(page))
    pages = [r for r in first if r.meta.get(ROLE, "page") == "page"]
    requisites = [r for r in first if r.meta.get(ROLE) == "requisite"]
    # the budget (1 page) is spent on the first link; requisites are not counted
    assert [r.url for r in pages] == ["http://xa.gov.vn.test/tin-tuc/bai-2.html"]
    # all of them: the frame and refresh target on the portal too, beyond the budget
    assert len(requisites) == 25
    assert {"http://khac.test/khung.html", "http://xa.gov.vn.test/van-ban/files/qd.pdf"} <= {
        r.url for r in requisites
    }
    assert all(
        r.priority == REQUISITE_PRIORITY < min(p.priority for p in pages) for r in requisites
    )
    other = "http://xa.gov.vn.test/tin-tuc/bai-3.html"
    again = requests_of(spider.parse(page.replace(url=other, request=Request(other))))
    assert [r for r in again if r.meta.get(ROLE) == "requisite"] == []
    assert spider.stats.get_value("vnarchive/requisites") == 25


def test_a_stylesheet_brings_its_imports_and_images(spider: PortalSpider) -> None:
    css = TextResponse(
        "http://cdn.gov.vn.test/css/a.css",
        body=b"@import 'b.css'; p{background:url(/i/p.png)}",
        headers={"Content-Type": "text/css"},
        request=Request("http://cdn.gov.vn.test/css/a.css", meta={ROLE: "requisite"}),
    )
    out = requests_of(spider.parse_requisite(css))
    assert [r.url for r in out] == [
        "http://cdn.gov.vn.test/css/b.css",
        "http://cdn.gov.vn.test/i/p.png",
    ]
    assert all(r.meta[ROLE] == "requisite" and r.callback == spider.parse_requisite for r in out)


def test_a_requisite_is_never_crawled_further(spider: PortalSpider) -> None:
    url = "http://khac.test/khung.html"
    framed = HtmlResponse(url, body=PAGE, headers={"Content-Type": "text/html"},
                          request=Request(url))  # fmt: skip
    assert list(spider.parse_requisite(framed)) == []
    url = "http://xa.gov.vn.test/a.css.jpg"
    image = Response(url, body=b"\xff\xd8", headers={"Content-Type": "image/jpeg"},
                     request=Request(url))  # fmt: skip
    assert list(spider.parse_requisite(image)) == []


def test_a_resumed_crawl_asks_for_pending_requisites_outside_the_budget(
    spider: PortalSpider, tmp_path: Path
) -> None:
    (tmp_path / "portal.journal").write_text(
        "+ http://xa.gov.vn.test/ parse\n= http://xa.gov.vn.test/\n"
        "+ http://xa.gov.vn.test/tin-tuc/bai-2.html parse\n"
        "+ http://cdn.gov.vn.test/a.css parse_requisite\n",
        encoding="utf-8",
    )
    spider.open_journal(str(tmp_path))
    assert spider.scheduled["xa.gov.vn.test"] == 2  # the two pages: a requisite is none

    async def start() -> dict[str, Request]:
        return {r.url: r async for r in spider.start()}

    resumed = asyncio.run(start())
    css = resumed["http://cdn.gov.vn.test/a.css"]
    assert css.meta[ROLE] == "requisite" and css.callback == spider.parse_requisite
    assert css.priority == REQUISITE_PRIORITY
    assert resumed["http://xa.gov.vn.test/tin-tuc/bai-2.html"].meta.get(ROLE) is None
