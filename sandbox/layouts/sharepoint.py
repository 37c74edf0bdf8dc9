"""(c) SharePoint publishing portal: web-part zones, ``ms-rtestate-field`` rich text,
``/chuyen-muc/Pages/slug-1234.aspx``; captions are ``p.ms-rteElement-Caption`` in the body."""

from __future__ import annotations

import re
import uuid
from urllib.parse import quote

from sandbox.content import Figure
from sandbox.layouts.base import Layout, Route, e, to_int
from sandbox.model import Article
from sandbox.portals import Category

ARTICLE = re.compile(r"^/([a-z0-9-]+)/pages/([a-z0-9-]+)-(\d{1,9})\.aspx$")
LISTING = re.compile(r"^/([a-z0-9-]+)/pages/default\.aspx$")
REV = "?rev=Ud3TZmxLTUAazSNvtZgiWA%3D%3D"


class SharePointLayout(Layout):
    name = "sharepoint"
    page_size = 6
    server = "Microsoft-IIS/10.0"
    extra_headers = (
        ("X-SharePointHealthScore", "0"),
        ("X-Powered-By", "ASP.NET"),
        ("MicrosoftSharePointTeamServices", "16.0.0.5422"),
    )
    cache_control = "private, max-age=0"
    disallow = ("/_layouts/", "/_vti_bin/")

    # -- URL scheme ------------------------------------------------------------------------
    def home_path(self) -> str:
        return "/Pages/default.aspx"

    def listing_path(self, cat: Category, page: int = 1) -> str:
        return f"/{cat.slug}/Pages/default.aspx" + (f"?Page={page}" if page > 1 else "")

    def article_path(self, art: Article) -> str:
        return f"/{art.category.slug}/Pages/{art.slug}-{art.id}.aspx"

    def legacy_path(self, art: Article) -> str:
        return f"/Lists/TinTuc/DispForm.aspx?ID={art.id}"

    def search_path(self, query: str, page: int = 1) -> str:
        return f"/_layouts/15/osssearchresults.aspx?k={quote(query)}" + (
            f"&Page={page}" if page > 1 else ""
        )

    def print_path(self, art: Article) -> str:
        return f"/_layouts/15/Print.aspx?ItemID={art.id}"

    def image_path(self, art: Article, name: str) -> str:
        return f"/{art.category.slug}/PublishingImages/{art.date:%Y}/{name}"

    def intro_path(self) -> str:
        return "/Pages/gioi-thieu.aspx"

    def admin_path(self) -> str:
        return "/_layouts/15/Authenticate.aspx"

    def route(self, path: str, query: dict[str, str]) -> Route | None:
        low = path.lower()
        q = {k.lower(): v for k, v in query.items()}
        page = to_int(q.get("page"), 1)
        simple = {
            "/": Route("redirect", location=self.home_path(), status=302),
            "/pages/default.aspx": Route("home"),
            "/pages/gioi-thieu.aspx": Route("intro"),
            "/_layouts/15/authenticate.aspx": Route("admin"),
        }
        if low in simple:
            return simple[low]
        if m := ARTICLE.match(low):
            return Route("article", art_id=int(m[3]))
        if (m := LISTING.match(low)) and m[1] in self.by_slug and page:
            return Route("listing", cat=self.by_slug[m[1]], page=page)
        art_id = to_int(q.get("id") or q.get("itemid"))
        if low == "/lists/tintuc/dispform.aspx" and art_id:
            return Route("legacy", art_id=art_id)
        if low == "/_layouts/15/print.aspx" and art_id:
            return Route("print", art_id=art_id)
        if low == "/_layouts/15/osssearchresults.aspx" and page:
            return Route("search", query=q.get("k", ""), page=page)
        return None

    # -- markup ----------------------------------------------------------------------------
    def part(self, title: str, inner: str, cls: str = "") -> str:
        """One web part in its chrome."""
        return (
            f'<div class="ms-webpart-chrome ms-webpart-chrome-fullWidth {cls}">'
            '<div class="ms-webpart-chrome-title"><h2 class="ms-webpart-titleText">'
            f'<span>{title}</span></h2></div><div class="ms-WPBody">{inner}</div></div>'
        )

    def zone(self, *parts: str) -> str:
        return f'<div class="ms-webpart-zone ms-fullWidth">{"".join(parts)}</div>'

    def frame(
        self, title: str, main: str, crumbs: tuple[Category, ...] = (), art: Article | None = None
    ) -> str:
        site, spec = self.site, self.spec
        menu = "".join(
            f'<li class="static"><a class="static menu-item ms-core-listMenu-item" '
            f'href="{self.href(self.listing_path(c))}"><span class="menu-item-text">'
            f"{e(c.name)}</span></a></li>"
            for c in site.categories
        )
        cats = "".join(
            f'<li><a href="{self.href(self.listing_path(c))}">{e(c.name)}</a></li>'
            for c in site.categories
        )
        latest = self.part("Tin mới nhất", self.latest_html("dfwp-list", 6, dated=True))
        right = self.zone(latest, self.counters_html("counter"), self.links_html("links"))
        digest = uuid.uuid5(uuid.NAMESPACE_URL, f"{site.seed}{spec.host}{title}{site.now}")
        return (
            '<!DOCTYPE html>\n<html dir="ltr" lang="vi-VN">\n<head><meta name="GENERATOR" '
            'content="Microsoft SharePoint" /><meta http-equiv="Content-type" content="text/html;'
            ' charset=utf-8" /><meta http-equiv="X-UA-Compatible" content="IE=10" />\n<title>\n\t'
            f'{e(spec.name)}\n</title>\n<link rel="stylesheet" type="text/css" href="/_layouts'
            f'/15/1066/styles/Themable/corev15.css{REV}" />\n<script type="text/javascript" src="'
            f'/_layouts/15/init.js{REV}"></script>\n</head>\n<body>\n<div id="s4-workspace"><div '
            f'id="s4-bodyContainer">\n<div id="ctl00_header" class="header"><div class="banner">'
            f'<a href="{self.home_path()}"><img src="/Style%20Library/Images/banner.jpg" alt="'
            f'{e(spec.name)}" /></a></div><div class="ms-core-listMenu-horizontalBox"><ul class="'
            f'root ms-core-listMenu-root static"><li class="static"><a class="static menu-item" '
            f'href="{self.home_path()}"><span class="menu-item-text">Trang chủ</span></a></li>'
            f'<li class="static"><a class="static menu-item" href="{self.intro_path()}"><span '
            f'class="menu-item-text">Giới thiệu</span></a></li>{menu}</ul></div></div>\n'
            '<div id="contentRow"><table width="100%" class="ms-webpartPage-root" cellpadding="0"'
            ' cellspacing="0"><tr>\n<td class="left-zone" valign="top" width="22%">'
            f"{self.zone(self.part('Chuyên mục', f'<ul>{cats}</ul>'), self.tthc_html('tthc'))}"
            f'</td>\n<td class="center-zone" valign="top">\n{main}\n</td>\n<td class="right-zone"'
            f' valign="top" width="24%">{right}'
            f'</td></tr></table></div>\n<div class="footer">{self.footer_html("footer-info")}'
            '</div>\n</div></div>\n<input type="hidden" name="__REQUESTDIGEST" id="'
            f'__REQUESTDIGEST" value="0x{digest.hex.upper()},{site.now:%d %b %Y %H:%M:%S} -0000" '
            "/>\n</body>\n</html>\n"
        )

    def crumbs(self, cat: Category) -> str:
        return (
            f'<div class="breadcrumb"><a href="{self.home_path()}">Trang chủ</a> › '
            f'<a href="{self.href(self.listing_path(cat))}">{e(cat.name)}</a></div>'
        )

    def items(self, arts: list[Article]) -> str:
        rows = "".join(
            f'<li class="dfwp-item"><div class="item link-item"><a href="{self.art_href(a)}">'
            f'{e(a.title)}</a><div class="description">{e(self.site.content(a).sapo)}</div>'
            f'<span class="date">{e(self.site.date(a.date))}</span></div></li>'
            for a in arts
        )
        return f'<ul class="dfwp-column dfwp-list">{rows}</ul>'

    def home(self) -> str:
        site = self.site
        parts = [self.part("Tin tức nổi bật", self.items(site.latest(5)))]
        parts += [
            self.part(
                f'<a href="{self.href(self.listing_path(c))}">{e(c.name)}</a>',
                self.dated_list(site.in_category(c, ghosts=False)[:4], "dfwp-list"),
            )
            for c in site.categories
        ]
        return self.frame(self.spec.name, self.zone(*parts))

    def listing(self, cat: Category, page: int, items: list[Article], pages: int) -> str:
        inner = self.items(items) + self.pager(cat, page, pages, "paging")
        return self.frame(
            cat.name, self.crumbs(cat) + self.zone(self.part(e(cat.name), inner)), (cat,)
        )

    def figure(self, art: Article, fig: Figure) -> str:
        src = self.href(self.image_path(art, fig.name))
        return (
            f'<p style="text-align: center;"><img src="{src}" alt="" style="width: 600px;" />'
            f'</p><p class="ms-rteElement-Caption" style="text-align: center;"><em>'
            f"{e(fig.caption)}</em></p>"
        )

    def article(self, art: Article) -> str:
        site = self.site
        content = site.content(art)
        detail = (
            f'<div class="news-detail"><h1 class="titlenews">{e(art.title)}</h1>'
            f'<div class="date-detail"><span class="datenews">{e(site.date(art.date))}</span>'
            f'</div><div class="sapo-detail"><p><strong>{e(content.sapo)}</strong></p></div>\n'
            '<div id="ctl00_PlaceHolderMain_ctl01__ControlWrapper_RichHtmlField" class="ms-'
            f'rtestate-field" style="display:inline">\n{self.body_html(art, content)}\n</div>'
            f'<div class="author-detail" style="text-align: right;"><b>{e(art.author)}</b></div>'
            f"{self.share_html(art, 'share-tools')}</div>"
        )
        others = self.part(
            "Các tin khác", self.dated_list(site.older(art, 6), "dfwp-list")
        ) + self.part(
            "Tin liên quan", self.dated_list(site.related(art, 4), "dfwp-list", legacy=True)
        )
        main = self.crumbs(art.category) + self.zone(
            self.part(e(art.category.name.upper()), detail, "news-part"), others
        )
        return self.frame(art.title, main, (art.category,), art)
