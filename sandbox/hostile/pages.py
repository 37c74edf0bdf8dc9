"""Plain pages of the hostile portal: a Vietnamese commune portal with little on it."""

from __future__ import annotations

import html
from collections.abc import Iterable

from sandbox.response import Response

SITE_NAME = "Cổng thông tin điện tử xã Thử Nghiệm"
HTML = "text/html; charset=utf-8"


def e(text: object) -> str:
    return html.escape(str(text), quote=True)


def document(title: str, body: str, head: str = "") -> str:
    return (
        '<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">'
        f"<title>{e(title)} - {e(SITE_NAME)}</title>{head}</head>\n"
        f'<body><header><a href="/">{e(SITE_NAME)}</a></header>\n'
        f"<main><h1>{e(title)}</h1>\n{body}\n</main></body></html>\n"
    )


def link_list(links: Iterable[tuple[str, str]]) -> str:
    items = "".join(f'<li><a href="{e(href)}">{e(text)}</a></li>\n' for href, text in links)
    return f"<ul>\n{items}</ul>"


def article_text(title: str, number: int | str) -> str:
    """A short dated article body: enough prose that an extractor keeps it as an article."""
    return (
        '<article><p class="ngay-dang">Ngày đăng: 01/03/2024 08:00</p>'
        f"<p>Bài viết số {e(number)}: {e(title)}. Ủy ban nhân dân xã Thử Nghiệm "
        "thông báo lịch tiếp công dân, kết quả giải quyết thủ tục hành chính và tình hình "
        "phát triển kinh tế - xã hội trong tháng.</p><p>Người dân có thể liên hệ bộ phận "
        "một cửa để được hướng dẫn chi tiết.</p></article>"
    )


def page(
    title: str,
    body: str,
    status: int = 200,
    head: str = "",
    headers: list[tuple[str, str]] | None = None,
) -> Response:
    content = document(title, body, head).encode("utf-8")
    return Response(status, [("Content-Type", HTML), *(headers or [])], content)


def text(body: str, content_type: str = "text/plain; charset=utf-8", status: int = 200) -> Response:
    return Response(status, [("Content-Type", content_type)], body.encode("utf-8"))


def not_found() -> Response:
    return page("Không tìm thấy trang", "<p>Trang bạn yêu cầu không tồn tại.</p>", status=404)
