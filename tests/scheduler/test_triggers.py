"""When runs fall: intervals, cron in local time, off-peak windows, jitter (in-process)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from archive.timeutil import LOCAL_TZ
from scheduler.errors import IntervalTooShort, InvalidInterval
from scheduler.triggers import check_minimum, make_trigger, parse_duration

NOON = datetime(2026, 3, 2, 12, 0, tzinfo=LOCAL_TZ)


def runs(trigger, start: datetime, count: int) -> list[datetime]:
    times, previous, now = [], None, start
    for _ in range(count):
        previous = trigger.get_next_fire_time(previous, now)
        times.append(previous.astimezone(LOCAL_TZ))
        now = previous
    return times


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("45s", 45), ("30m", 1800), ("12h", 43200), ("3d", 259200), ("1d12h", 129600)],
)
def test_durations(text: str, seconds: int) -> None:
    assert parse_duration(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize("text", ["0d", "-1h", "3", "d", "1.5h", ""])
def test_bad_durations(text: str) -> None:
    with pytest.raises(InvalidInterval):
        parse_duration(text)


def test_cron_is_read_in_local_time() -> None:
    trigger = make_trigger(cron="0 2 * * *", every=None, jitter=None, window=None)
    first, second = runs(trigger, NOON, 2)
    assert (first.day, first.hour, first.minute) == (3, 2, 0)
    assert first.astimezone(UTC).hour == 19 and second - first == timedelta(days=1)


def test_a_window_moves_runs_to_the_next_opening() -> None:
    trigger = make_trigger(cron=None, every="6h", jitter=None, window="22:00-05:00")
    trigger.inner.start_date = NOON + timedelta(hours=6)
    # The 6-hour grid falls at 18, 00, 06 and 12 h: 18 h waits for 22 h, 00 h is inside.
    assert [t.hour for t in runs(trigger, NOON, 4)] == [22, 0, 22, 0]
    assert str(trigger) == "every 6h, window 22:00-05:00"


def test_jitter_delays_within_the_window() -> None:
    trigger = make_trigger(cron="50 4 * * *", every=None, jitter="30m", window="22:00-05:00")
    for moment in runs(trigger, NOON, 20):
        assert (moment.hour, moment.minute) >= (4, 50) and moment.hour < 5


def test_the_first_interval_run_is_one_interval_after_now() -> None:
    trigger = make_trigger(cron=None, every="3d", jitter=None, window=None, now=NOON)
    assert trigger.get_next_fire_time(None, NOON) == NOON + timedelta(days=3)


def test_due_times_are_the_regular_runs_that_fell_due() -> None:
    trigger = make_trigger(cron=None, every="1d", jitter="1h", window=None, now=NOON)
    due = trigger.due_times(NOON, NOON + timedelta(days=3, hours=1))
    assert due == [NOON + timedelta(days=n) for n in (1, 2, 3)]
    assert trigger.due_times(NOON, NOON + timedelta(days=3)) == due  # the end is included
    assert trigger.period() == timedelta(days=1)


def test_after_a_downtime_every_run_due_is_seen_then_the_next_is_in_the_future() -> None:
    """APScheduler lists the runs due since the stored next run (``Job._get_run_times``) by
    asking the trigger for the run after each: so it sees all of them and coalesces them."""
    trigger = make_trigger(cron=None, every="6h", jitter=None, window=None, now=NOON)
    first = trigger.get_next_fire_time(None, NOON)
    later = NOON + timedelta(days=1, hours=1)
    times = [first]
    while (following := trigger.get_next_fire_time(times[-1], later)) <= later:
        times.append(following)
    assert [t - NOON for t in times] == [timedelta(hours=h) for h in (6, 12, 18, 24)]
    assert following == NOON + timedelta(hours=30)


def test_jitter_never_reaches_the_next_regular_run() -> None:
    trigger = make_trigger(cron=None, every="1h", jitter="2h", window=None, now=NOON)
    previous = None
    for _ in range(50):
        moment = trigger.get_next_fire_time(previous, NOON)
        regular = trigger.due_times(moment - timedelta(hours=1), moment)[-1]
        assert regular <= moment < regular + timedelta(hours=1)
        previous = moment


@pytest.mark.parametrize(
    ("cron", "every", "refused"),
    [
        (None, "59s", True),
        (None, "1m", False),
        ("* * * * *", None, False),
        ("0,1 * * * *", None, False),
        (None, "30m", True),  # with a minimum of one hour below
    ],
)
def test_runs_closer_together_than_the_minimum_are_refused(
    cron: str | None, every: str | None, refused: bool
) -> None:
    trigger = make_trigger(cron=cron, every=every, jitter=None, window=None, now=NOON)
    floor = timedelta(hours=1) if every == "30m" else timedelta(minutes=1)
    if refused:
        with pytest.raises(IntervalTooShort, match="the minimum is"):
            check_minimum(trigger, floor, NOON, "--every")
    else:
        check_minimum(trigger, floor, NOON, "--every")
