"""The control API served to 127.0.0.1/localhost under ``/_sandbox/``."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from sandbox.response import Response, text_response

if TYPE_CHECKING:
    from sandbox.server import SandboxServer

JSON = "application/json; charset=utf-8"


def _json(status: int, data: Any) -> Response:
    return text_response(status, json.dumps(data, ensure_ascii=False, indent=1) + "\n", JSON)


def _advance(server: SandboxServer, params: dict[str, list[str]]) -> Response:
    raw = params.get("days", ["1"])[0]
    if not raw.isdigit() or not 0 <= int(raw) <= 3650:
        return _json(400, {"error": "days must be an integer 0..3650"})
    return _json(200, server.sandbox.advance(int(raw)))


def _clear(server: SandboxServer, params: dict[str, list[str]]) -> Response:
    with server._lock:
        count = len(server.requests)
        server.requests.clear()
    return _json(200, {"cleared": count})


def _get(make: Callable[[SandboxServer], Any]) -> Callable[..., Response]:
    return lambda server, params: _json(200, make(server))


def _index(server: SandboxServer, params: dict[str, list[str]]) -> Response:
    links = "".join(f'<li><a href="{url}">{url}</a></li>' for url in server.sandbox.portal_urls())
    api = "".join(f"<li>{method} /_sandbox/{name}</li>" for method, name in ROUTES)
    html = (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>vnarchive sandbox'
        f"</title></head><body><h1>vnarchive sandbox</h1><p>Proxy: {server.proxy_url}</p>"
        f"<ul>{links}</ul><h2>Control API</h2><ul>{api}</ul></body></html>"
    )
    return text_response(200, html, "text/html; charset=utf-8")


ROUTES: dict[tuple[str, str], Callable[..., Response]] = {
    ("GET", "truth.json"): _get(lambda s: s.sandbox.ground_truth()),
    ("GET", "portals.json"): _get(lambda s: s.sandbox.portals()),
    ("GET", "documents.json"): _get(
        lambda s: [{k: v for k, v in d.items() if k != "text"} for d in s.sandbox.documents_truth()]
    ),
    ("GET", "requests.json"): _get(lambda s: list(s.requests)),
    ("GET", "errors.json"): _get(
        lambda s: {"not_found": s.sandbox.not_found_urls(), "redirects": s.sandbox.redirects()}
    ),
    ("GET", "clock.json"): _get(
        lambda s: {"now": s.sandbox.clock, "days": s.sandbox.model.clock.days}
    ),
    ("POST", "advance"): _advance,
    ("POST", "requests/clear"): _clear,
}


def control(server: SandboxServer, method: str, target: str) -> Response:
    path, _, query = target.partition("?")
    params = parse_qs(query)
    method = "GET" if method == "HEAD" else method
    if path in ("/", "/_sandbox", "/_sandbox/"):
        return _index(server, params)
    name = path.removeprefix("/_sandbox/")
    if (method, name) in ROUTES and path.startswith("/_sandbox/"):
        return ROUTES[method, name](server, params)
    if any(n == name for _, n in ROUTES):
        return _json(405, {"error": f"{method} not allowed on {path}"})
    return _json(404, {"error": f"no such sandbox endpoint: {path}"})
