"""Options shared by every command."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from archive.config import ArchiveConfig, load_config

ROW_ID = click.IntRange(min=1, max=2**31 - 1)  # a database id (PostgreSQL's integer)
SECONDS = click.FloatRange(min=0, max=3600)  # a delay or a timeout
WORKERS = click.IntRange(min=0, max=64)


def data_dir_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--data-dir",
        type=click.Path(file_okay=False),
        envvar="VNARCHIVE_DATA_DIR",
        default=None,
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
