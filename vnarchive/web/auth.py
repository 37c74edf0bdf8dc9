"""Who may change things: reading is open, changes need the token (``VNARCHIVE_WEB_TOKEN``).

A browser logs in once with the token (``POST /login``) and gets a session cookie signed
with a key derived from it; a script sends ``Authorization: Bearer <token>`` with each
change. Forms carry a CSRF value that must equal the ``vnarchive_csrf`` cookie (a double
submit: another site can neither read the cookie nor set it). Both cookies are
``HttpOnly`` and ``SameSite=Strict``, so an archived page's script — which runs in a
sandbox with an origin of its own — neither reads them nor has them sent.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Mapping
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from vnarchive.web.state import state_of

SESSION_COOKIE = "vnarchive_session"
CSRF_COOKIE = "vnarchive_csrf"
CSRF_FIELD = "csrf"
SESSION_SECONDS = 12 * 3600


def _key(token: str) -> bytes:
    return hmac.new(token.encode(), b"vnarchive web session", hashlib.sha256).digest()


def _sign(token: str, issued: int) -> str:
    return hmac.new(_key(token), str(issued).encode(), hashlib.sha256).hexdigest()


def session_value(token: str, now: float | None = None) -> str:
    issued = int(time.time() if now is None else now)
    return f"{issued}.{_sign(token, issued)}"


def _valid_session(token: str, value: str | None, now: float | None = None) -> bool:
    if not value or "." not in value:
        return False
    issued_text, signature = value.split(".", 1)
    if not issued_text.isdigit():
        return False
    issued = int(issued_text)
    fresh = 0 <= (time.time() if now is None else now) - issued <= SESSION_SECONDS
    return fresh and hmac.compare_digest(signature, _sign(token, issued))


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    return header[7:].strip() if header.lower().startswith("bearer ") else None


def token_matches(token: str | None, given: str | None) -> bool:
    return token is not None and given is not None and hmac.compare_digest(token, given)


def is_operator(request: Request) -> bool:
    token = state_of(request).token
    if token is None:
        return False
    if token_matches(token, _bearer(request)):
        return True
    return _valid_session(token, request.cookies.get(SESSION_COOKIE))


def csrf_value(request: Request) -> str:
    """The CSRF value forms carry: the cookie's, or a new one set with this response."""
    value = request.cookies.get(CSRF_COOKIE)
    if value:
        return value
    if not hasattr(request.state, "new_csrf"):
        request.state.new_csrf = secrets.token_urlsafe(32)
    new: str = request.state.new_csrf
    return new


def _cookie(request: Request, response: Response, name: str, value: str, **kw: Any) -> None:
    response.set_cookie(
        name,
        value,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
        **kw,
    )


def ensure_csrf_cookie(request: Request, response: Response) -> None:
    new = getattr(request.state, "new_csrf", None)
    if new and not request.cookies.get(CSRF_COOKIE):
        _cookie(request, response, CSRF_COOKIE, new)


def check_csrf(request: Request, form: Mapping[str, Any]) -> None:
    cookie = request.cookies.get(CSRF_COOKIE) or ""
    sent = str(form.get(CSRF_FIELD) or "")
    if not cookie or not hmac.compare_digest(cookie, sent):
        raise HTTPException(403, "the form's CSRF value is missing or stale: reload the page")


def require_change(request: Request, form: Mapping[str, Any]) -> None:
    """Refuse a change unless the token allows it: 403 when changes are disabled or the
    CSRF value is wrong, 401 when nobody logged in."""
    token = state_of(request).token
    if token is None:
        raise HTTPException(403, "changes are disabled: set VNARCHIVE_WEB_TOKEN to allow them")
    if token_matches(token, _bearer(request)):
        return  # a script with the token: no cookie, so no CSRF to fear
    if not _valid_session(token, request.cookies.get(SESSION_COOKIE)):
        raise HTTPException(401, "log in with the access token to change anything")
    check_csrf(request, form)


def log_in(request: Request, response: Response, token: str) -> None:
    _cookie(request, response, SESSION_COOKIE, session_value(token), max_age=SESSION_SECONDS)


def log_out(request: Request, response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")


def safe_next(value: str | None) -> str:
    """Where to go after logging in: a path of this app only."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/"
