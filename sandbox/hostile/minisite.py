"""The small site every extra hostile host serves: a home page, two pages and a logo.

The faults of those hosts live in their robots.txt or their home page (a redirect); what
is behind is this site, so a test can tell whether a crawler went past the fault.
"""

from __future__ import annotations

from sandbox.hostile.pages import article_text, link_list, not_found, page, text
from sandbox.images import gray_jpeg
from sandbox.response import Response

PATHS = ("/", "/trang-1.html", "/trang-2.html", "/logo.jpg")


def urls(host: str) -> tuple[str, ...]:
    return tuple(f"http://{host}{path}" for path in PATHS)


def logo(host: str) -> str:
    return f"http://{host}/logo.jpg"


def respond(host: str, path: str, name: str) -> Response:
    """``name`` is the site's name on its pages."""
    if path == "/":
        links = [("/trang-1.html", "Tin tức"), ("/trang-2.html", "Thông báo")]
        return page(name, '<p><img src="/logo.jpg" alt="logo"></p>' + link_list(links))
    if path in ("/trang-1.html", "/trang-2.html"):
        title = f"{name}: trang {path[6]}"
        return page(title, article_text(title, path[6]))
    if path == "/logo.jpg":
        return Response(200, [("Content-Type", "image/jpeg")], gray_jpeg(64, 64))
    if path == "/robots.txt":
        return text("User-agent: *\nDisallow:\n")
    return not_found()
