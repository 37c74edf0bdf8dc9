"""Options shared by every command."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from archive.catalog.names import normalize_host
from archive.config import ArchiveConfig, load_config
from archive.errors import VnarchiveError


class FiniteFloatRange(click.FloatRange):
    """A number in a range; ``nan`` and ``inf`` are not numbers here."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number", param, ctx)
        return number


class HostType(click.ParamType):
    """A portal's host name (or a URL, whose host is taken): lower case, checked."""

    name = "host"

    def __init__(self, levels: bool = False) -> None:
        self.levels = levels  # "level:commune" is accepted too

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        text = str(value).strip()
        if self.levels and text.startswith("level:"):
            return text
        try:
            host = normalize_host(text)
        except VnarchiveError as exc:
            self.fail(str(exc), param, ctx)
        try:  # the idna codec knows no error handler but "strict"
            labels = host.encode("idna").decode("ascii").split(".")
        except UnicodeError:
            labels = [""]
        if not all(_LABEL.fullmatch(label) for label in labels):
            self.fail(f"not a host name: {text!r}", param, ctx)
        return host


_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
ROW_ID = click.IntRange(min=1, max=2**31 - 1)  # a database id (PostgreSQL's integer)
SECONDS = FiniteFloatRange(min=0, max=3600)  # a delay or a timeout
WORKERS = click.IntRange(min=0, max=64)
HOST = HostType()


def _a_folder(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and Path(value).exists() and not Path(value).is_dir():
        raise click.BadParameter(f"{value} is not a folder", ctx=ctx, param=param)
    return value


def data_dir_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--data-dir",
        type=click.Path(file_okay=False),
        envvar="VNARCHIVE_DATA_DIR",
        default=None,
        callback=_a_folder,
        help="Archive folder (database, WARCs, logs). Env: VNARCHIVE_DATA_DIR. Default: ./data.",
    )(func)


def json_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")(func)


def workers_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--workers",
        type=WORKERS,
        default=None,
        help="Extraction processes (default: one per core; 0: in this process).",
    )(func)


def config_for(data_dir: str | None, **flags: Any) -> ArchiveConfig:
    """The settings, flags given on the command line first (``None``: not given)."""
    return load_config(data_dir, **flags)
