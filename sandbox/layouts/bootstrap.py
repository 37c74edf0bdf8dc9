"""(b) Bootstrap portal with left and right sidebars: ``/chuyen-muc/slug-1234.html``,
``h1.post-title``, ``span.post-date``, ``div.post-sapo``; PHP behind Apache."""

from __future__ import annotations

import random
import re
from urllib.parse import quote

from sandbox.content import Figure
from sandbox.dates import dmy_hm
from sandbox.layouts.base import Layout, Route, e, to_int
from sandbox.model import Article
from sandbox.portals import Category

ARTICLE = re.compile(r"^/([a-z0-9-]+)/([a-z0-9-]+)-(\d{1,9})\.html$")
LISTING = re.compile(r"^/([a-z0-9-]+)/$")
BARE_CAT = re.compile(r"^/([a-z0-9-]+)$")
PRINT = re.compile(r"^/in-bai-viet/(\d{1,9})$")
ADS = "".join(
    f'<div class="banner-ad"><a href="{url}" target="_blank"><img src="/upload/quangcao/'
    f'banner-{i}.jpg" alt="image advertisement"></a></div>'
    for i, url in enumerate(
        ("https://dichvucong.gov.vn/", "https://chinhphu.vn/", "https://baochinhphu.vn/"), 1
    )
)


