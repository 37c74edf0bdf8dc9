"""How portals publish their documents: a "Văn bản" registry with pagination, a detail page
per document, a notice article per document linking its file, and the files themselves, on
the portal or on the province's file host (``vanban.<province host>``) with a UTF-8
``Content-Disposition`` file name (RFC 6266 / 5987).

Paths on a portal: ``/van-ban/`` (``?page=n``), ``/van-ban/<slug>.html``,
``/van-ban/thong-bao-<id>.html``, ``/van-ban/files/<slug>.<ext>``; on the file host:
``/files/<portal>/<slug>.<ext>``.
"""

from __future__ import annotations

import hashlib
import html
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, quote

from sandbox.documents.files import CONTENT_TYPES, file_bytes
from sandbox.documents.model import OfficialDoc, portal_documents
from sandbox.response import Response

if TYPE_CHECKING:
    from sandbox.site import PortalSite

PREFIX = "/van-ban/"
PAGE_SIZE = 4


def e(text: object) -> str:
    return html.escape(str(text), quote=True)


def file_host(portal_host: str) -> str:
    """The province's file host: ``vanban.haiduong.gov.vn.test`` for every Hải Dương portal."""
    labels = portal_host.split(".")
    return "vanban." + ".".join(labels[-4:])


def documents(site: PortalSite) -> tuple[OfficialDoc, ...]:
    return portal_documents(site.seed, site.spec.host) if site.model.documents else ()


def file_url(site: PortalSite, doc: OfficialDoc) -> str:
    name = f"{doc.slug}.{doc.extension}"
    if doc.on_file_host:
        return f"http://{file_host(doc.host)}/files/{doc.host.split('.')[0]}/{name}"
    return f"{site.base}{PREFIX}files/{name}"


def detail_path(doc: OfficialDoc) -> str:
    return f"{PREFIX}{doc.slug}.html"


def notice_path(doc: OfficialDoc) -> str:
    return f"{PREFIX}thong-bao-{doc.id}.html"


def respond(site: PortalSite, path: str, query: str) -> Response | None:
    """The answer for a document path of a portal, or None when the path is not one."""
    docs = documents(site)
    if not docs or not path.startswith(PREFIX):
        return None
    if path == PREFIX:
        page = dict(parse_qsl(query)).get("page", "1")
        return _registry(site, docs, int(page) if page.isdigit() else 0)
    for doc in docs:
        if path == detail_path(doc):
            return site.page(200, site.layout.frame(doc.number, _detail(site, doc)))
        if path == notice_path(doc):
            return site.page(200, site.layout.frame(_notice_title(doc), _notice(site, doc)))
        if not doc.on_file_host and file_url(site, doc) == site.base + path:
            return file_response(site.seed, doc)
    return site.not_found()


