"""The sitemap revisit policy: lastmod parsing, the decision, and the archive it asks."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest

from archive.capture.record import CaptureRecorder
from archive.db.engine import open_database
from archive.timeutil import LOCAL_TZ, utcnow
from archive.warc import HttpExchange
from crawler.revisit_policy import (
    RevisitPolicy,
    covers,
    fresh,
    parse_lastmod,
    served_at,
)
from tests.conftest import Backend

HCM = LOCAL_TZ


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-01T10:00:00+07:00", datetime(2024, 3, 1, 3, 0, tzinfo=UTC)),
        ("2024-03-01T03:00:00Z", datetime(2024, 3, 1, 3, 0, tzinfo=UTC)),
        ("2024-03-01t03:00:00z", datetime(2024, 3, 1, 3, 0, tzinfo=UTC)),
        ("2024-03-01T10:00+07:00", datetime(2024, 3, 1, 3, 0, tzinfo=UTC)),  # no seconds
        ("2024-03-01T03:00Z", datetime(2024, 3, 1, 3, 0, tzinfo=UTC)),
        ("2024-03-01T10:00:00.250+07:00", datetime(2024, 3, 1, 3, 0, 0, 250000, tzinfo=UTC)),
        ("2024-03-01T05:00:00-05:00", datetime(2024, 3, 1, 10, 0, tzinfo=UTC)),
        ("2024-03-01T10:00:00+0700", datetime(2024, 3, 1, 3, 0, tzinfo=UTC)),
        ("2024-03-01T10:00:00", datetime(2024, 3, 1, 10, 0, tzinfo=HCM)),  # no zone: local
        ("2024-03-01 10:00:00", datetime(2024, 3, 1, 10, 0, tzinfo=HCM)),
        (b" 2024-03-01T10:00:00+07:00\n", datetime(2024, 3, 1, 3, 0, tzinfo=UTC)),
    ],
)
def test_lastmod_datetimes(text: str | bytes, expected: datetime) -> None:
    parsed = parse_lastmod(text)
    assert parsed == expected
    assert parsed is not None and parsed.tzinfo is not None


def test_a_date_alone_is_the_end_of_that_day_in_vietnam() -> None:
    end = parse_lastmod("2024-03-01")
    assert end == datetime(2024, 3, 2, tzinfo=HCM) - timedelta(microseconds=1)
    assert end == datetime(2024, 3, 1, 16, 59, 59, 999999, tzinfo=UTC)
    # a capture late that same day may predate a change made later that day: no skip …
    late_that_day = datetime(2024, 3, 1, 23, 59, 59, tzinfo=HCM)
    assert not covers(end, last_modified=None, served=late_that_day)
    # … one from the next day, Vietnam time, has it all; a UTC clock showing 1 March 17:00
    # is already 2 March in Hanoi
    assert covers(end, last_modified=None, served=datetime(2024, 3, 2, 0, 0, tzinfo=HCM))
    assert covers(end, last_modified=None, served=datetime(2024, 3, 1, 17, 0, tzinfo=UTC))


def test_a_month_or_a_year_is_its_last_instant() -> None:
    assert parse_lastmod("2024-02") == datetime(2024, 3, 1, tzinfo=HCM) - timedelta(microseconds=1)
    assert parse_lastmod("2024-12") == datetime(2025, 1, 1, tzinfo=HCM) - timedelta(microseconds=1)
    assert parse_lastmod("2024") == datetime(2025, 1, 1, tzinfo=HCM) - timedelta(microseconds=1)


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "   ",
        "hôm qua",
        "01/03/2024",
        "2024-02-30",
        "2024-13-01",
        "2024-03-01T25:00:00Z",
        "2024-03-01T10:00:00+25:00",
        "2024-03-01T10",
        "2024-3-1",
        "0000-00-00",
        "0000-00-00 00:00:00",
        "1970-01-01T00:00:00Z",  # a CMS's "unknown", not a date: never a reason to skip
        "Fri, 01 Mar 2024 10:00:00 GMT",
        b"\xff\xfe",
    ],
)
def test_garbage_lastmod_says_nothing(text: str | bytes | None) -> None:
    assert parse_lastmod(text) is None


def test_served_at_is_the_servers_date_less_the_cache_age() -> None:
    date = "Fri, 01 Mar 2024 03:00:00 GMT"
    assert served_at([("Date", date)]) == datetime(2024, 3, 1, 3, 0, tzinfo=UTC)
    assert served_at([("date", date), ("Age", "600")]) == datetime(2024, 3, 1, 2, 50, tzinfo=UTC)
    assert served_at([("Date", date), ("Age", "soon")]) == datetime(2024, 3, 1, 3, tzinfo=UTC)
    assert served_at([("Date", "yesterday")]) is None
    assert served_at([("Content-Type", "text/html")]) is None


def test_covers_by_last_modified_or_by_a_later_answer() -> None:
    lastmod = datetime(2024, 3, 1, 10, 0, tzinfo=HCM)
    second = timedelta(seconds=1)
    assert covers(lastmod, last_modified=lastmod, served=None)
    assert covers(lastmod, last_modified=lastmod + second, served=None)
    assert not covers(lastmod, last_modified=lastmod - second, served=None)
    assert covers(lastmod, last_modified=None, served=lastmod + second)
    # served in the very second of the change: it may have come just after the answer
    assert not covers(lastmod, last_modified=None, served=lastmod)
    assert not covers(lastmod, last_modified=None, served=None)


def test_fresh_is_younger_than_the_maximum_age() -> None:
    now = datetime(2026, 1, 31, tzinfo=UTC)
    assert fresh(now - timedelta(days=29), timedelta(days=30), now)
    assert not fresh(now - timedelta(days=30), timedelta(days=30), now)


# -- the policy against a real archive ---------------------------------------------------
URL = "http://portal.test/tin-tuc/bai-1.html"
SERVER_NOW = datetime(2024, 3, 1, 10, 0, tzinfo=HCM)  # a portal clock far from ours


def exchange(
    url: str = URL,
    *,
    status: int = 200,
    body: bytes = b"<html>bai 1</html>",
    date: datetime | None = SERVER_NOW,
    last_modified: datetime | None = None,
    fetched_at: datetime | None = None,
) -> HttpExchange:
    headers = [("Content-Type", "text/html; charset=utf-8")]
    if date is not None:
        headers.append(("Date", format_datetime(date.astimezone(UTC), usegmt=True)))
    if last_modified is not None:
        headers.append(("Last-Modified", format_datetime(last_modified.astimezone(UTC), True)))
    return HttpExchange(
        url=url,
        method="GET",
        request_headers=[("User-Agent", "test")],
        status=status,
        response_headers=headers,
        body=body,
        fetched_at=fetched_at or utcnow(),
    )


@pytest.fixture
def ingestor(tmp_path: Path, backend: Backend) -> Iterator[CaptureRecorder]:
    config = backend.config(tmp_path / "data")
    recorder = CaptureRecorder(config, open_database(config))
    yield recorder
    recorder.close()


def iso(moment: datetime) -> str:
    return moment.isoformat()


def test_a_page_unseen_or_undated_is_requested(ingestor: CaptureRecorder) -> None:
    policy = RevisitPolicy(ingestor, timedelta(days=30))
    assert not policy.unchanged(URL, "2020-01-01")  # never captured
    ingestor.record(exchange())
    assert not policy.unchanged(URL, None)
    assert not policy.unchanged(URL, "not a date")


def test_the_portals_clock_decides_not_ours(ingestor: CaptureRecorder) -> None:
    """Captured (by our clock) long after 1 March 2024, but the portal answered at its
    1 March 10:00: a change it dates 11:00 is not in our copy."""
    ingestor.record(exchange())
    policy = RevisitPolicy(ingestor, timedelta(days=30))
    assert policy.unchanged(URL, iso(SERVER_NOW - timedelta(minutes=1)))
    assert policy.unchanged(URL, "2024-02-29")  # the whole day before
    assert not policy.unchanged(URL, iso(SERVER_NOW))  # that very second
    assert not policy.unchanged(URL, iso(SERVER_NOW + timedelta(hours=1)))
    assert not policy.unchanged(URL, "2024-03-01")  # later that day, maybe


def test_last_modified_of_the_copy_vouches_for_it(ingestor: CaptureRecorder) -> None:
    modified = SERVER_NOW - timedelta(days=3)
    ingestor.record(exchange(date=None, last_modified=modified))
    policy = RevisitPolicy(ingestor, timedelta(days=30))
    assert policy.unchanged(URL, iso(modified))
    # No Date: our own capture time stands in for the portal's (here: now, years later)
    assert policy.unchanged(URL, iso(SERVER_NOW + timedelta(days=1)))
    assert not policy.unchanged(URL, iso(utcnow() + timedelta(hours=1)))


def test_the_latest_capture_counts_a_revisit_included(ingestor: CaptureRecorder) -> None:
    ingestor.record(exchange())
    later = SERVER_NOW + timedelta(days=2)
    recorded = ingestor.record(exchange(date=later))  # same payload: a revisit
    assert recorded.record_type == "revisit"
    policy = RevisitPolicy(ingestor, timedelta(days=30))
    assert policy.unchanged(URL, iso(SERVER_NOW + timedelta(days=1)))


def test_only_a_good_copy_spares_a_request(ingestor: CaptureRecorder) -> None:
    policy = RevisitPolicy(ingestor, timedelta(days=30))
    ingestor.record(exchange(status=404, body=b"not found"))
    assert not policy.unchanged(URL, "2020-01-01")
    redirect = "http://portal.test/old"
    ingestor.record(exchange(redirect, status=301, body=b""))
    assert not policy.unchanged(redirect, "2020-01-01")


def test_a_capture_older_than_the_maximum_age_is_asked_again(ingestor: CaptureRecorder) -> None:
    ingestor.record(exchange(fetched_at=utcnow() - timedelta(days=31)))
    assert not RevisitPolicy(ingestor, timedelta(days=30)).unchanged(URL, "2020-01-01")
    assert RevisitPolicy(ingestor, timedelta(days=32)).unchanged(URL, "2020-01-01")


def test_an_unreadable_record_means_asking_again(ingestor: CaptureRecorder) -> None:
    ingestor.record(exchange())
    ingestor.close()
    for warc in ingestor.config.warc_dir.iterdir():
        warc.unlink()
    assert not RevisitPolicy(ingestor, timedelta(days=30)).unchanged(URL, "2024-02-29")


def test_a_whole_sitemap_is_decided_in_one_look_up(ingestor: CaptureRecorder) -> None:
    other = "http://portal.test/tin-tuc/bai-2.html"
    ingestor.record(exchange())
    ingestor.record(exchange(other, body=b"<html>bai 2</html>"))
    policy = RevisitPolicy(ingestor, timedelta(days=30))
    entries = [(URL, "2024-02-29"), (other, iso(SERVER_NOW + timedelta(hours=1)))]
    entries += [(f"http://portal.test/new-{i}", "2020-01-01") for i in range(1500)]
    assert policy.unchanged_many(entries) == {URL}