class BootstrapLayout(Layout):
    name = "bootstrap"
    page_size = 5
    server = "Apache/2.4.41 (Ubuntu)"
    extra_headers = (("X-Powered-By", "PHP/7.4.3"),)
    cache_control = "no-store, no-cache, must-revalidate"
    rss_path = "/rss"
    disallow = ("/tim-kiem/", "/in-bai-viet/", "/admin/")

    # -- URL scheme ------------------------------------------------------------------------
    def listing_path(self, cat: Category, page: int = 1) -> str:
        return f"/{cat.slug}/" + (f"?page={page}" if page > 1 else "")

    def article_path(self, art: Article) -> str:
        return f"/{art.category.slug}/{art.slug}-{art.id}.html"

    def legacy_path(self, art: Article) -> str:
        return f"/index.php?option=com_content&view=article&id={art.id}"

    def search_path(self, query: str, page: int = 1) -> str:
        return f"/tim-kiem/?tu-khoa={quote(query)}" + (f"&page={page}" if page > 1 else "")

    def print_path(self, art: Article) -> str:
        return f"/in-bai-viet/{art.id}"

    def image_path(self, art: Article, name: str) -> str:
        return f"/upload/images/{art.date:%Y/%m}/{name}"

    def route(self, path: str, query: dict[str, str]) -> Route | None:
        page = to_int(query.get("page"), 1)
        if path == "/":
            return Route("home")
        if path == "/index.html":
            return Route("redirect", location="/", status=302)
        if path == "/index.php":
            art_id = to_int(query.get("id"))
            return Route("legacy", art_id=art_id) if art_id else Route("redirect", location="/")
        if m := ARTICLE.match(path):
            return Route("article", art_id=int(m[3]))
        if (m := LISTING.match(path)) and m[1] in self.by_slug and page:
            return Route("listing", cat=self.by_slug[m[1]], page=page)
        if (m := BARE_CAT.match(path)) and m[1] in self.by_slug:
            return Route("redirect", location=f"/{m[1]}/")
        if path == "/tim-kiem/" and page:
            return Route("search", query=query.get("tu-khoa", ""), page=page)
        if m := PRINT.match(path):
            return Route("print", art_id=int(m[1]))
        if path == "/gioi-thieu.html":
            return Route("intro")
        return Route("admin") if path.startswith("/admin/") else None

    # -- markup ----------------------------------------------------------------------------
    def frame(
        self, title: str, main: str, crumbs: tuple[Category, ...] = (), art: Article | None = None
    ) -> str:
        site, spec = self.site, self.spec
        page_title = spec.name if art is None else f"{spec.name} - {art.title}"
        nav = "".join(
            f'<li class="nav-item"><a class="nav-link" href="'
            f'{self.href(self.listing_path(c))}">{e(c.name)}</a></li>'
            for c in site.categories
        )
        side = "".join(
            f'<a class="list-group-item list-group-item-action" href="'
            f'{self.href(self.listing_path(c))}">{e(c.name)}</a>'
            for c in site.categories
        )
        rss = (
            (
                f'<link rel="alternate" type="application/rss+xml" title="RSS" href="'
                f'{self.rss_path}">\n'
            )
            if spec.has_rss
            else ""
        )
        return (
            '<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
            '<meta http-equiv="X-UA-Compatible" content="IE=edge">\n<meta name="viewport" '
            f'content="width=device-width, initial-scale=1">\n<title>{e(page_title)}</title>\n'
            f'{rss}<link href="/assets/css/bootstrap.min.css" rel="stylesheet">\n'
            '<link href="/assets/css/style.css" rel="stylesheet">\n</head>\n<body>\n'
            f'<div class="top-bar"><div class="container"><span class="today">{dmy_hm(site.now)}'
            f'</span> <a href="{self.admin_path()}">Đăng nhập</a></div></div>\n<header class="'
            'header"><div class="container"><a class="navbar-brand" href="/"><img src="/assets/'
            f'images/logo.png" alt=""> <span class="site-title">{e(spec.name)}</span></a></div>'
            '</header>\n<nav class="navbar navbar-expand-lg navbar-dark bg-primary"><div class="'
            'container"><ul class="navbar-nav mr-auto"><li class="nav-item"><a class="nav-link" '
            f'href="/">Trang chủ</a></li><li class="nav-item"><a class="nav-link" href="'
            f'{self.intro_path()}">Giới thiệu</a></li>{nav}</ul><form class="form-inline" action'
            '="/tim-kiem/" method="get"><input class="form-control" name="tu-khoa" type="search">'
            '</form></div></nav>\n<div class="container main"><div class="row">\n<div class="'
            f'col-md-3 sidebar-left"><div class="list-group">{side}</div>'
            f'{self.tthc_html("card widget-tthc")}</div>\n<div class="col-md-6 content">\n'
            f'{main}\n</div>\n<div class="col-md-3 sidebar-right"><div class="card widget-latest">'
            f'<div class="card-header">Tin mới nhất</div>{self.latest_html("list-unstyled", 6)}'
            f"</div>{self.counters_html('card widget-counter', '.', week=True)}"
            f"{self.links_html('card widget-links')}{ADS}</div>\n</div></div>\n"
            f'<footer class="footer bg-dark text-white">{self.footer_html("container")}</footer>'
            '\n<script src="/assets/'
            'js/jquery.min.js"></script><script src="/assets/js/bootstrap.bundle.min.js"></script>'
            "\n</body>\n</html>\n"
        )

    def crumbs(self, cat: Category, last: str = "") -> str:
        tail = f'<li class="breadcrumb-item active">{e(last)}</li>' if last else ""
        return (
            '<nav aria-label="breadcrumb"><ol class="breadcrumb"><li class="breadcrumb-item">'
            '<a href="/">Trang chủ</a></li><li class="breadcrumb-item"><a href="'
            f'{self.listing_path(cat)}">{e(cat.name)}</a></li>{tail}</ol></nav>'
        )

    def item(self, art: Article) -> str:
        return (
            f'<div class="media post-item"><div class="media-body"><h5 class="mt-0"><a href="'
            f'{self.art_href(art)}">{e(art.title)}</a></h5><small class="text-muted">'
            f"{dmy_hm(art.date)}</small><p>{e(self.site.content(art).sapo)}</p></div></div>"
        )

    def pager(self, cat: Category, page: int, pages: int, cls: str = "pagination") -> str:
        if pages <= 1:
            return ""
        numbers = sorted({1, pages, *range(max(1, page - 3), min(pages, page + 3) + 1)})
        items = "".join(
            f'<li class="page-item{" active" if n == page else ""}"><a class="page-link" '
            f'href="{self.href(self.listing_path(cat, n))}">{n}</a></li>'
            for n in numbers
        )
        return f'<nav><ul class="{cls}">{items}</ul></nav>'

    def home(self) -> str:
        site = self.site
        blocks = "".join(
            f'<div class="card cat-box"><div class="card-header"><a href="'
            f'{self.href(self.listing_path(c))}">{e(c.name)}</a></div>'
            f"{self.dated_list(site.in_category(c, ghosts=False)[:4], 'list-unstyled')}</div>"
            for c in site.categories
        )
        main = (
            f'<div class="hot-news"><h3 class="block-title">TIN MỚI</h3>'
            f"{''.join(self.item(a) for a in site.latest(5))}</div>"
            f"{blocks}"
        )
        return self.frame(self.spec.name, main)

    def listing(self, cat: Category, page: int, items: list[Article], pages: int) -> str:
        main = (
            f'{self.crumbs(cat)}<div class="category-header"><h2>{e(cat.name)}</h2></div>'
            f"{''.join(self.item(a) for a in items)}{self.pager(cat, page, pages)}"
        )
        return self.frame(cat.name, main, (cat,))

    def figure(self, art: Article, fig: Figure) -> str:
        src = self.href(self.image_path(art, fig.name))
        return (
            f'<figure class="figure"><img class="figure-img img-fluid" src="{src}" alt="">'
            f'<figcaption class="figure-caption text-center">{e(fig.caption)}</figcaption>'
            "</figure>"
        )

    def article(self, art: Article) -> str:
        site = self.site
        content = site.content(art)
        views = random.Random(f"{site.seed}|{art.id}|{site.now}").randint(40, 3000)
        main = (
            f'{self.crumbs(art.category, art.title)}<div class="post-detail">'
            f'<h1 class="post-title">{e(art.title)}</h1><div class="post-meta"><span class="'
            f'post-date"><i class="fa fa-calendar"></i> {e(site.date(art.date))}</span> '
            f'<span class="post-views"><i class="fa fa-eye"></i> Lượt xem: {views}</span></div>\n'
            f'<div class="post-sapo"><strong>{e(content.sapo)}</strong></div>\n'
            f'<div class="post-content">\n{self.body_html(art, content)}\n</div>'
            f'<div class="post-author text-right">Tác giả: <strong>{e(art.author)}</strong></div>'
            f"{self.share_html(art, 'post-share')}{self.tags_html(art, 'post-tags')}</div>\n"
            f'<div class="related-posts"><h4>Tin liên quan</h4>'
            f"{self.dated_list(site.related(art, 4), 'list-unstyled', legacy=True)}</div>"
            f'<div class="other-posts"><h4>Các tin khác</h4>'
            f"{self.dated_list(site.older(art, 6), 'list-unstyled')}</div>"
        )
        return self.frame(art.title, main, (art.category,), art)
