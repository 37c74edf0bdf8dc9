"""Politeness across crawl workers for the hosts no task leases.

A crawl worker holds a lease on its portal's host (``archive.jobqueue``): one portal, one
worker at a time. The hosts a crawl only meets on the way — a province's file host
``vanban.<province>`` that every portal of the province links, a CDN — are reached by the
workers of several portals at once. Each request to such a host first reserves a moment in
Redis: ``vnarchive:host:<host>:next`` holds the earliest time (Redis's own clock, so the
machines' clocks do not matter) the next request may go; a reservation takes
``max(now, next)`` and moves ``next`` on by the interval. However many workers there are,
together they ask such a host no more often than one worker with that delay would.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from archive.jobqueue import PREFIX

# KEYS: the host's key. ARGV: interval (ms). Returns {moment reserved, wait}, both in ms.
_RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = tonumber(ARGV[1])
local at = math.max(now, tonumber(redis.call('GET', KEYS[1]) or '0'))
redis.call('SET', KEYS[1], at + interval, 'PX', at + interval - now + 60000)
return {at, at - now}
"""


def host_key(host: str) -> str:
    return f"{PREFIX}host:{host}:next"


@dataclass(frozen=True)
class Reservation:
    at: int  # the moment reserved, ms on Redis's clock
    wait: float  # seconds from now until then


class HostPacer:
    """Reserves moments to ask shared hosts, ``interval`` seconds apart per host."""

    def __init__(self, redis: Any, interval: float) -> None:
        self.interval = interval
        self._reserve = redis.register_script(_RESERVE)

    def reserve(self, host: str) -> Reservation:
        """One short round trip (blocking: call it off the reactor thread)."""
        at, wait = self._reserve(keys=[host_key(host)], args=[int(self.interval * 1000)])
        return Reservation(int(at), int(wait) / 1000)
