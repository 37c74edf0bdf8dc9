"""Crawler traps of URL state: a few pages, each under endless URLs.

* session ids (``;jsessionid=`` in the path, ``?sid=`` in the query), new at every view;
* Liferay portlet state: ``p_p_id``, ``p_p_lifecycle``, ``p_p_state``, ``p_p_mode``,
  ``_101_INSTANCE_x_cur`` and ``_delta`` in every combination, and article links whose
  ``redirect=`` parameter carries the URL they came from, so URLs grow at every hop.
"""

from __future__ import annotations

import hashlib
from urllib.parse import quote, urlencode

from sandbox.hostile.faults import BASE, Ask, Fault
from sandbox.hostile.pages import article_text, link_list, not_found, page
from sandbox.response import Response

SESSION_PAGES = ("trang", "danh-sach", *(f"bai-{k}" for k in range(1, 6)))
PORTLET = "101_INSTANCE_x"
STATES = ("normal", "maximized", "exclusive", "pop_up")
DELTAS = ("5", "10", "20", "50")


def _sid(ask: Ask) -> str:
    view = ask.portal.next_view()
    return hashlib.sha1(f"{ask.portal.seed}|sid|{view}".encode()).hexdigest()[:32].upper()


def _sessions(ask: Ask) -> Response:
    name, _, params = ask.path.removeprefix("/phien/").partition(";")
    name = name.removesuffix(".jsp")
    if name not in SESSION_PAGES or (params and not params.startswith("jsessionid=")):
        return not_found()
    links = [(f"/phien/{other}.jsp;jsessionid={_sid(ask)}", other) for other in SESSION_PAGES]
    links += [(f"/phien/danh-sach.jsp?sid={_sid(ask)}&trang=1", "Danh sách (sid)")]
    title = f"Trang phiên {name}"
    return page(title, article_text(title, name) + link_list(links))


def portlet_url(cur: int, state: str = "normal", delta: str = "20") -> str:
    query = {
        "p_p_id": PORTLET,
        "p_p_lifecycle": "0",
        "p_p_state": state,
        "p_p_mode": "view",
        f"_{PORTLET}_cur": str(cur),
        f"_{PORTLET}_delta": delta,
    }
    return f"/web/guest/tin-tuc?{urlencode(query)}"


def _liferay(ask: Ask) -> Response:
    if ask.path == "/web/guest/tin-tuc":
        return _portlet_page(ask)
    prefix = "/web/guest/tin-tuc/-/asset_publisher/x/content/"
    name = ask.path.removeprefix(prefix)
    if ask.path == name or not name.startswith("bai-"):
        return not_found()
    here = quote(ask.url, safe="")
    links = [(ask.param("redirect") or portlet_url(1), "Quay lại")]
    links += [(f"{prefix}{name}-lien-quan?redirect={here}", "Tin liên quan")]
    return page(f"Tin {name}", article_text(f"Tin {name}", name) + link_list(links))


def _portlet_page(ask: Ask) -> Response:
    raw = ask.param(f"_{PORTLET}_cur", "1")
    if ask.param("p_p_id") != PORTLET or not raw.isdigit():
        return not_found()
    cur, here = int(raw), quote(ask.url, safe="")
    content = "/web/guest/tin-tuc/-/asset_publisher/x/content/"
    links = [(f"{content}bai-{cur}-{i}?redirect={here}", f"Tin {cur}.{i}") for i in range(1, 6)]
    links += [(portlet_url(cur + 1), "Trang sau")]
    links += [(portlet_url(cur, state), state) for state in STATES]
    links += [(portlet_url(cur, delta=delta), f"{delta} tin/trang") for delta in DELTAS]
    return page(f"Tin tức (trang {cur})", link_list(links))


def faults() -> list[Fault]:
    return [
        Fault(
            id="trap-session-ids",
            category="traps",
            urls=(f"{BASE}/phien/trang.jsp",),
            prefixes=(f"{BASE}/phien/",),
            does=f"{len(SESSION_PAGES)} pages that link each other with ;jsessionid=… in the "
            "path and ?sid=… in the query, new ids at every view.",
            expected=f"bounded: session ids are stripped or ignored, each of the "
            f"{len(SESSION_PAGES)} pages fetched about once; at most {2 * len(SESSION_PAGES)} "
            "requests",
            outcome="bounded",
            answer=_sessions,
            limit=2 * len(SESSION_PAGES),
        ),
        Fault(
            id="trap-liferay-portlet",
            category="traps",
            urls=(BASE + portlet_url(1),),
            prefixes=(f"{BASE}/web/guest/",),
            does="A Liferay asset publisher: p_p_id/p_p_lifecycle/p_p_state/p_p_mode and "
            f"_{PORTLET}_cur/_delta in every combination; article links carry redirect=<the "
            "URL they came from>, so URLs grow at every hop.",
            expected="bounded: portlet state, page size (_delta) and redirect= back-links "
            "make no new URLs, and 'related' links that add the same words at every hop end; "
            "with pagination bounded at 20 pages, at most 400 requests (20 listings, 100 "
            "articles, two hops of related links)",
            outcome="bounded",
            answer=_liferay,
            limit=400,
        ),
    ]
