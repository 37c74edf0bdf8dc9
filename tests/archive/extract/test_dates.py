from datetime import datetime

import pytest

from archive.extract.dates import (
    LOCAL_TZ,
    find_date,
    find_dates,
    iso_has_time,
    parse_date,
    parse_iso,
)


def vn(*args: int) -> datetime:
    return datetime(*args, tzinfo=LOCAL_TZ)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("27/02/2024 09:00", vn(2024, 2, 27, 9, 0)),
        ("PV 27/02/2024 09:00", vn(2024, 2, 27, 9, 0)),
        ("22/06/2023 12:00:00", vn(2023, 6, 22, 12, 0, 0)),
        ("Cập nhật: 29/10/2020 07:57:30 AM", vn(2020, 10, 29, 7, 57, 30)),
        ("Cập nhật: 29/10/2020 07:57:30 PM", vn(2020, 10, 29, 19, 57, 30)),
        ("Cập nhật: 01/10/2020 12:05:00 AM", vn(2020, 10, 1, 0, 5, 0)),
        ("Cập nhật: 01/10/2020 12:05:00 PM", vn(2020, 10, 1, 12, 5, 0)),
        ("Ngày đăng: 05/03/2024", vn(2024, 3, 5)),
        ("Thứ Năm, ngày 6 tháng 4 năm 2023", vn(2023, 4, 6)),
        ("ngày 06 tháng 04 năm 2023 lúc 15:05", vn(2023, 4, 6, 15, 5)),
        ("6/4/2023 3:05:00 CH", vn(2023, 4, 6, 15, 5, 0)),
        ("6/4/2023 9:05:00 SA", vn(2023, 4, 6, 9, 5, 0)),
        ("6/4/2023 12:30 SA", vn(2023, 4, 6, 0, 30)),
        ("6/4/2023 15:05 CH", vn(2023, 4, 6, 15, 5)),
        ("27-02-2024", vn(2024, 2, 27)),
        ("27.02.2024 08:15", vn(2024, 2, 27, 8, 15)),
        ("09:00 27/02/2024", vn(2024, 2, 27, 9, 0)),
        ("09:00 | 27/02/2024", vn(2024, 2, 27, 9, 0)),
        ("10:30 ngày 27/02/2024", vn(2024, 2, 27, 10, 30)),
        ("Thứ hai, 26/02/2024 - 16:45", vn(2024, 2, 26, 16, 45)),
        ("26/02/2024, 16h45", vn(2024, 2, 26, 16, 45)),
        ("2024-02-27 09:00", vn(2024, 2, 27, 9, 0)),
        ("( Cập nhật lúc:30/11/2023 07:04:41)", vn(2023, 11, 30, 7, 4, 41)),
    ],
)
def test_vietnamese_forms(text: str, expected: datetime) -> None:
    assert parse_date(text) == expected


def test_day_first_always() -> None:
    assert parse_date("05/03/2024") == vn(2024, 3, 5)
    assert parse_date("03/05/2024") == vn(2024, 5, 3)


def test_result_is_aware_in_vietnam_time() -> None:
    value = parse_date("27/02/2024 09:00")
    assert value is not None and value.tzinfo is LOCAL_TZ
    assert value.utcoffset().total_seconds() == 7 * 3600


@pytest.mark.parametrize(
    "text",
    [
        "",
        "không có ngày",
        "31/02/2024",
        "12/13/2024",
        "99/99/9999",
        "1/1/1850",
        "2024",
        "Số 12/2024",
    ],
)
def test_no_date(text: str) -> None:
    assert parse_date(text) is None


def test_invalid_time_keeps_date() -> None:
    assert parse_date("27/02/2024 25:70") == vn(2024, 2, 27)


def test_has_time_and_span() -> None:
    found = find_date("Cập nhật: 29/10/2020 07:57:30 AM – Lượt xem: 5")
    assert found is not None and found.has_time
    assert (
        "29/10/2020 07:57:30 AM"
        in "Cập nhật: 29/10/2020 07:57:30 AM – Lượt xem: 5"[found.start : found.end]
    )
    plain = find_date("Ngày đăng: 05/03/2024")
    assert plain is not None and not plain.has_time


def test_find_dates_in_order() -> None:
    found = find_dates("Thứ Năm, ngày 6 tháng 4 năm 2023  6/4/2023 3:05:00 CH")
    assert [d.has_time for d in found] == [False, True]
    assert found[1].value == vn(2023, 4, 6, 15, 5)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-02-27T09:00:00+07:00", vn(2024, 2, 27, 9, 0)),
        ("2024-02-27T02:00:00Z", vn(2024, 2, 27, 9, 0)),
        ("2024-02-27T02:00:00.123Z", vn(2024, 2, 27, 9, 0)),
        ("2024-02-27T09:00:00", vn(2024, 2, 27, 9, 0)),
        ("2024-02-27 09:00", vn(2024, 2, 27, 9, 0)),
        ("2024-02-27", vn(2024, 2, 27)),
        ("27/02/2024 09:00", vn(2024, 2, 27, 9, 0)),
        ("rác", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_iso(value: str | None, expected: datetime | None) -> None:
    assert parse_iso(value) == expected


def test_iso_has_time() -> None:
    assert iso_has_time("2024-02-27T09:00:00+07:00")
    assert not iso_has_time("2024-02-27")
