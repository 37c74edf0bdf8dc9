"""What a crawl may request: the portal's own pages, never a private address, no trap.

Pure functions, used by the scope guard (``downloadermiddlewares/scope.py``), the resolver
(``resolver.py``) and the spider:

- ``forbidden_address``: loopback, link-local (169.254.169.254: cloud metadata), private,
  shared, reserved, multicast and unspecified addresses, IPv4 written in any form the
  downloader's resolver accepts (``2130706433``, ``0177.0.0.1``, ``0x7f.1``) and IPv4 in
  IPv6 — unless the operator allowed their network (``VNARCHIVE_ALLOW_NETWORKS``).
- ``Scope``: a portal's pages stay on its host (its ``www.`` twin, the hosts the catalog
  says it moved to) and scheme (http → https on the same host is fine); requisites and
  documents may live elsewhere but are never crawled further.
- ``trap``: URLs that never end — repeating path segments, unbounded pagination,
  calendars far from now, over-long URLs — each dropped URL named by its rule.
- ``canonical``: session ids and portlet state parameters removed, so that one page is one
  URL.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import SplitResult, parse_qsl, unquote_plus, urlsplit, urlunsplit

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address

_NUMERIC_HOST = re.compile(r"[0-9a-fx.]+", re.I)


def parse_networks(value: str | Iterable[str] | None) -> tuple[Network, ...]:
    """``"127.0.0.0/8, 10.1.0.0/16"`` → networks; raises ``ValueError`` naming a bad one."""
    items = value.split(",") if isinstance(value, str) else list(value or ())
    out = []
    for item in (i.strip() for i in items):
        if item:
            out.append(ipaddress.ip_network(item, strict=False))
    return tuple(out)


def host_address(host: str) -> Address | None:
    """The address a host name stands for without DNS: an IP literal, in every form the
    downloader's resolver would accept; ``None`` for a name."""
    text = host.strip("[]").rstrip(".").lower()
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        pass
    if text and _NUMERIC_HOST.fullmatch(text) and any(c.isdigit() for c in text):
        try:  # inet_aton reads decimal, octal and hex forms, as getaddrinfo does
            return ipaddress.IPv4Address(socket.inet_aton(text))
        except OSError:
            return None
    return None


def forbidden_address(address: Address, allowed: tuple[Network, ...] = ()) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if any(address in network for network in allowed):
        return False
    return not address.is_global or address.is_multicast


LOCAL_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback")


def forbidden_host(host: str, allowed: tuple[Network, ...] = ()) -> str | None:
    """Why ``host`` must not be requested (its address is private…), or ``None``."""
    name = host.strip("[]").rstrip(".").lower()
    if name in LOCAL_NAMES or name.endswith(".localhost"):
        loopback = ipaddress.ip_address("127.0.0.1")
        return None if forbidden_address(loopback, allowed) is False else "loopback name"
    address = host_address(name)
    if address is not None and forbidden_address(address, allowed):
        return f"address {address} is not public"
    return None


# -- the portal's scope ------------------------------------------------------------------
def _bare(host: str) -> str:
    return host.lower().rstrip(".").removeprefix("www.")


DEFAULT_PORTS = frozenset({None, 80, 443})


def _port(parts: SplitResult) -> int | None | bool:
    try:
        return parts.port
    except ValueError:
        return False


