"""Every page answers as HTML or as JSON (``Accept: application/json``), from one dict.

A route builds its data once: ``page(request, "search.html", data)`` renders the template
with it, or writes it as JSON. Values that only a template needs (the rows a form shows,
objects for display) go in ``extra``, never in the JSON.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from vnarchive.web import auth, i18n
from vnarchive.web.state import state_of

JSON_TYPE = "application/json"


def wants_json(request: Request) -> bool:
    """The client asked for JSON: ``Accept: application/json`` (and not HTML first)."""
    accept = request.headers.get("accept", "")
    if JSON_TYPE not in accept:
        return False
    html = accept.find("text/html")
    return html == -1 or accept.find(JSON_TYPE) < html


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    body = json.dumps(data, ensure_ascii=False, indent=1, default=str)
    return Response(body, status, headers=headers, media_type=JSON_TYPE + "; charset=utf-8")


def context(request: Request, **values: Any) -> dict[str, Any]:
    """What every template sees: the language and its ``t``, the operator's state, CSRF."""
    lang = i18n.language(request)
    state = state_of(request)
    return {
        "request": request,
        "lang": lang,
        "t": lambda key, **kw: i18n.translate(lang, key, **kw),
        "num": lambda value: i18n.number(lang, value),
        "operator": auth.is_operator(request),
        "changes_enabled": state.token is not None,
        "csrf": auth.csrf_value(request),
        **values,
    }


def page(
    request: Request,
    template: str,
    data: dict[str, Any],
    *,
    extra: dict[str, Any] | None = None,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    if wants_json(request):
        return json_response(data, status, headers)
    templates = state_of(request).templates
    response: Response = templates.TemplateResponse(
        request, template, context(request, data=data, **(extra or {})), status_code=status
    )
    for name, value in (headers or {}).items():
        response.headers[name] = value
    auth.ensure_csrf_cookie(request, response)
    return response


def message_page(request: Request, status: int, message: str) -> Response:
    """An error as one line: ``{"error": message}`` in JSON, a short page in HTML."""
    if wants_json(request):
        return json_response({"error": message, "status": status}, status)
    templates = state_of(request).templates
    html: HTMLResponse = templates.TemplateResponse(
        request, "error.html", context(request, message=message, status=status), status_code=status
    )
    return html
