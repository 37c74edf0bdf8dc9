"""Shared hosts paced across crawl workers on a real Redis: each request reserves its own
moment, an interval after the last one reserved, whichever worker reserved it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from archive.hostpace import HostPacer, host_key


@pytest.fixture
def redis(redis_url: str) -> Iterator[object]:
    import redis as redis_lib

    client = redis_lib.Redis.from_url(redis_url)
    client.flushdb()
    yield client
    client.flushdb()


def test_two_workers_take_turns_an_interval_apart(redis) -> None:
    w1, w2 = HostPacer(redis, 10.0), HostPacer(redis, 10.0)  # two workers' pacers
    turns = [w1.reserve("vanban.haiduong.gov.vn"), w2.reserve("vanban.haiduong.gov.vn"),
             w1.reserve("vanban.haiduong.gov.vn")]  # fmt: skip
    first = turns[0]
    assert first.wait == 0
    # moments on Redis's clock: exactly one interval apart, whoever asked
    assert [t.at - first.at for t in turns] == [0, 10_000, 20_000]
    assert 9.0 < turns[1].wait <= 10.0 and 19.0 < turns[2].wait <= 20.0
    # another host has its own turns
    assert w2.reserve("cdn.example.vn").wait == 0
    # the key outlives the last moment reserved, then goes
    ttl = redis.pttl(host_key("vanban.haiduong.gov.vn"))
    assert 20_000 < ttl <= 20_000 + 10_000 + 60_000


def test_no_interval_no_wait(redis) -> None:
    pacer = HostPacer(redis, 0.0)
    assert [pacer.reserve("vanban.haiduong.gov.vn").wait for _ in range(3)] == [0, 0, 0]
