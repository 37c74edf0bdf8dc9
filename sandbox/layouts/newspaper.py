"""(d) Provincial-newspaper style: ``/tin-tuc/slug-12345.html``, ``h1.article-title``,
``h2.sapo``; absolute links, every page chunked."""

from __future__ import annotations

import re
from urllib.parse import quote

from sandbox.content import Figure
from sandbox.dates import dmy_hm, weekday_long
from sandbox.layouts.base import Layout, Route, e, to_int
from sandbox.model import Article
from sandbox.portals import Category

ARTICLE = re.compile(r"^/tin-tuc/(?:([a-z0-9-]+)-)?(\d{1,9})\.html$")
LISTING = re.compile(r"^/([a-z0-9-]+)/(?:trang-(\d{1,6})\.html)?$")
BARE_CAT = re.compile(r"^/([a-z0-9-]+)$")
PRINT = re.compile(r"^/print/(\d{1,9})\.html$")


class NewspaperLayout(Layout):
    name = "newspaper"
    page_size = 8
    chunk_all = True
    absolute_links = True
    server = "nginx/1.18.0"
    cache_control = "max-age=0, must-revalidate"
    rss_path = "/rss.xml"
    disallow = ("/tim-kiem", "/print/", "/admin/")

    # -- URL scheme ------------------------------------------------------------------------
    def listing_path(self, cat: Category, page: int = 1) -> str:
        return f"/{cat.slug}/" if page == 1 else f"/{cat.slug}/trang-{page}.html"

    def article_path(self, art: Article) -> str:
        return f"/tin-tuc/{art.slug}-{art.id}.html"

    def legacy_path(self, art: Article) -> str:
        return f"/tin-tuc/{art.id}.html"

    def search_path(self, query: str, page: int = 1) -> str:
        return f"/tim-kiem?q={quote(query)}" + (f"&page={page}" if page > 1 else "")

    def print_path(self, art: Article) -> str:
        return f"/print/{art.id}.html"

    def image_path(self, art: Article, name: str) -> str:
        return f"/uploads/news/{art.date:%Y/%m/%d}/{name}"

    def route(self, path: str, query: dict[str, str]) -> Route | None:
        if path == "/":
            return Route("home")
        if path == "/index.html":
            return Route("redirect", location="/", status=302)
        if m := ARTICLE.match(path):
            return Route("article" if m[1] else "legacy", art_id=int(m[2]))
        if (m := LISTING.match(path)) and m[1] in self.by_slug:
            page = int(m[2] or 1)
            if m[2] and page == 1:
                return Route("redirect", location=f"/{m[1]}/")
            return Route("listing", cat=self.by_slug[m[1]], page=page)
        if (m := BARE_CAT.match(path)) and m[1] in self.by_slug:
            return Route("redirect", location=f"/{m[1]}/")
        if m := PRINT.match(path):
            return Route("print", art_id=int(m[1]))
        return self._other(path, query)

    def _other(self, path: str, query: dict[str, str]) -> Route | None:
        if path == "/tim-kiem":
            page = to_int(query.get("page"), 1)
            return Route("search", query=query.get("q", ""), page=page) if page else None
        if path == "/gioi-thieu.html":
            return Route("intro")
        if path.startswith("/admin/"):
            return Route("admin")
        return None

    # -- markup ----------------------------------------------------------------------------
    def head(self, title: str, art: Article | None) -> str:
        site = self.site
        meta = ""
        if art is not None:
            sapo = site.content(art).sapo
            meta = (
                f'<meta name="description" content="{e(sapo)}" />\n'
                f'<meta property="og:type" content="article" />\n'
                f'<meta property="og:title" content="{e(art.title)}" />\n'
                f'<meta property="article:published_time" content="{site.iso(art.date)}" />'
                f'\n<link rel="canonical" href="{self.art_href(art)}" />\n'
            )
        rss = (
            (
                f'<link rel="alternate" type="application/rss+xml" title="{e(self.spec.name)}" '
                f'href="{self.href(self.rss_path)}" />\n'
            )
            if self.spec.has_rss
            else ""
        )
        return (
            '<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8" />\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1" />\n'
            f"<title>{e(title)}</title>\n{meta}{rss}"
            f'<link rel="stylesheet" href="{self.href("/static/css/main.css")}" />\n'
            "</head>\n"
        )

    def frame(
        self, title: str, main: str, crumbs: tuple[Category, ...] = (), art: Article | None = None
    ) -> str:
        site, spec = self.site, self.spec
        page_title = spec.name if title == spec.name else f"{title} - {spec.name}"
        nav = "".join(
            f'<li><a href="{self.href(self.listing_path(c))}">{e(c.name)}</a></li>'
            for c in site.categories
        )
        today = weekday_long(site.now).rsplit(" ", 1)[0]
        return (
            self.head(page_title, art) + '<body class="page">\n<header class="site-header">'
            f'<div class="container"><a class="logo" href="{self.href("/")}">'
            f'<img src="{self.href("/static/images/logo.png")}" alt="{e(spec.name)}" /></a>'
            f'<div class="header-date">{today}</div>'
            f'<form class="search-form" action="{self.href("/tim-kiem")}" method="get">'
            '<input type="text" name="q" placeholder="Tìm kiếm..." /></form></div>\n'
            f'<nav class="main-nav"><ul><li><a href="{self.href("/")}">Trang chủ</a></li>{nav}'
            f'<li><a href="{self.href(self.intro_path())}">Giới thiệu</a></li></ul></nav>'
            f'</header>\n<main class="container"><div class="row"><div class="col-main">\n{main}'
            '\n</div>\n<aside class="col-side"><div class="box box-latest">'
            f'<h3 class="box-title">Tin mới nhất</h3>{self.latest_html("list-latest")}</div>'
            f'<div class="box box-hot"><h3 class="box-title">Nổi bật</h3>'
            f"{self.latest_html('list-hot', 3)}</div>{self.tthc_html('box box-tthc')}"
            f"{self.counters_html('box box-counter', '.')}{self.links_html('box box-links')}"
            f'</aside></div></main>\n<footer class="site-footer">'
            f"{self.footer_html('container')}</footer>\n</body>\n</html>\n"
        )

    def crumbs(self, cat: Category) -> str:
        return (
            f'<div class="breadcrumb"><a href="{self.href("/")}">Trang chủ</a> » '
            f'<a href="{self.href(self.listing_path(cat))}">{e(cat.name)}</a></div>'
        )

    def story(self, art: Article, tag: str = "h3") -> str:
        first = next((b for b in self.site.content(art).blocks if isinstance(b, Figure)), None)
        thumb = (
            (
                f'<a class="story__thumb" href="{self.art_href(art)}"><img src="'
                f'{self.href(self.image_path(art, first.name))}" alt="" /></a>'
            )
            if first
            else ""
        )
        return (
            f'<article class="story">{thumb}<{tag} class="story__title"><a href="'
            f'{self.art_href(art)}">{e(art.title)}</a></{tag}><time class="story__time">'
            f'{dmy_hm(art.date)}</time><p class="story__sapo">'
            f"{e(self.site.content(art).sapo)}</p></article>"
        )

    def home(self) -> str:
        site = self.site
        latest = site.latest(9)
        lead = self.story(latest[0], "h2") if latest else ""
        blocks = "".join(
            f'<section class="cat-block"><h2 class="section-title"><a href="'
            f'{self.href(self.listing_path(c))}">{e(c.name)}</a></h2>'
            f"{self.dated_list(site.in_category(c, ghosts=False)[:4], 'cat-list')}</section>"
            for c in site.categories
        )
        main = (
            f'<section class="featured">{lead}</section><section class="latest">'
            f'<h2 class="section-title">Tin mới</h2>'
            f"{''.join(self.story(a) for a in latest[1:])}</section>{blocks}"
        )
        return self.frame(self.spec.name, main)

    def listing(self, cat: Category, page: int, items: list[Article], pages: int) -> str:
        main = (
            f'{self.crumbs(cat)}<h1 class="cat-title">{e(cat.name)}</h1>'
            f'<div class="list-news">{"".join(self.story(a) for a in items)}</div>'
            f"{self.pager(cat, page, pages, 'pagination')}"
        )
        return self.frame(cat.name, main, (cat,))

    def figure(self, art: Article, fig: Figure) -> str:
        src = self.href(self.image_path(art, fig.name))
        return (
            f'<figure class="expNoEdit"><img src="{src}" alt="{e(fig.name)}" />'
            f'<figcaption class="caption">{e(fig.caption)}</figcaption></figure>'
        )

    def article(self, art: Article) -> str:
        site = self.site
        content = site.content(art)
        main = (
            f'{self.crumbs(art.category)}<article class="article-detail">'
            f'<div class="article-category"><a href="{self.href(self.listing_path(art.category))}'
            f'">{e(art.category.name)}</a></div><h1 class="article-title">{e(art.title)}</h1>'
            f'<div class="article-meta"><span class="article-author">{e(art.author)}</span> '
            f'<time class="article-time" datetime="{site.iso(art.date)}">{e(site.date(art.date))}'
            f'</time></div>\n<h2 class="sapo">{e(content.sapo)}</h2>\n'
            f'<div class="article-body" id="article-body">\n{self.body_html(art, content)}\n'
            f'</div><p class="article-signature"><strong>{e(art.author)}</strong></p>'
            f"{self.tags_html(art, 'article-tags')}{self.share_html(art, 'article-share')}"
            '<div class="comment-count">(0) Bình luận</div></article>\n'
            f'<div class="related-news"><h3>Tin liên quan</h3>'
            f"{self.dated_list(site.related(art, 4), 'list-related', legacy=True)}</div>"
            f'<div class="other-news"><h3>Các tin khác</h3>'
            f"{self.dated_list(site.older(art, 6), 'list-other')}</div>"
        )
        return self.frame(art.title, main, (art.category,), art)
