"""The hostile portal: its hosts and faults, the answer to each URL, its home page, and the
catalogue of faults a test reads (also served as ``GET /_sandbox/hostile.json``)."""

from __future__ import annotations

import functools
import itertools
import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlsplit

from sandbox.hostile import (
    badbytes,
    encodings,
    escapes,
    memory,
    moved,
    robots,
    sitemaps,
    slow,
    traps,
    urlstate,
)
from sandbox.hostile.faults import BASE, CATEGORIES, HOST, OUTCOMES, Ask, Fault
from sandbox.hostile.minisite import logo
from sandbox.hostile.pages import SITE_NAME, e, not_found, page
from sandbox.response import Response

MODULES = (encodings, sitemaps, escapes, moved, traps, urlstate, memory, slow, robots, badbytes)
HOSTS = (HOST, *robots.HOSTS, *moved.HOSTS)
ROBOTS_FAULT = "escape-robots-sitemap"  # the hostile host's robots.txt
_VIA = re.compile(r"[?&]via=([a-z0-9-]+)")
CATEGORY_TITLES = {
    "encodings": "Nén nội dung",
    "sitemaps": "Sơ đồ trang",
    "escapes": "Liên kết ra ngoài",
    "traps": "Bẫy thu thập",
    "memory": "Bộ nhớ và thời gian",
    "robots": "Tệp robots.txt và lỗi 503",
    "bytes": "Dữ liệu hỏng",
}


@dataclass(frozen=True)
class HostileSettings:
    """The bounds of the slow faults (seconds); a server thread never outlives them."""

    stall_seconds: float = 60.0  # slow-stall and robots-stall: silence, then the close
    drip_seconds: float = 60.0  # slow-drip: how long the body takes
    drip_bytes_per_second: int = 4
    # the faults served (ids; empty: all). The host's robots.txt is always served: it names
    # the sitemaps of the faults that are.
    only: tuple[str, ...] = ()


class NoSuchFault(LookupError):
    def __init__(self, fault_id: str) -> None:
        super().__init__(f"no such hostile fault: {fault_id!r}")


class HostilePortal:
    """Every hostile host and fault, deterministic in ``seed`` and the order of requests."""

    def __init__(self, seed: int = 1, settings: HostileSettings | None = None) -> None:
        self.seed, self.settings = seed, settings or HostileSettings()
        every = [fault for module in MODULES for fault in module.faults()]
        ids = {fault.id for fault in every}
        assert len(ids) == len(every), "fault ids must be unique"
        for fault_id in self.settings.only:
            if fault_id not in ids:
                raise NoSuchFault(fault_id)
        served = {*self.settings.only, ROBOTS_FAULT} if self.settings.only else ids
        self.faults: list[Fault] = [fault for fault in every if fault.id in served]
        self._by_id = {fault.id: fault for fault in self.faults}
        self._prefixes = sorted(
            ((prefix, fault) for fault in self.faults for prefix in fault.counted),
            key=lambda item: -len(item[0]),
        )
        self._forbidden = {url: fault.id for fault in self.faults for url in fault.forbidden}
        self._via = {
            match.group(1): fault.id
            for fault in self.faults
            for url in fault.forbidden
            if (match := _VIA.search(url))
        }
        self._views = itertools.count(1)
        self._lock = threading.Lock()

    # -- what is there -----------------------------------------------------------------------
    def knows(self, host: str) -> bool:
        return host.lower() in HOSTS

    def seeds(self) -> list[str]:
        """Start URLs: the hostile home page, and the hosts whose faults are their robots.txt
        or their home page (also linked and embedded from the hostile home page)."""
        served = {urlsplit(url).hostname for fault in self.faults for url in fault.urls}
        hosts = (host for host in (*robots.HOSTS, moved.MOVED) if host in served)
        return [f"{BASE}/", *(f"http://{host}/" for host in hosts)]

    def fault(self, fault_id: str) -> Fault:
        try:
            return self._by_id[fault_id]
        except KeyError:
            raise NoSuchFault(fault_id) from None

    def sitemaps(self) -> list[str]:
        """The sitemaps the hostile host's robots.txt names."""
        return [
            url
            for fault in self.faults
            if not fault.linked
            for url in fault.urls
            if url.startswith(BASE) and url.endswith((".xml", ".xml.gz"))
        ]

    def catalogue(self) -> dict[str, Any]:
        """Hosts, seeds, outcome codes, settings and one entry per fault (JSON-ready)."""
        return {
            "home": f"{BASE}/",
            "hosts": list(HOSTS),
            "seeds": self.seeds(),
            "outcomes": dict(OUTCOMES),
            "settings": {**asdict(self.settings), "only": list(self.settings.only)},
            "faults": [fault.entry() for fault in self.faults],
        }

    @functools.cached_property
    def home(self) -> Response:
        return home_page(self.faults)

    # -- requests ----------------------------------------------------------------------------
    def next_view(self) -> int:
        with self._lock:
            return next(self._views)

    def fault_of(self, url: str) -> str | None:
        """The fault a request for ``url`` counts to: a forbidden URL it points at (exactly,
        or by its ``via=`` marker), else the longest of its prefixes; None if none."""
        if url in self._forbidden:
            return self._forbidden[url]
        canonical = _canonical(url)
        for prefix, fault in self._prefixes:
            if canonical.startswith(prefix):
                return fault.id
        match = _VIA.search(url)
        return self._via.get(match.group(1)) if match else None

    def hits(self, log: Iterable[Mapping[str, Any]]) -> dict[str, int]:
        """Requests per fault id (every fault, zeros too) in a server's request log."""
        counts = dict.fromkeys(self._by_id, 0)
        for entry in log:
            if entry.get("fault") in counts:
                counts[entry["fault"]] += 1
        return counts

    def respond(self, url: str, headers: Mapping[str, str] | None = None) -> Response:
        parts = urlsplit(url)
        ask = Ask(
            (parts.hostname or "").lower(), parts.path or "/", parts.query, headers or {}, self
        )
        if ask.host == HOST and ask.path == "/":
            return self.home
        canonical = _canonical(url)
        for prefix, fault in self._prefixes:
            if canonical.startswith(prefix) and fault.answer is not None:
                return fault.answer(ask)
        return not_found()


def _canonical(url: str) -> str:
    """``http://host/path?query`` without port or userinfo (what prefixes are written as)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return url
    return f"http://{host}{parts.path or '/'}" + (f"?{parts.query}" if parts.query else "")


def home_page(faults: list[Fault]) -> Response:
    """Every linked fault URL by category; a robots fault's host is also embedded (its logo),
    so a crawler that fetches requisites wherever they live meets its robots.txt."""
    sections = []
    for category in CATEGORIES:
        items = []
        for fault in faults:
            if fault.category != category or not fault.linked:
                continue
            for url in fault.urls:
                label = f"{fault.id}: {url.rsplit('/', 1)[-1] or url}"
                items.append(f'<li><a href="{e(url)}">{e(label)}</a></li>')
                if category == "robots" and not url.startswith(BASE):
                    items.append(f'<li><img src="{e(logo(urlsplit(url).hostname or ""))}"></li>')
        if items:
            title = e(CATEGORY_TITLES[category])
            sections.append(f"<h2>{title}</h2>\n<ul>\n" + "\n".join(items) + "\n</ul>")
    intro = (
        f"<p>{e(SITE_NAME)} là cổng thử nghiệm: mỗi liên kết dưới đây dẫn tới một lỗi mà "
        "trình thu thập và kho lưu trữ phải chịu được.</p>"
    )
    return page("Trang chủ", intro + "\n".join(sections))
