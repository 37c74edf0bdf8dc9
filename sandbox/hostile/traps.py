"""Crawler traps of endless pages: a listing, a calendar, growing paths, redirect chains."""

from __future__ import annotations

from datetime import date, timedelta

from sandbox.hostile.faults import BASE, Ask, Fault
from sandbox.hostile.pages import article_text, link_list, not_found, page
from sandbox.response import Response, redirect

ARTICLES_PER_PAGE = 20
CHAIN = 30  # redirects before the chain's end page
MAX_REPEATS = 1000  # /lap/a/a/... answers up to this many segments


def _listing(ask: Ask) -> Response:
    if ask.path == "/bay/danh-sach":
        raw = ask.param("page", "1")
        if not raw.isdigit() or int(raw) < 1:
            return not_found()
        n = int(raw)
        links = [(f"/bay/tin-tuc/bai-{n}-{i}.html", f"Tin số {n}.{i}") for i in range(1, 21)]
        links += [(f"/bay/danh-sach?page={n + 1}", "Trang sau »")]
        links += [(f"/bay/danh-sach?page={n - 1}", "« Trang trước")] if n > 1 else []
        return page(f"Tin tức - trang {n}", link_list(links))
    name = ask.path.removeprefix("/bay/tin-tuc/bai-").removesuffix(".html")
    listing, _, item = name.partition("-")
    if not (listing.isdigit() and item.isdigit()):
        return not_found()
    title = f"Tin số {listing}.{item}"
    back = f'<p><a href="/bay/danh-sach?page={listing}">Về danh sách</a></p>'
    return page(title, article_text(title, f"{listing}.{item}") + back)


def _day(day: date) -> str:
    return f"/lich/{day:%Y/%m/%d}"


def _calendar(ask: Ask) -> Response:
    try:
        year, month, day = (int(part) for part in ask.path.removeprefix("/lich/").split("/"))
        today = date(year, month, day)
    except ValueError:
        return not_found()
    links = []
    for step, label in ((-1, "« Hôm trước"), (1, "Hôm sau »")):
        try:
            links.append((_day(today + timedelta(days=step)), label))
        except OverflowError:  # year 1 or 9999: the end of the calendar after all
            pass
    title = f"Lịch công tác ngày {today:%d/%m/%Y}"
    return page(title, "<p>Không có lịch công tác.</p>" + link_list(links))


def _repeats(ask: Ask) -> Response:
    rest = ask.path.removeprefix("/lap/")
    count = rest.count("a/")
    if rest != "a/" * count or count > MAX_REPEATS:
        return not_found()
    links = [("a/", "Xem thêm"), ("./a/", "Chi tiết")]
    return page(f"Thư mục cấp {count}", link_list(links))


def _chain(ask: Ask) -> Response:
    step = ask.path.removeprefix("/chuyen/chuoi/")
    if not step.isdigit() or not 1 <= int(step) <= CHAIN + 1:
        return not_found()
    if int(step) <= CHAIN:
        return redirect(f"{BASE}/chuyen/chuoi/{int(step) + 1}", 302)
    return page("Cuối chuỗi chuyển hướng", "<p>Trang đích sau 30 lần chuyển hướng.</p>")


def _loop(ask: Ask) -> Response:
    other = {"/chuyen/vong/a": "b", "/chuyen/vong/b": "a"}.get(ask.path)
    return redirect(f"{BASE}/chuyen/vong/{other}", 302) if other else not_found()


def faults() -> list[Fault]:
    return [
        Fault(
            id="trap-endless-listing",
            category="traps",
            urls=(f"{BASE}/bay/danh-sach?page=1",),
            prefixes=(f"{BASE}/bay/",),
            does=f"A listing ?page=N for every N; each page links page N+1 and {ARTICLES_PER_PAGE} "
            "new article-looking pages, each of which answers 200.",
            expected="bounded: pagination depth or the portal's page budget stops it; at most "
            "500 requests",
            outcome="bounded",
            answer=_listing,
            limit=500,
        ),
        Fault(
            id="trap-endless-calendar",
            category="traps",
            urls=(f"{BASE}/lich/2024/01/01",),
            prefixes=(f"{BASE}/lich/",),
            does="A work calendar: every day's page links the day before and the day after, "
            "forever in both directions (years 1 to 9999).",
            expected="bounded: at most 100 calendar pages",
            outcome="bounded",
            answer=_calendar,
            limit=100,
        ),
        Fault(
            id="trap-repeating-segments",
            category="traps",
            urls=(f"{BASE}/lap/",),
            prefixes=(f"{BASE}/lap/",),
            does="Every /lap/a/a/.../ page answers 200 and links 'a/' (relative): the path grows "
            "by one segment per hop.",
            expected="bounded: paths repeating a segment are dropped; at most 20 requests",
            outcome="bounded",
            answer=_repeats,
            limit=20,
        ),
        Fault(
            id="trap-redirect-chain",
            category="traps",
            urls=(f"{BASE}/chuyen/chuoi/1",),
            prefixes=(f"{BASE}/chuyen/chuoi/",),
            does=f"/chuyen/chuoi/1 answers 302 to /2, and so on: {CHAIN} redirects before a page.",
            expected="recorded as an error (too many redirects) after at most 20 redirects: "
            "at most 21 requests",
            outcome="error",
            answer=_chain,
            limit=21,
        ),
        Fault(
            id="trap-redirect-loop",
            category="traps",
            urls=(f"{BASE}/chuyen/vong/a",),
            prefixes=(f"{BASE}/chuyen/vong/",),
            does="/chuyen/vong/a answers 302 to /chuyen/vong/b, which answers 302 back to a.",
            expected="recorded as an error (redirect loop); at most 21 requests",
            outcome="error",
            answer=_loop,
            limit=21,
        ),
    ]
