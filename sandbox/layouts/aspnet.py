"""(a) Legacy ASP.NET (DotNetNuke-like) table layout: ``__VIEWSTATE``, nested tables,
``/Default.aspx?tabid=96&ID=1234``; session cookies; ``<title>`` is only the site name."""

from __future__ import annotations

import base64
import hashlib
from urllib.parse import quote

from sandbox.content import Figure
from sandbox.dates import dmy, sp_vi
from sandbox.layouts.base import Layout, Route, e, to_int
from sandbox.model import Article
from sandbox.portals import Category

INTRO_TAB = 36
POSTBACK = """<script type="text/javascript">
//<![CDATA[
var theForm = document.forms['Form'];
function __doPostBack(eventTarget, eventArgument) {
    if (!theForm.onsubmit || (theForm.onsubmit() != false)) {
        theForm.__EVENTTARGET.value = eventTarget;
        theForm.__EVENTARGUMENT.value = eventArgument;
        theForm.submit();
    }
}
//]]>
</script>"""


# DotNetNuke pages carry several KB of serialized control state.
VIEWSTATE_BYTES = 6000


def opaque(*parts: object, size: int = 480) -> str:
    """Deterministic base64 noise standing in for serialized ASP.NET state."""
    seed = "|".join(map(str, parts)).encode()
    raw = b"".join(hashlib.sha256(seed + bytes([i])).digest() for i in range(size // 32 + 1))
    return "/wEPDwUK" + base64.b64encode(raw[:size]).decode()


class AspNetLayout(Layout):
    name = "aspnet"
    page_size = 6
    sets_cookies = True
    server = "Microsoft-IIS/8.5"
    extra_headers = (("X-AspNet-Version", "4.0.30319"), ("X-Powered-By", "ASP.NET"))
    cache_control = "private"
    rss_path = "/rss"
    disallow = ("/admin/", "/Print.aspx", "/Search.aspx")

    # -- URL scheme ------------------------------------------------------------------------
    def home_path(self) -> str:
        return "/Default.aspx"

    def listing_path(self, cat: Category, page: int = 1) -> str:
        return f"/Default.aspx?tabid={cat.tab}" + (f"&Page={page}" if page > 1 else "")

    def article_path(self, art: Article) -> str:
        return f"/Default.aspx?tabid={art.category.tab}&ID={art.id}"

    def legacy_path(self, art: Article) -> str:
        return f"/News.aspx?ID={art.id}"

    def search_path(self, query: str, page: int = 1) -> str:
        return f"/Search.aspx?key={quote(query)}" + (f"&Page={page}" if page > 1 else "")

    def print_path(self, art: Article) -> str:
        return f"/Print.aspx?ID={art.id}"

    def image_path(self, art: Article, name: str) -> str:
        return f"/Portals/0/News/{art.date:%Y/%m}/{name}"

    def intro_path(self) -> str:
        return f"/Default.aspx?tabid={INTRO_TAB}"

    def admin_path(self) -> str:
        return "/admin/Login.aspx"

    def route(self, path: str, query: dict[str, str]) -> Route | None:
        low = path.lower()
        q = {k.lower(): v for k, v in query.items()}
        page = to_int(q.get("page"), 1)
        if path == "/":
            return Route("redirect", location="/Default.aspx", status=302)
        if low == "/default.aspx":
            return self._default(q, page)
        if low == "/news.aspx" and (art_id := to_int(q.get("id"))):
            return Route("legacy", art_id=art_id)
        if low == "/search.aspx" and page:
            return Route("search", query=q.get("key", ""), page=page)
        if low == "/print.aspx" and (art_id := to_int(q.get("id"))):
            return Route("print", art_id=art_id)
        if low.startswith("/admin/"):
            return Route("admin")
        return None

    def _default(self, q: dict[str, str], page: int | None) -> Route | None:
        if "id" in q:
            art_id = to_int(q["id"])
            return Route("article", art_id=art_id) if art_id else None
        if "tabid" not in q:
            return Route("home")
        tab = to_int(q["tabid"])
        if tab == INTRO_TAB:
            return Route("intro")
        if tab in self.by_tab and page:
            return Route("listing", cat=self.by_tab[tab], page=page)
        return None

    # -- markup ----------------------------------------------------------------------------
    def head(self) -> str:
        spec = self.spec
        rss = (
            (
                f'<link rel="alternate" type="application/rss+xml" title="{e(spec.name)}" '
                f'href="{self.rss_path}" />'
            )
            if spec.has_rss
            else ""
        )
        return (
            '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
            '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n'
            '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="vi" lang="vi">\n<head id="Head">'
            '<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />'
            f'<meta name="DESCRIPTION" content="{e(spec.name)}" />\n<title>{e(spec.name)}</title>\n'
            '<link href="/Portals/_default/default.css" type="text/css" rel="stylesheet" />'
            f'<link href="/Portals/0/portal.css" type="text/css" rel="stylesheet" />{rss}\n'
            '<script type="text/javascript" src="/js/dnncore.js"></script>\n</head>\n'
        )

    def box(self, title: str, inner: str) -> str:
        return (
            f'<table class="ModuleBox" width="100%" cellpadding="0" cellspacing="0"><tr>'
            f'<td class="ModuleTitle">{title}</td></tr><tr><td class="ModuleContent">{inner}'
            "</td></tr></table>"
        )

    def frame(
        self, title: str, main: str, crumbs: tuple[Category, ...] = (), art: Article | None = None
    ) -> str:
        site, spec = self.site, self.spec
        menu = "".join(
            f'<td><a class="MenuItem" href="{self.href(self.listing_path(c))}">{e(c.name)}</a></td>'
            for c in site.categories
        )
        cats = "<br />".join(
            f'<a class="CatLink" href="{self.href(self.listing_path(c))}">{e(c.name)}</a>'
            for c in site.categories
        )
        state = opaque(site.seed, spec.host, title, site.now, size=VIEWSTATE_BYTES)
        return (
            f'{self.head()}<body id="Body">\n<form name="Form" method="post" '
            f'action="{self.href(self.home_path())}" id="Form" enctype="multipart/form-data">\n'
            '<div class="aspNetHidden"><input type="hidden" name="__EVENTTARGET" '
            'id="__EVENTTARGET" value="" /><input type="hidden" name="__EVENTARGUMENT" '
            'id="__EVENTARGUMENT" value="" /><input type="hidden" name="__VIEWSTATE" '
            f'id="__VIEWSTATE" value="{state}" /></div>\n{POSTBACK}\n'
            '<table class="MainTable" width="1000" border="0" cellspacing="0" cellpadding="0" '
            'align="center">\n<tr><td class="Banner" colspan="3"><a href="/Default.aspx">'
            f'<img src="/Portals/0/banner.jpg" alt="{e(spec.name)}" border="0" /></a></td></tr>\n'
            '<tr><td class="TopMenu" colspan="3"><table cellpadding="0" cellspacing="0"><tr>'
            '<td><a class="MenuItem" href="/Default.aspx">Trang chủ</a></td><td><a class="MenuItem"'
            f' href="{self.href(self.intro_path())}">Giới thiệu</a></td>{menu}</tr></table></td>'
            f'</tr>\n<tr><td class="DateBar" colspan="3">{sp_vi(site.now)} | <a href="javascript:'
            "__doPostBack('dnn$dnnLOGIN$cmdLogin','')\">Đăng nhập</a> | <input name=\"txtSearch\""
            " type=\"text\" /> <a href=\"javascript:__doPostBack('dnn$dnnSEARCH$cmdSearch','')\">"
            'Tìm kiếm</a></td></tr>\n<tr><td id="dnn_LeftPane" class="LeftPane" width="210" '
            f'valign="top">{self.box("Chuyên mục", cats)}'
            f"{self.box('Tin mới nhất', self.latest_html('LatestNews', 6))}</td>\n"
            f'<td id="dnn_ContentPane" class="ContentPane" valign="top">\n{main}\n</td>\n'
            '<td id="dnn_RightPane" class="RightPane" width="220" valign="top">'
            f"{self.tthc_html('TthcBox')}{self.links_html('LinkBox')}"
            f"{self.counters_html('CounterBox', ',')}</td></tr>\n"
            f'<tr><td class="Footer" colspan="3">{self.footer_html("FooterText")}</td></tr>\n'
            '</table>\n<div class="aspNetHidden"><input type="hidden" name="__EVENTVALIDATION" '
            f'id="__EVENTVALIDATION" value="{opaque(state, size=96)}" /></div>\n</form>\n'
            "</body>\n</html>\n"
        )

    def crumbs(self, cat: Category) -> str:
        return (
            '<div class="Breadcrumb"><a class="Breadcrumb" href="/Default.aspx">Trang chủ</a>'
            f' &gt; <a class="Breadcrumb" href="{self.href(self.listing_path(cat))}">'
            f"{e(cat.name)}</a></div>"
        )

    def item(self, art: Article) -> str:
        return (
            f'<tr><td class="NewsListItem"><a class="NewsListTitle" href="{self.art_href(art)}'
            f'">{e(art.title)}</a> <span class="NewsListDate">({dmy(art.date)})</span>'
            f'<div class="NewsListSummary">{e(self.site.content(art).sapo)}</div></td></tr>'
        )

    def home(self) -> str:
        site = self.site
        latest = site.latest(6)
        boxes = "".join(
            self.box(
                f'<a href="{self.href(self.listing_path(c))}">{e(c.name)}</a>',
                self.dated_list(site.in_category(c, ghosts=False)[:4], "CatNews"),
            )
            for c in site.categories
        )
        main = (
            self.box(
                "Tin nổi bật",
                f'<table class="NewsList" width="100%">'
                f"{''.join(self.item(a) for a in latest)}</table>",
            )
            + boxes
        )
        return self.frame(self.spec.name, main)

    def listing(self, cat: Category, page: int, items: list[Article], pages: int) -> str:
        rows = "".join(self.item(a) for a in items)
        main = (
            f'{self.crumbs(cat)}<table class="NewsList" width="100%"><tr><td class="'
            f'CategoryTitle">{e(cat.name.upper())}</td></tr>{rows}</table>'
            f"{self.pager(cat, page, pages, 'Pager')}"
        )
        return self.frame(cat.name, main, (cat,))

    def figure(self, art: Article, fig: Figure) -> str:
        src = self.href(self.image_path(art, fig.name))
        return (
            '<table class="image" align="center" width="500" cellpadding="0"><tr><td>'
            f'<img src="{src}" alt="{e(fig.caption)}" width="500" border="0" /></td></tr>'
            f'<tr><td class="image_desc"><em>{e(fig.caption)}</em></td></tr></table>'
        )

    def article(self, art: Article) -> str:
        site = self.site
        content = site.content(art)
        older = site.older(art, 5)
        more = (f' <a href="{self.art_href(older[0])}">Xem tiếp</a>') if older else ""
        body = self.body_html(art, content, ' style="text-align: justify;"')
        main = (
            f'{self.crumbs(art.category)}<table id="dnn_ctr512_ViewNews_tblNews" '
            'class="NewsDetail" width="100%" cellpadding="0" cellspacing="0">'
            f'<tr><td class="CategoryTitle">{e(art.category.name.upper())}</td></tr>'
            '<tr><td><span id="dnn_ctr512_ViewNews_lblTitle" class="NewsTitle">'
            f'{e(art.title)}</span></td></tr><tr><td><span id="dnn_ctr512_ViewNews_lblDate" '
            f'class="NewsDate">{e(site.date(art.date))}</span></td></tr>'
            '<tr><td class="NewsSummary"><span id="dnn_ctr512_ViewNews_lblSummary"><b>'
            f'{e(content.sapo)}</b></span></td></tr>\n<tr><td class="NewsContent">'
            f'<div id="dnn_ctr512_ViewNews_divContent">\n{body}\n<p class="NewsAuthor" '
            f'style="text-align: right;"><strong>{e(art.author)}</strong></p></div></td></tr>'
            f'<tr><td class="NewsTools">{self.share_html(art, "NewsShare")}</td></tr></table>\n'
            '<table class="OtherNews" width="100%"><tr><td class="OtherNewsTitle">Các tin mới hơn'
            f"</td></tr><tr><td>{self.dated_list(site.newer(art, 5), 'OtherNewsList')}</td></tr>"
            '<tr><td class="OtherNewsTitle">Các bài liên quan</td></tr><tr><td>'
            f"{self.dated_list(site.related(art, 5), 'OtherNewsList', legacy=True)}</td></tr>"
            '<tr><td class="OtherNewsTitle">Các tin cũ hơn</td></tr><tr><td>'
            f"{self.dated_list(older, 'OtherNewsList')}</td></tr></table>"
            f'<div class="BackNext"><a href="javascript:history.back()">Quay lại</a>{more}</div>'
        )
        return self.frame(art.title, main, (art.category,), art)