@dataclass
class Scope:
    """The hosts (and ports) whose pages a crawl follows."""

    hosts: set[str] = field(default_factory=set)  # bare (no www.)
    ports: dict[str, set[int | None]] = field(default_factory=dict)  # beyond 80 and 443

    @classmethod
    def of(cls, seeds: Iterable[str], aliases: Iterable[str] = ()) -> Scope:
        scope = cls()
        for url in [*seeds, *(f"http://{a}/" for a in aliases)]:
            parts = urlsplit(url)
            host = _bare(parts.hostname or "")
            port = _port(parts)
            if host and port is not False:
                scope.hosts.add(host)
                if port not in DEFAULT_PORTS:
                    scope.ports.setdefault(host, set()).add(port)  # type: ignore[arg-type]
        return scope

    def portal_of(self, url: str) -> str | None:
        """The portal host a page URL belongs to (``None``: off every portal)."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or parts.username or parts.password:
            return None
        host = _bare(parts.hostname or "")
        if host not in self.hosts:
            return None
        port = _port(parts)
        if port is False or (port not in DEFAULT_PORTS and port not in self.ports.get(host, ())):
            return None  # the same host on another port is another server
        return host

    def leaf_refusal(self, url: str) -> str | None:
        """Why a requisite or document at ``url`` may not be fetched, or ``None``: it may
        live on any host, but not behind user info, nor on a port other than the web's
        (80, 443) or one of the portals' (another port is another server: 2375 is Docker's
        API, 6379 Redis)."""
        parts = urlsplit(url)
        if parts.username is not None or parts.password is not None or "\\" in parts.netloc:
            return "user info in the address"
        port = _port(parts)
        if port is False:
            return "a malformed port"
        if port not in DEFAULT_PORTS and not any(port in p for p in self.ports.values()):
            return f"port {port} is not a web port"
        return None


# -- traps -------------------------------------------------------------------------------
MAX_URL_LENGTH = 2083
MAX_SEGMENTS = 20
# words repeated within one segment: ``bai-1-lien-quan-lien-quan-lien-quan`` (a link to a
# "related" page that adds the same words at every hop)
_REPEATING_WORDS = re.compile(r"((?:-[a-z][^-]*+){1,3}?)\1\1(?=-|$)", re.I)
_WORD_SEPARATORS = re.compile(r"[-_.]")
PAGINATION_KEYS = re.compile(
    r"(^|_)(page|pg|p|trang|cur|pageindex|pagenumber|page_no|pageno|start|offset|paged|"
    r"currentpage)$",
    re.I,
)
_DATE_IN = re.compile(r"(?<!\d)((?:19|20|21|22)\d\d)[-/_.]?(0[1-9]|1[0-2])(?:[-/_.]?(\d\d))?")


@dataclass(frozen=True)
class TrapRules:
    max_pagination: int = 2000
    calendar_years: int = 1  # dates later than next year, or before 1990, are traps
    max_url_length: int = MAX_URL_LENGTH
    max_calendar: int = 500  # URLs of one dated shape (/lich/####/##/##) per portal


def date_shape(url: str) -> str | None:
    """``/lich/2024/01/31?x=2`` → ``/lich/#/#/#?x=#``: the shape a calendar's URLs share;
    ``None`` for a URL with no date in it."""
    parts = urlsplit(url)
    if not _DATE_IN.search(parts.path + "?" + parts.query):
        return None
    return re.sub(r"\d+", "#", parts.path + "?" + parts.query)


def trap(url: str, rules: TrapRules = TrapRules(), today: date | None = None) -> str | None:
    """The rule ``url`` falls under (``repeating_path``, ``pagination``, ``calendar``,
    ``long_url``), or ``None``."""
    if len(url) > rules.max_url_length:
        return "long_url"
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) > MAX_SEGMENTS:
        return "repeating_path"
    seen: dict[str, int] = {}
    for segment in segments:
        seen[segment] = seen.get(segment, 0) + 1
        if seen[segment] >= 3 or _REPEATING_WORDS.search(_WORD_SEPARATORS.sub("-", "-" + segment)):
            return "repeating_path"
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if PAGINATION_KEYS.search(key) and value.isdigit() and int(value) > rules.max_pagination:
            return "pagination"
    year_now = (today or date.today()).year
    for match in _DATE_IN.finditer(parts.path + "?" + parts.query):
        year = int(match.group(1))
        if year < 1990 or year > year_now + rules.calendar_years:
            return "calendar"
    return None


# -- canonical URLs ----------------------------------------------------------------------
SESSION_KEYS = {
    "jsessionid",
    "phpsessid",
    "aspsessionid",
    "sid",
    "sessionid",
    "session_id",
    "cfid",
    "cftoken",
}
# Liferay portlet state, and a portlet's page size (``_101_INSTANCE_x_delta``): the same
# items in other windows and slices
PORTLET_STATE = re.compile(
    r"^p_p_(state|mode|lifecycle|col_id|col_pos|col_count)$|^p_auth$|^_\w+_delta$"
)
# where to go back to (``redirect=<the page this link was on>``): URLs would grow at every hop
BACK_LINK_KEYS = re.compile(r"^(_\w+_)?(redirect|backurl|returnurl|return_url|referer)$")
_A_URL = re.compile(r"^(https?:|/|%2f)", re.I)
_PATH_SESSION = re.compile(r";(jsessionid|phpsessid|sid)=[^/?#;]*", re.I)
_ASPNET_SESSION = re.compile(r"/\(S\([a-z0-9]{20,}\)\)", re.I)


def _dropped(piece: str) -> bool:
    """Whether a ``key=value`` piece of a query is a session id, portlet state or back-link."""
    key, _, value = piece.partition("=")
    key = unquote_plus(key).lower()
    return (
        key in SESSION_KEYS
        or bool(PORTLET_STATE.match(key))
        or bool(BACK_LINK_KEYS.match(key) and _A_URL.match(unquote_plus(value)))
    )


def canonical(url: str) -> str:
    """``url`` without its fragment, session ids and portlet state parameters."""
    parts = urlsplit(url)
    path = _ASPNET_SESSION.sub("", _PATH_SESSION.sub("", parts.path))
    # Pieces of the query are kept as they were written (a windows-1258 value, a bare key):
    # only the names and values are decoded, to decide what to drop.
    pieces = parts.query.split("&")
    kept = [piece for piece in pieces if piece and not _dropped(piece)]
    query = "&".join(kept) if len(kept) != len([p for p in pieces if p]) else parts.query
    return urlunsplit((parts.scheme, parts.netloc, path, query, ""))
