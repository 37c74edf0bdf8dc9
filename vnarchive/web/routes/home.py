"""The front page, the language switch, and logging in and out."""

from __future__ import annotations

from sqlalchemy import func, select
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from archive.catalog.models import Portal
from archive.db.models import Capture, Document
from vnarchive.web import auth
from vnarchive.web.formatting import iso
from vnarchive.web.i18n import LANGUAGES, language
from vnarchive.web.negotiate import json_response, page, wants_json
from vnarchive.web.state import state_of


def home(request: Request) -> Response:
    with state_of(request).sessions() as session:
        data = {
            "documents": session.scalar(select(func.count()).select_from(Document)) or 0,
            "captures": session.scalar(select(func.count()).select_from(Capture)) or 0,
            "portals": session.scalar(select(func.count()).select_from(Portal)) or 0,
            "latest_capture": iso(session.scalar(select(func.max(Capture.captured_at)))),
        }
    return page(request, "home.html", data)


def set_language(request: Request) -> Response:
    code = request.path_params["code"]
    if code not in LANGUAGES:
        raise HTTPException(400, f"language must be one of {', '.join(LANGUAGES)}, not {code!r}")
    response = RedirectResponse(auth.safe_next(request.query_params.get("next")), 303)
    response.set_cookie("lang", code, max_age=365 * 86400, samesite="strict", path="/")
    return response


def login_form(request: Request) -> Response:
    data = {"enabled": state_of(request).token is not None, "operator": auth.is_operator(request)}
    extra = {"next": auth.safe_next(request.query_params.get("next")), "wrong": False}
    return page(request, "login.html", data, extra=extra)


async def login(request: Request) -> Response:
    form = await request.form()
    auth.check_csrf(request, form)
    token = state_of(request).token
    if token is None:
        raise HTTPException(403, "changes are disabled: set VNARCHIVE_WEB_TOKEN to allow them")
    target = auth.safe_next(str(form.get("next") or "/"))
    if not auth.token_matches(token, str(form.get("token") or "")):
        if wants_json(request):
            return json_response({"error": "wrong access token", "status": 401}, 401)
        extra = {"next": target, "wrong": True}
        data = {"enabled": True, "operator": False, "lang": language(request)}
        return page(request, "login.html", data, extra=extra, status=401)
    response = RedirectResponse(target, status_code=303)
    auth.log_in(request, response, token)
    return response


async def logout(request: Request) -> Response:
    form = await request.form()
    auth.check_csrf(request, form)
    response = RedirectResponse("/", status_code=303)
    auth.log_out(request, response)
    return response
