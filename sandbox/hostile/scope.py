"""The proxy's scope: which requests the sandbox answers, and which it refuses as foreign.

The sandbox is the crawler's HTTP proxy, so every request a crawler makes reaches it, also
those to addresses it must never touch (``http://169.254.169.254/``, ``http://[::1]/``...).
The server logs every request and answers a *foreign* one with 502; it never forwards
anything. A request is served, not foreign, when its target names

* a host the sandbox serves (a portal, a file host, a hostile host) on port 80 (or, in
  origin form, on the server's own port, as ``curl --resolve`` sends it), or
* the sandbox itself: ``127.0.0.1``/``localhost``/``::1`` on the server's own port (in
  origin form also without a port), for the control API,

and its authority carries no userinfo (``user@``) and no backslash. Everything else is
foreign: other hosts, other ports (``http://hostile.gov.vn.test:2375/``), a proxied
``http://127.0.0.1/`` or ``http://localhost:6379/``, decimal or octal IP forms (they name
no sandbox host), a malformed target. The rules hold whether the hostile portal is on or
off; they live here because issue 15 ("nothing escapes") made them explicit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "0.0.0.0"})


@dataclass(frozen=True)
class Named:
    """What a request line (and its ``Host``) names."""

    host: str  # lower case, no trailing dot, IPv6 without brackets
    port: int | None  # as written; None when the authority names none
    target: str  # origin form: path and query
    url: str  # the absolute URL as received (CONNECT: the authority)
    absolute: bool  # absolute-form or authority-form target: a proxied request
    userinfo: bool  # "@" or "\\" in the authority
    connect: bool = False  # a CONNECT (a TLS tunnel) request


def parse(raw: str, host_header: str | None, method: str = "GET") -> Named:
    """The :class:`Named` of a request target; ValueError when it names nothing usable."""
    if method == "CONNECT":  # authority form, "host:443"
        return _named(raw, raw, absolute=True, url=raw, connect=True)
    if raw.lower().startswith(("http://", "https://")):
        parts = urlsplit(raw)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        return _named(parts.netloc, target, absolute=True, url=raw)
    if raw.startswith("/"):
        authority = host_header or ""
        return _named(authority, raw, absolute=False, url=f"http://{authority}{raw}")
    raise ValueError(f"not a request target: {raw!r}")


def _named(authority: str, target: str, absolute: bool, url: str, connect: bool = False) -> Named:
    parts = urlsplit(f"//{authority}")
    host = (parts.hostname or "").rstrip(".")
    port = parts.port  # ValueError for a port out of range or not a number
    if not host:
        raise ValueError(f"no host in {authority!r}")
    userinfo = "@" in authority or "\\" in authority
    return Named(host, port, target, url, absolute, userinfo, connect)


def refusal(named: Named, knows: Callable[[str], bool], own_port: int) -> str | None:
    """Why the sandbox refuses this request as foreign, or None when it serves it."""
    if named.userinfo:
        return "userinfo or a backslash in the authority"
    if named.host in LOCAL_HOSTS:
        if named.port == own_port or (named.port is None and not named.absolute):
            return None
        return f"{named.host} port {named.port or 80} is not the sandbox"
    if not knows(named.host):
        return f"{named.host} is not a sandbox host"
    if named.connect and named.port == 443:
        return None  # a sandbox host over TLS: answered 501 (no TLS here), not foreign
    served = (None, 80) if named.absolute else (None, 80, own_port)
    if named.port not in served:
        return f"{named.host} is served on port 80 only, not {named.port}"
    return None
