"""What every layout shares: the route type, URL helpers and the generic secondary pages.

A layout is a URL scheme (``*_path`` methods and ``route``) plus markup (``frame`` and the
``*_main`` methods). Pages are built from :class:`sandbox.site.PortalSite` data.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from sandbox.content import Content, Figure, Paragraph
from sandbox.dates import dmy, dmy_hms
from sandbox.model import Article
from sandbox.portals import Category

if TYPE_CHECKING:
    from sandbox.site import PortalSite


OUTSIDE = (
    ("https://chinhphu.vn/", "Cổng Thông tin điện tử Chính phủ"),
    ("https://dichvucong.gov.vn/", "Cổng Dịch vụ công quốc gia"),
    ("https://baochinhphu.vn/", "Báo Điện tử Chính phủ"),
)


def e(text: object) -> str:
    return html.escape(str(text), quote=True)


@dataclass(frozen=True)
class Route:
    """What a path asks for. ``kind``: home, listing, article, legacy, search, print, admin,
    intro or redirect."""

    kind: str
    cat: Category | None = None
    page: int = 1
    art_id: int | None = None
    query: str = ""
    location: str = ""
    status: int = 301


def to_int(value: str | None, default: int | None = None) -> int | None:
    if value is None:
        return default
    return int(value) if value.isdigit() and len(value) < 10 else None


class Layout:
    name: ClassVar[str] = ""
    page_size: ClassVar[int] = 8
    chunk_all: ClassVar[bool] = False  # every page chunked (listings always are)
    absolute_links: ClassVar[bool] = False
    sets_cookies: ClassVar[bool] = False
    server: ClassVar[str] = "nginx"
    extra_headers: ClassVar[tuple[tuple[str, str], ...]] = ()
    cache_control: ClassVar[str] = "no-cache"
    rss_path: ClassVar[str] = "/rss"
    disallow: ClassVar[tuple[str, ...]] = ("/admin/",)

    def __init__(self, site: PortalSite) -> None:
        self.site = site
        self.spec = site.spec
        self.by_slug = {c.slug: c for c in site.categories}
        self.by_tab = {c.tab: c for c in site.categories}

    # -- URL scheme (each layout overrides) ------------------------------------------------
    def home_path(self) -> str:
        return "/"

    def listing_path(self, cat: Category, page: int = 1) -> str:
        raise NotImplementedError

    def article_path(self, art: Article) -> str:
        raise NotImplementedError

    def legacy_path(self, art: Article) -> str:
        raise NotImplementedError

    def search_path(self, query: str, page: int = 1) -> str:
        raise NotImplementedError

    def print_path(self, art: Article) -> str:
        raise NotImplementedError

    def image_path(self, art: Article, name: str) -> str:
        return f"/uploads/{art.date:%Y/%m}/{name}"

    def intro_path(self) -> str:
        return "/gioi-thieu.html"

    def admin_path(self) -> str:
        return "/admin/login"

    def route(self, path: str, query: dict[str, str]) -> Route | None:
        raise NotImplementedError

    # -- links -----------------------------------------------------------------------------
    def href(self, path: str) -> str:
        return e(self.site.base + path if self.absolute_links else path)

    def art_href(self, art: Article) -> str:
        return self.href(self.article_path(art))

    def related_href(self, art: Article) -> str:
        """Related-news boxes link every fourth article by its old URL form (a 301)."""
        return self.href(self.legacy_path(art) if art.id % 4 == 0 else self.article_path(art))

    def dated_list(
        self, arts: list[Article], cls: str, date_cls: str = "date", legacy: bool = False
    ) -> str:
        items = "".join(
            f'<li><a href="{self.related_href(a) if legacy else self.art_href(a)}">'
            f'{e(a.title)}</a> <span class="{date_cls}">({dmy(a.date)})</span></li>'
            for a in arts
        )
        return f'<ul class="{cls}">{items}</ul>'

    def pager(self, cat: Category, page: int, pages: int, cls: str = "pagination") -> str:
        if pages <= 1:
            return ""
        lo, hi = max(1, page - 4), min(pages, page + 4)
        numbers = sorted({1, pages, *range(lo, hi + 1)})
        links = []
        if page > 1:
            links.append(f'<a href="{self.href(self.listing_path(cat, page - 1))}">« Trước</a>')
        for n in numbers:
            links.append(
                f'<span class="current">{n}</span>'
                if n == page
                else f'<a href="{self.href(self.listing_path(cat, n))}">{n}</a>'
            )
        if page < pages:
            links.append(f'<a href="{self.href(self.listing_path(cat, page + 1))}">Sau »</a>')
        return f'<div class="{cls}">{" ".join(links)}</div>'

    # -- widgets every portal shows (markup varies by class names) -------------------------
    def counters_html(self, cls: str, sep: str = ",", week: bool = False) -> str:
        c = self.site.counters()
        rows = [("Đang truy cập", c.online), ("Hôm nay", c.today)]
        rows += [("Trong tuần", c.week)] if week else []
        rows += [("Tất cả", c.total)]
        items = "".join(f"<li>{label}: <b>{n:,}</b></li>".replace(",", sep) for label, n in rows)
        return f'<div class="{cls}"><h3>Thống kê truy cập</h3><ul>{items}</ul></div>'

    def tthc_html(self, cls: str) -> str:
        t = self.site.tthc()
        return (
            f'<div class="{cls}"><h3>Kết quả giải quyết TTHC</h3>'
            f"<p>Đến tháng {t.month} đã giải quyết:</p>"
            f'<div class="percent">{t.solved_pct}%</div><ul>'
            f"<li>Số hồ sơ xử lý: {t.received}</li><li>Trước &amp; đúng hạn: {t.on_time}</li>"
            f"<li>Trễ hạn: {t.late}</li><li>Tỉ lệ trễ hạn: {t.late_pct}%</li></ul>"
            '<a href="https://dichvucong.gov.vn/p/home/dvc-trang-chu.html">Chi tiết</a>'
            f'<p class="updated">( Cập nhật lúc:{dmy_hms(t.updated)})</p></div>'
        )

    def footer_html(self, cls: str) -> str:
        s = self.spec
        return (
            f'<div class="{cls}"><p class="site-name">{e(s.name.upper())}</p>'
            f"<p>Trưởng Ban Biên tập: {e(s.editor)}</p><p>Địa chỉ: {e(s.address)}</p>"
            f"<p>Điện thoại: {e(s.phone)} - Email: "
            f'<a href="mailto:{e(s.email)}">{e(s.email)}</a></p>'
            f"<p>Ghi rõ nguồn “{e(s.name)}” khi phát hành lại thông tin từ website này.</p>"
            f'<p><a href="{self.href(self.admin_path())}">Quản trị</a></p></div>'
        )

    def links_html(self, cls: str) -> str:
        """ "Liên kết website": sibling sandbox portals as links, outside sites in a select."""
        ours = "".join(
            f'<li><a href="http://{host}/">{e(name)}</a></li>'
            for host, name in self.site.neighbours()
        )
        outside = "".join(f'<option value="{url}">{name}</option>' for url, name in OUTSIDE)
        return (
            f'<div class="{cls}"><h3>Liên kết website</h3><ul>{ours}</ul>'
            f'<select onchange="window.open(this.value)"><option>-- Chọn --</option>'
            f"{outside}</select></div>"
        )

    def share_html(self, art: Article, cls: str) -> str:
        url = e(self.site.base + self.article_path(art))
        return (
            f'<div class="{cls}"><a href="{self.href(self.print_path(art))}" '
            f'target="_blank">In bài viết</a> <a href="mailto:?subject={e(art.title)}">'
            f'Gửi email</a> <span>Chia sẻ:</span> <a href="https://www.facebook.com/sharer/'
            f'sharer.php?u={url}">Facebook</a> <a href="https://zalo.me/share?u={url}">'
            "Zalo</a></div>"
        )

    def tags_html(self, art: Article, cls: str) -> str:
        tags = self.site.content(art).tags
        links = ", ".join(f'<a href="{self.href(self.search_path(t))}">{e(t)}</a>' for t in tags)
        return f'<div class="{cls}">Từ khóa: {links}</div>'

    def latest_html(self, cls: str, count: int = 6, dated: bool = False) -> str:
        arts = self.site.latest(count)
        if dated:
            return self.dated_list(arts, cls)
        items = "".join(f'<li><a href="{self.art_href(a)}">{e(a.title)}</a></li>' for a in arts)
        return f'<ul class="{cls}">{items}</ul>'

    # -- article body ----------------------------------------------------------------------
    def paragraph(self, p: Paragraph, attrs: str = "") -> str:
        text = (
            e(p.text)
            if not p.lead
            else (f"<strong>{e(p.text[: p.lead])}</strong>{e(p.text[p.lead :])}")
        )
        return f"<p{attrs}>{text}</p>"

    def figure(self, art: Article, fig: Figure) -> str:
        src = self.href(self.image_path(art, fig.name))
        return (
            f'<figure class="image"><img src="{src}" alt="{e(fig.caption)}" />'
            f"<figcaption>{e(fig.caption)}</figcaption></figure>"
        )

    def body_html(self, art: Article, content: Content, p_attrs: str = "") -> str:
        return "\n".join(
            self.figure(art, b) if isinstance(b, Figure) else self.paragraph(b, p_attrs)
            for b in content.blocks
        )

    # -- frames and mains (each layout overrides) -----------------------------------------
    def frame(
        self, title: str, main: str, crumbs: tuple[Category, ...] = (), art: Article | None = None
    ) -> str:
        raise NotImplementedError

    def home(self) -> str:
        raise NotImplementedError

    def listing(self, cat: Category, page: int, items: list[Article], pages: int) -> str:
        raise NotImplementedError

    def article(self, art: Article) -> str:
        raise NotImplementedError

    # -- generic secondary pages -----------------------------------------------------------
    def search(self, query: str, page: int, hits: list[Article]) -> str:
        rows = (
            "".join(
                f'<li><a href="{self.art_href(a)}">{e(a.title)}</a> ({dmy(a.date)})</li>'
                for a in hits
            )
            or "<li>Không tìm thấy kết quả</li>"
        )
        more = f'<a href="{self.href(self.search_path(query, page + 1))}">Trang sau</a>'
        main = (
            f'<div class="search-results"><h2>Kết quả tìm kiếm: {e(query)}</h2>'
            f"<ol>{rows}</ol>{more if page < 1000 else ''}</div>"
        )
        return self.frame(f"Tìm kiếm - {query}", main)

    def print_page(self, art: Article) -> str:
        content = self.site.content(art)
        return (
            f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8" />'
            f'<title>{e(art.title)}</title></head><body onload="window.print()">'
            f"<h1>{e(art.title)}</h1><p>{e(self.site.date(art.date))}</p>"
            f"<p><b>{e(content.sapo)}</b></p>{self.body_html(art, content)}"
            f"<p>{e(art.author)}</p></body></html>"
        )

    def admin(self) -> str:
        main = (
            '<form method="post" class="login"><h2>Đăng nhập hệ thống</h2>'
            '<input name="user" /><input name="pass" type="password" />'
            "<button>Đăng nhập</button></form>"
        )
        return self.frame("Đăng nhập", main)

    def intro(self) -> str:
        spec = self.spec
        main = (
            f'<div class="intro"><h2>Giới thiệu chung</h2><p>{e(spec.name)} là kênh '
            f"thông tin chính thức của chính quyền {e(spec.unit)}, tỉnh {e(spec.province)}."
            f"</p><p>Địa chỉ: {e(spec.address)}</p></div>"
        )
        return self.frame("Giới thiệu", main)

    def not_found(self) -> str:
        main = (
            '<div class="error-404"><h2>Không tìm thấy trang</h2><p>Trang bạn yêu cầu '
            "không tồn tại hoặc đã bị gỡ bỏ.</p>"
            f'<a href="{self.href(self.home_path())}">Về trang chủ</a></div>'
        )
        return self.frame("Không tìm thấy trang", main)
