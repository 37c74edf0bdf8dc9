"""Control endpoints of the hostile portal, beside ``sandbox.control`` on ``/_sandbox/``:

* ``GET /_sandbox/hostile.json``: the catalogue of faults (404 when the portal is off);
* ``GET /_sandbox/hostile/hits.json``: requests per fault id, and ``"foreign"``: how many
  requests the sandbox refused;
* ``GET /_sandbox/foreign.json``: the refused requests themselves (also without the portal).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from sandbox.control import JSON
from sandbox.response import Response, text_response

if TYPE_CHECKING:
    from sandbox.server import SandboxServer

PATHS = ("/_sandbox/hostile.json", "/_sandbox/hostile/hits.json", "/_sandbox/foreign.json")


def _json(status: int, data: Any) -> Response:
    return text_response(status, json.dumps(data, ensure_ascii=False, indent=1) + "\n", JSON)


def hostile_control(server: SandboxServer, method: str, target: str) -> Response | None:
    """The answer for a hostile control path, or None when ``target`` is not one."""
    path = target.partition("?")[0]
    if path not in PATHS:
        return None
    if method not in ("GET", "HEAD"):
        return _json(405, {"error": f"{method} not allowed on {path}"})
    if path == "/_sandbox/foreign.json":
        return _json(200, server.foreign_requests())
    hostile = server.sandbox.hostile
    if hostile is None:
        return _json(404, {"error": "the hostile portal is off (serve --hostile)"})
    if path == "/_sandbox/hostile.json":
        return _json(200, hostile.catalogue())
    with server._lock:
        log = list(server.requests)
    return _json(200, {**hostile.hits(log), "foreign": sum(1 for r in log if r["foreign"])})
