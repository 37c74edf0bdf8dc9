"""What a portal's pages need to render, as real portals serve it.

Every portal page (status 200) carries, besides its layout's own stylesheets, scripts and
images: a favicon, a font preload and a web-font stylesheet and jQuery from the shared CDN
(``cdn.gov.vn.test``, another host), a lazy-loaded image (``data-src``, with a ``srcset``
placeholder) and a ``style`` attribute background. Stylesheets are real: a portal's
``@import`` a ``print.css`` beside them and name images by ``url()``; the CDN's font
stylesheet names its font files. Home pages embed an introduction video (``<video>``,
``<source>``, ``<track>``, a poster). Every such URL answers 200 (``static``).
"""

from __future__ import annotations

from sandbox.images import gray_jpeg
from sandbox.response import Response

CDN_HOST = "cdn.gov.vn.test"
CDN = f"http://{CDN_HOST}"
LAST_MODIFIED = "Mon, 01 Jan 2024 00:00:00 GMT"

PORTAL_CSS = (
    '@import url("print.css");\n'
    "body{font-family:Roboto,Arial,Helvetica,sans-serif;font-size:13px;color:#222;"
    "background:#fff url(../images/nen-trang.png) repeat-x}\n"
    ".header{background-image:url('../images/tieu-de.jpg')}\n"
)
PRINT_CSS = "@media print{.menu{display:none}.logo{background:url(in/logo-in.gif)}}\n"
FONT_CSS = (
    "@font-face{font-family:Roboto;font-style:normal;font-weight:400;"
    'src:url("roboto-vietnamese.woff2") format("woff2"),url(roboto-vietnamese.woff) '
    'format("woff")}\n'
)
JS = "/* sandbox */\nfunction __noop(){return false;}\n"
FONT = b"wOF2" + bytes(range(256)) * 4
VIDEO = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
TRACK = "WEBVTT\n\n00:00.000 --> 00:05.000\nGiới thiệu\n".encode()

# path suffix → (content type, body)
_FILES = {
    "print.css": ("text/css", PRINT_CSS.encode()),
    "roboto.css": ("text/css", FONT_CSS.encode()),
    ".css": ("text/css", PORTAL_CSS.encode()),
    ".js": ("application/javascript", JS.encode()),
    ".woff2": ("font/woff2", FONT),
    ".woff": ("font/woff", FONT),
    ".mp4": ("video/mp4", VIDEO),
    ".vtt": ("text/vtt; charset=utf-8", TRACK),
}
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".ico", ".webp", ".svg")


def static(path: str) -> Response | None:
    """Images, stylesheets, scripts, fonts and media (any path with such a suffix)."""
    low = path.lower()
    headers = [("Cache-Control", "public, max-age=86400"), ("Last-Modified", LAST_MODIFIED)]
    if low.endswith(IMAGE_SUFFIXES):
        return Response(200, [("Content-Type", "image/jpeg"), *headers], gray_jpeg())
    for suffix, (ctype, body) in _FILES.items():
        if low.endswith(suffix):
            return Response(200, [("Content-Type", ctype), *headers], body)
    return None


def cdn_respond(path: str) -> Response:
    """The shared CDN: the same static files, a 404 for anything else (robots.txt too)."""
    found = static(path)
    if found is not None:
        return found
    return Response(404, [("Content-Type", "text/plain; charset=utf-8")], b"404 Not Found\n")


def head_block() -> str:
    """Before ``</head>`` of every page."""
    return (
        '<link rel="shortcut icon" href="/favicon.ico" type="image/x-icon" />\n'
        f'<link rel="preload" href="{CDN}/fonts/roboto-vietnamese.woff2" as="font" '
        'type="font/woff2" crossorigin />\n'
        f'<link rel="stylesheet" href="{CDN}/fonts/roboto.css" />\n'
        f'<script src="{CDN}/libs/jquery/3.7.1/jquery.min.js"></script>\n'
    )


def body_block() -> str:
    """Before ``</body>`` of every page: a lazy image and a styled footer."""
    return (
        '<div class="footer-logo" style="background:url(/images/chan-trang.png) no-repeat">'
        '<img class="lazy" src="/images/cho.gif" data-src="/upload/anh/chan-trang-lon.jpg" '
        'srcset="/images/cho.gif 1x, /images/cho@2x.gif 2x" alt="" /></div>\n'
    )


def video_block() -> str:
    """On home pages: the portal's introduction video."""
    return (
        '<div class="gioi-thieu"><video controls poster="/media/gioi-thieu.jpg" width="480">'
        '<source src="/media/gioi-thieu.mp4" type="video/mp4" />'
        '<track kind="captions" srclang="vi" src="/media/gioi-thieu.vtt" /></video></div>\n'
    )


def with_requisites(html: str, home: bool = False) -> str:
    """``html`` with the blocks above in its head and body (unchanged without them)."""
    if "</head>" not in html or "</body>" not in html:
        return html
    head, _, rest = html.partition("</head>")
    body, _, tail = rest.rpartition("</body>")
    extra = (video_block() if home else "") + body_block()
    return f"{head}{head_block()}</head>{body}{extra}</body>{tail}"
