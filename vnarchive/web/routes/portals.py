"""The portal catalog: list (open to all), add and discover (with the token).

Discovery probes many hostnames and takes a while: it runs in a thread of the app, and
``/portals/discover/<n>`` shows how far it got (the page refreshes itself until it is done).
"""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass, field
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from archive.catalog import add_portal, list_portals
from archive.catalog.discover import candidates, probe_all, record
from archive.catalog.models import LEVELS, STATUSES
from archive.catalog.portals import count_portals
from archive.errors import InputError
from archive.search import reindex_portals
from archive.timeutil import utcnow
from vnarchive.commands.portals import portal_json, probe_json
from vnarchive.web.auth import require_change
from vnarchive.web.negotiate import json_response, page, wants_json
from vnarchive.web.state import WebState, state_of

PAGE = 100
_numbers = itertools.count(1)


def _choice(value: str | None, name: str, choices: tuple[str, ...]) -> str | None:
    if value and value not in choices:
        raise InputError(f"{name} must be one of {', '.join(choices)}, not {value!r}")
    return value or None


def portals_page(request: Request) -> Response:
    params = request.query_params
    level = _choice(params.get("level"), "level", LEVELS)
    status = _choice(params.get("status"), "status", STATUSES)
    province = params.get("province") or None
    number = params.get("page", "1")
    if not number.isdigit() or int(number) < 1:
        raise InputError(f"page must be a whole number from 1, not {number!r}")
    if int(number) > 1_000_000:
        raise InputError(f"page must be a whole number from 1 to 1000000, not {number!r}")
    filters = {"level": level, "province": province, "status": status}
    with state_of(request).sessions() as session:  # one page read, and a count
        total = count_portals(session, **filters)
        start = (int(number) - 1) * PAGE
        rows = [portal_json(p) for p in list_portals(session, **filters, limit=PAGE, offset=start)]
    data = {
        "portals": rows,
        "total": total,
        "page": int(number),
        "pages": max(1, -(-total // PAGE)),
        "province": province,
        "level": level,
        "status": status,
    }
    return page(request, "portals.html", data, extra={"levels": LEVELS, "statuses": STATUSES})


async def add_portal_form(request: Request) -> Response:
    form = await request.form()
    require_change(request, form)
    url = str(form.get("url") or "").strip()
    if not url:
        raise InputError("give the portal's URL or host")
    level = _choice(str(form.get("level") or ""), "level", LEVELS)
    unit = str(form.get("unit") or "").strip() or None
    with state_of(request).sessions.begin() as session:
        portal = add_portal(session, url, unit=unit, level=level, status="unknown")
        reindex_portals(session, [portal.host])
        data = portal_json(portal)
    if wants_json(request):
        return json_response(data, 201)
    return RedirectResponse(f"/portals?province=&level={data['level']}", status_code=303)


@dataclass
class Discovery:
    number: int
    province: str
    level: str
    candidates: int
    done: bool = False
    error: str | None = None
    probes: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.number,
            "province": self.province,
            "level": self.level,
            "candidates": self.candidates,
            "done": self.done,
            "error": self.error,
            "probes": self.probes,
        }


def _discover(state: WebState, job: Discovery, found: list[Any], options: dict[str, Any]) -> None:
    try:
        probes = probe_all(found, **options)
        with state.sessions.begin() as session:
            record(session, probes, utcnow())
            reindex_portals(session, [p.candidate.host for p in probes if p.result != "failed"])
        job.probes = [probe_json(p) for p in probes]
    except Exception as exc:  # noqa: BLE001 - shown to the operator, one line
        job.error = f"{exc.__class__.__name__}: {exc}"
    finally:
        job.done = True


async def discover(request: Request) -> Response:
    form = await request.form()
    require_change(request, form)
    province = str(form.get("province") or "").strip()
    level = str(form.get("level") or "district")
    if level not in ("district", "commune", "all"):
        raise InputError(f"level must be district, commune or all, not {level!r}")
    suffix = str(form.get("suffix") or "").strip()
    state = state_of(request)
    found = candidates(province, level, suffix)
    proxy = str(form.get("proxy") or "").strip() or state.config.proxy
    job = Discovery(next(_numbers), province, level, len(found))
    state.discoveries[job.number] = job
    options = {"proxy": proxy, "timeout": 5.0, "concurrency": 16}
    threading.Thread(
        target=_discover, args=(state, job, found, options), name="discover", daemon=True
    ).start()
    if wants_json(request):
        return json_response(job.as_json(), 202)
    return RedirectResponse(f"/portals/discover/{job.number}", status_code=303)


def discovery_page(request: Request) -> Response:
    job = state_of(request).discoveries.get(request.path_params["number"])
    if job is None:
        raise HTTPException(404, f"no discovery {request.path_params['number']}")
    return page(request, "discovery.html", job.as_json())
