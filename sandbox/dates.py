"""Vietnamese date formats seen on real portals, one function per style."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")


def _hour12(moment: datetime) -> int:
    return moment.hour % 12 or 12


def dmy_hm(m: datetime) -> str:
    """``27/02/2024 09:00``"""
    return f"{m:%d/%m/%Y %H:%M}"


def dmy_hms(m: datetime) -> str:
    """``22/06/2023 12:00:00``"""
    return f"{m:%d/%m/%Y %H:%M:%S}"


def capnhat_ampm(m: datetime) -> str:
    """``Cập nhật: 29/10/2020 07:57:30 AM``"""
    half = "AM" if m.hour < 12 else "PM"
    return f"Cập nhật: {m:%d/%m/%Y} {_hour12(m):02d}:{m:%M:%S} {half}"


def ngaydang(m: datetime) -> str:
    """``Ngày đăng: 05/03/2024 08:15``"""
    return f"Ngày đăng: {m:%d/%m/%Y %H:%M}"


def weekday_long(m: datetime) -> str:
    """``Thứ Năm, ngày 6 tháng 4 năm 2023 15:05``"""
    day = WEEKDAYS[m.weekday()]
    return f"{day}, ngày {m.day} tháng {m.month} năm {m.year} {m:%H:%M}"


def sp_vi(m: datetime) -> str:
    """``6/4/2023 3:05:00 CH`` (SharePoint, vi-VN culture: SA before noon, CH after)."""
    half = "SA" if m.hour < 12 else "CH"
    return f"{m.day}/{m.month}/{m.year} {_hour12(m)}:{m:%M:%S} {half}"


def dmy(m: datetime) -> str:
    """``27/02/2024`` (lists of related news)."""
    return f"{m:%d/%m/%Y}"


STYLES: dict[str, Callable[[datetime], str]] = {
    "dmy_hm": dmy_hm,
    "dmy_hms": dmy_hms,
    "capnhat_ampm": capnhat_ampm,
    "ngaydang": ngaydang,
    "weekday_long": weekday_long,
    "sp_vi": sp_vi,
}
SHOWS_SECONDS = {"dmy_hms", "capnhat_ampm", "sp_vi"}


def format_date(moment: datetime, style: str) -> str:
    return STYLES[style](moment)