def _registry(site: PortalSite, docs: tuple[OfficialDoc, ...], page: int) -> Response:
    pages = -(-len(docs) // PAGE_SIZE)
    if not 1 <= page <= pages:
        return site.not_found()
    rows = "".join(
        f'<tr><td><a href="{e(detail_path(d))}">{e(d.number)}</a></td>'
        f"<td>{d.issued:%d/%m/%Y}</td><td>{e(d.truth()['subject'])}</td>"
        f'<td><a href="{e(file_url(site, d))}">Tải về</a></td></tr>'
        for d in docs[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    )
    pager = " ".join(
        f'<span class="current">{n}</span>' if n == page else f'<a href="{PREFIX}?page={n}">{n}</a>'
        for n in range(1, pages + 1)
    )
    main = (
        '<div class="van-ban"><h2>Văn bản chỉ đạo, điều hành</h2><table class="vb-list">'
        "<tr><th>Số ký hiệu</th><th>Ngày ban hành</th><th>Trích yếu</th><th>Tải về</th></tr>"
        f'{rows}</table><div class="pagination">{pager}</div></div>'
    )
    return site.page(200, site.layout.frame("Văn bản", main), chunked=True)


def _detail(site: PortalSite, doc: OfficialDoc) -> str:
    t = doc.truth()
    fields = (
        ("Số ký hiệu", doc.number),
        ("Ngày ban hành", f"{doc.issued:%d/%m/%Y}"),
        ("Loại văn bản", doc.doc_type),
        ("Cơ quan ban hành", doc.issuer),
        ("Người ký", doc.signer),
        ("Trích yếu", t["subject"]),
    )
    rows = "".join(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in fields)
    # a PDF is shown on the page, as portals' document viewers do (an <iframe>)
    preview = (
        f'<iframe class="vb-xem" src="{e(file_url(site, doc))}" width="100%" height="600"></iframe>'
        if doc.extension == "pdf"
        else ""
    )
    return (
        f'<div class="vb-detail"><h2>{e(doc.number)}</h2><table>{rows}<tr><th>Tải về</th>'
        f'<td><a href="{e(file_url(site, doc))}">{e(doc.filename)}</a></td></tr></table>'
        f'{preview}<p><a href="{e(notice_path(doc))}">Thông báo</a></p></div>'
    )


def _notice_title(doc: OfficialDoc) -> str:
    return f"Ban hành {doc.doc_type} số {doc.number}"


def _notice(site: PortalSite, doc: OfficialDoc) -> str:
    unit = site.spec.unit
    return (
        f'<div class="notice"><h1>{e(_notice_title(doc))}</h1><p>Ngày {doc.issued:%d/%m/%Y}, '
        f"UBND {e(unit)} ban hành {e(doc.doc_type)} số {e(doc.number)} "
        f"{e(doc.subject[0].lower() + doc.subject[1:])}.</p><p>Chi tiết xem "
        f'<a href="{e(file_url(site, doc))}">tại đây</a>.</p></div>'
    )


def home_block(site: PortalSite) -> str:
    """ "Văn bản mới" on the home page: the registry and the newest notices."""
    docs = documents(site)
    if not docs:
        return ""
    items = "".join(
        f'<li><a href="{e(notice_path(d))}">{e(_notice_title(d))}</a></li>' for d in docs[:3]
    )
    return f'<div class="van-ban-moi"><h3><a href="{PREFIX}">Văn bản</a></h3><ul>{items}</ul></div>'


def file_response(seed: int, doc: OfficialDoc) -> Response:
    body = file_bytes(seed, doc.host, doc.index)
    tag = hashlib.sha1(body).hexdigest()[:16]
    ascii_name = doc.filename.encode("ascii", "replace").decode().replace("?", "_")
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(doc.filename)}"
    headers = [
        ("Content-Type", CONTENT_TYPES[doc.extension]),
        ("Content-Disposition", disposition),
        ("ETag", f'"{tag}"'),
        ("Last-Modified", "Mon, 01 Jan 2024 00:00:00 GMT"),
        ("Cache-Control", "public, max-age=86400"),
    ]
    return Response(200, headers, body)


def file_host_respond(sites: dict[str, PortalSite], host: str, path: str) -> Response:
    """An answer of a province's file host (``/files/<portal>/<slug>.<ext>``)."""
    for site in sites.values():
        if file_host(site.spec.host) != host:
            continue
        for doc in documents(site):
            if doc.on_file_host and file_url(site, doc) == f"http://{host}{path}":
                return file_response(site.seed, doc)
    return Response(404, [("Content-Type", "text/plain; charset=utf-8")], b"404 Not Found\n")


def truth(site: PortalSite) -> list[dict[str, object]]:
    out = []
    for doc in documents(site):
        t = doc.truth()
        t.update(
            url=file_url(site, doc),
            detail_url=site.base + detail_path(doc),
            notice_url=site.base + notice_path(doc),
            registry_url=site.base + PREFIX,
            content_type=CONTENT_TYPES[doc.extension],
            file_host=file_host(doc.host) if doc.on_file_host else doc.host,
        )
        out.append(t)
    return out
