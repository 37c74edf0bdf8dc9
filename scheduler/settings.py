"""Scheduler settings, declared once with their defaults.

Precedence as for the archive: environment (``VNARCHIVE_SCHEDULER_*``) > ``[scheduler]`` in
``vnarchive.toml`` > defaults.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from archive.config import CONFIG_FILE, Setting
from archive.errors import ConfigError

SETTINGS = (
    Setting("scheduler_max_concurrent_crawls", 2, "crawls running at the same time at most"),
    Setting("scheduler_misfire_grace", 3600, "seconds a late run may still start; later: missed"),
    Setting("scheduler_shutdown_grace", 60, "seconds running crawls get to finish on SIGTERM"),
    Setting("scheduler_kill_grace", 30, "seconds an interrupted crawl gets to save its queue"),
    Setting("scheduler_poll_interval", 5, "seconds between looks for schedules changed by CLI"),
    Setting("scheduler_every_province", "1d", "default interval of province portals"),
    Setting("scheduler_every_district", "3d", "default interval of district portals"),
    Setting("scheduler_every_commune", "7d", "default interval of commune portals"),
)


@dataclass(frozen=True)
class SchedulerSettings:
    max_concurrent_crawls: int = 2
    misfire_grace: int = 3600
    shutdown_grace: float = 60
    kill_grace: float = 30
    poll_interval: float = 5
    every_province: str = "1d"
    every_district: str = "3d"
    every_commune: str = "7d"

    def default_every(self, level: str) -> str:
        return str(getattr(self, f"every_{level}"))


def _toml_section() -> dict[str, Any]:
    path = Path.cwd() / CONFIG_FILE
    if not path.is_file():
        return {}
    try:
        with path.open("rb") as fh:
            return dict(tomllib.load(fh).get("scheduler", {}))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from exc


def _value(setting: Setting, toml: dict[str, Any]) -> Any:
    short = setting.name.removeprefix("scheduler_")
    raw = os.environ.get(setting.env) or toml.get(short, setting.default)
    if isinstance(setting.default, int):
        try:
            number = float(raw)
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"{setting.env} must be a number, not {raw!r}") from exc
        if number <= 0 and short != "misfire_grace":
            raise ConfigError(f"{setting.env} must be positive, not {raw!r}")
        return int(number) if short in ("max_concurrent_crawls", "misfire_grace") else number
    return str(raw)


def load_settings() -> SchedulerSettings:
    toml = _toml_section()
    values = {s.name.removeprefix("scheduler_"): _value(s, toml) for s in SETTINGS}
    return SchedulerSettings(**values)
