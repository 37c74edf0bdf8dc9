"""The interface's words, in Vietnamese (the default) and English.

The language is the ``lang`` cookie (set by ``/lang/<code>``) or a ``lang`` query parameter;
``t("key")`` in a template says a message in it. Numbers are grouped as each language
writes them (``1.234`` in Vietnamese, ``1,234`` in English).
"""

from __future__ import annotations

from starlette.requests import Request

LANGUAGES = ("vi", "en")
DEFAULT = "vi"

MESSAGES: dict[str, tuple[str, str]] = {
    # -- the frame ---------------------------------------------------------------------
    "site": ("Lưu trữ cổng thông tin địa phương", "Local-government portal archive"),
    "nav.search": ("Tìm kiếm", "Search"),
    "nav.browse": ("Duyệt URL", "Browse URLs"),
    "nav.jobs": ("Lượt thu thập", "Crawl jobs"),
    "nav.health": ("Tình trạng", "Health"),
    "nav.schedules": ("Lịch thu thập", "Schedules"),
    "nav.portals": ("Cổng thông tin", "Portals"),
    "nav.login": ("Đăng nhập", "Log in"),
    "nav.logout": ("Đăng xuất", "Log out"),
    "lang.other": ("English", "Tiếng Việt"),
    "times.note": ("Giờ Việt Nam (ICT)", "Vietnam time (ICT)"),
    # -- home and search -----------------------------------------------------------------
    "home.lead": (
        "Tìm và đọc các bản lưu của cổng thông tin tỉnh, huyện, xã qua thời gian.",
        "Search and read archived province, district and commune portals through time.",
    ),
    "home.stats": ("văn bản, bản lưu, cổng thông tin", "documents, captures, portals"),
    "search.placeholder": ('vd. dang bo, "kế hoạch", kinh te -nong', 'e.g. dang bo, "kế hoạch"'),
    "search.button": ("Tìm", "Search"),
    "search.exact": ("Chỉ đúng dấu", "Exact diacritics only"),
    "search.sort": ("Sắp xếp", "Sort"),
    "search.sort.relevance": ("Liên quan", "Relevance"),
    "search.sort.newest": ("Mới nhất", "Newest"),
    "search.from": ("Từ ngày", "From"),
    "search.to": ("Đến ngày", "To"),
    "search.total": ("kết quả", "results"),
    "search.more_than": ("hơn", "more than"),
    "search.about": ("khoảng", "about"),
    "search.none": ("Không có kết quả.", "No results."),
    "search.help": (
        'Gõ có dấu hoặc không dấu. "cụm từ", từ*, a OR b, -từ.',
        'With or without diacritics. "phrase", word*, a OR b, -word.',
    ),
    "search.captured": ("lưu lúc", "captured"),
    "search.published": ("đăng", "published"),
    "search.clear": ("Bỏ lọc", "Clear filters"),
    "facets.title": ("Lọc", "Filter"),
    "facets.sampled": (
        "Số đếm trên {n} kết quả mới nhất.",
        "Counts over the {n} newest results.",
    ),
    "facet.old_province": ("Tỉnh (trước 2025)", "Province (before 2025)"),
    "facet.new_province": ("Tỉnh (từ 2025)", "Province (since 2025)"),
    "facet.district": ("Huyện", "District"),
    "facet.commune": ("Xã (trước 2025)", "Commune (before 2025)"),
    "facet.new_commune": ("Xã (từ 2025)", "Commune (since 2025)"),
    "facet.level": ("Cấp", "Level"),
    "facet.portal": ("Cổng", "Portal"),
    "facet.category": ("Chuyên mục", "Category"),
    "facet.doctype": ("Loại văn bản", "Document type"),
    "facet.year": ("Năm", "Year"),
    "facet.kind": ("Loại trang", "Kind"),
    "level.province": ("tỉnh", "province"),
    "level.district": ("huyện", "district"),
    "level.commune": ("xã", "commune"),
    "page.prev": ("« Trước", "« Previous"),
    "page.next": ("Sau »", "Next »"),
    "page.of": ("Trang {page}/{pages}", "Page {page} of {pages}"),
    # -- documents, timelines, diffs -----------------------------------------------------
    "doc.unit": ("Đơn vị", "Unit"),
    "doc.unit.then": ("Trước 2025", "Before 2025"),
    "doc.unit.now": ("Từ 2025", "Since 2025"),
    "doc.author": ("Tác giả", "Author"),
    "doc.category": ("Chuyên mục", "Category"),
    "doc.published": ("Ngày đăng", "Published"),
    "doc.first": ("Lưu lần đầu", "First archived"),
    "doc.also": ("Cũng đăng trên", "Also published by"),
    "doc.origin": ("nguồn đầu tiên", "first"),
    "doc.urls": ("Địa chỉ", "URLs"),
    "unit.now": ("nay là", "now"),
    "official.type": ("Loại văn bản", "Document type"),
    "official.number": ("Số ký hiệu", "Number"),
    "official.issuer": ("Cơ quan ban hành", "Issued by"),
    "official.issued": ("Ngày ban hành", "Issued on"),
    "official.subject": ("Trích yếu", "Subject"),
    "official.signer": ("Người ký", "Signed by"),
    "official.carriers": ("Văn bản có trong", "Carried by"),
    "official.role.file": ("Tệp", "File"),
    "official.role.notice": ("Thông báo", "Notice"),
    "official.role.registry": ("Danh mục văn bản", "Registry"),
    "official.role.links": ("Trang dẫn tới", "Linked from"),
    "doc.timeline": ("Các lần lưu", "Captures"),
    "doc.version": ("Phiên bản", "Version"),
    "doc.this": ("văn bản này", "this text"),
    "doc.compare": ("So sánh", "Compare"),
    "doc.compare.help": (
        "Chọn hai lần lưu có nội dung khác nhau để so sánh.",
        "Pick two captures whose text differs to compare them.",
    ),
    "doc.view": ("Xem bản lưu", "View capture"),
    "doc.notext": ("không có văn bản", "no text"),
    "diff.title": ("Thay đổi", "Changes"),
    "diff.inline": ("Liền dòng", "Inline"),
    "diff.side": ("Song song", "Side by side"),
    "diff.same": ("Hai bản có nội dung giống nhau.", "Both texts are the same."),
    "diff.from": ("Bản cũ", "Older"),
    "diff.to": ("Bản mới", "Newer"),
    # -- captures --------------------------------------------------------------------------
    "cap.captured": ("Lưu lúc", "Captured"),
    "cap.prev": ("« Lần trước", "« Previous"),
    "cap.next": ("Lần sau »", "Next »"),
    "cap.first": ("Đầu tiên", "First"),
    "cap.last": ("Mới nhất", "Latest"),
    "cap.calendar": ("Lịch lưu", "Calendar"),
    "cap.headers": ("Tiêu đề HTTP", "HTTP headers"),
    "cap.record": ("Tải bản ghi WARC", "Download WARC record"),
    "cap.raw": ("Bản gốc", "Raw"),
    "cap.text": ("Văn bản", "Text"),
    "cap.of": ("lần {n}/{count}", "capture {n} of {count}"),
    "cap.redirect": ("Trang này chuyển hướng tới", "This page redirected to"),
    "cap.revisit": ("Không đổi so với lần lưu trước", "Unchanged since an earlier capture"),
    "cal.title": ("Lịch lưu", "Captures of"),
    "cal.captures": ("lần lưu", "captures"),
    "urls.title": ("Các URL dưới", "URLs under"),
    "urls.first": ("lần đầu", "first"),
    "urls.last": ("lần cuối", "last"),
    "browse.help": (
        "Nhập một URL (kết thúc bằng * để xem các URL dưới nó).",
        "Enter a URL (end it with * to list the URLs under it).",
    ),
    "notfound.archive": ("Chưa lưu trữ địa chỉ này.", "This address was never archived."),
    # -- operators ---------------------------------------------------------------------
    "jobs.title": ("Lượt thu thập", "Crawl jobs"),
    "jobs.status": ("Trạng thái", "Status"),
    "jobs.pages": ("Trang", "Pages"),
    "jobs.rate": ("Trang/giây", "Pages/s"),
    "jobs.errors": ("Lỗi", "Errors"),
    "jobs.new": ("Văn bản mới", "New documents"),
    "jobs.started": ("Bắt đầu", "Started"),
    "jobs.duration": ("Thời gian", "Duration"),
    "jobs.reason": ("Lý do", "Reason"),
    "jobs.log": ("Nhật ký", "Log"),
    "jobs.live": ("Đang cập nhật trực tiếp", "Updating live"),
    "jobs.filter": ("Lọc", "Filter"),
    "log.level": ("Mức", "Level"),
    "log.grep": ("Chứa", "Containing"),
    "log.follow": ("Theo dõi", "Follow"),
    "health.title": ("Tình trạng theo cổng", "Health by portal"),
    "health.stale": ("QUÁ HẠN", "STALE"),
    "health.every": ("Chu kỳ", "Every"),
    "health.success": ("Thành công gần nhất", "Last success"),
    "health.failures": ("Lỗi liên tiếp", "Failures"),
    "health.rate": ("Tỉ lệ lỗi", "Error rate"),
    "health.pages": ("Trang/lượt", "Pages/crawl"),
    "sched.title": ("Lịch thu thập", "Schedules"),
    "sched.next": ("Lần chạy tới", "Next run"),
    "sched.paused": ("tạm dừng", "paused"),
    "sched.add": ("Thêm lịch", "Add a schedule"),
    "sched.pause": ("Tạm dừng", "Pause"),
    "sched.resume": ("Tiếp tục", "Resume"),
    "sched.remove": ("Xoá", "Remove"),
    "sched.run": ("Chạy ngay", "Run now"),
    "portals.title": ("Cổng thông tin", "Portals"),
    "portals.add": ("Thêm cổng", "Add a portal"),
    "portals.discover": ("Dò tìm cổng", "Discover portals"),
    "auth.needed": (
        "Thay đổi cần đăng nhập bằng mã truy cập.",
        "Changes need you to log in with the access token.",
    ),
    "auth.disabled": (
        "Thay đổi bị tắt: chưa đặt VNARCHIVE_WEB_TOKEN.",
        "Changes are disabled: VNARCHIVE_WEB_TOKEN is not set.",
    ),
    "auth.token": ("Mã truy cập", "Access token"),
    "auth.wrong": ("Mã truy cập không đúng.", "Wrong access token."),
    "error.title": ("Lỗi", "Error"),
}


def language(request: Request) -> str:
    asked = request.query_params.get("lang") if not request.url.path.startswith("/web/") else None
    for candidate in (asked, request.cookies.get("lang")):
        if candidate in LANGUAGES:
            return candidate
    return DEFAULT


def translate(lang: str, key: str, **values: object) -> str:
    pair = MESSAGES.get(key)
    text = key if pair is None else pair[LANGUAGES.index(lang)]
    return text.format(**values) if values else text


def number(lang: str, value: int | float | None) -> str:
    if value is None:
        return "-"
    text = f"{value:,}" if isinstance(value, int) else f"{value:,.1f}"
    return text.translate(str.maketrans(",.", ".,")) if lang == "vi" else text
