"""Where the archive lives: data dir, database URL, WARC settings.

Precedence: explicit argument (CLI flag) > environment (``VNARCHIVE_*``) > ``vnarchive.toml``
in the working directory > defaults (``./data/archive.sqlite3``, ``./data/warcs/``,
``./data/logs/``).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from archive.errors import ConfigError

DEFAULT_DATA_DIR = "data"
DEFAULT_WARC_MAX_SIZE = 1_000_000_000
CONFIG_FILE = "vnarchive.toml"


@dataclass(frozen=True)
class Setting:
    """One setting: its name in vnarchive.toml, its environment variable, default and help."""

    name: str
    default: Any
    help: str

    @property
    def env(self) -> str:
        return "VNARCHIVE_" + self.name.upper()


SETTINGS = (
    Setting("data_dir", DEFAULT_DATA_DIR, "folder holding the database, WARCs and logs"),
    Setting("db_url", None, "SQLAlchemy URL of the database (default: SQLite in the data dir)"),
    Setting("warc_dir", None, "folder for WARC files (default: <data_dir>/warcs)"),
    Setting("log_dir", None, "folder for crawl logs (default: <data_dir>/logs)"),
    Setting("warc_max_size", DEFAULT_WARC_MAX_SIZE, "bytes after which a WARC file is rotated"),
    Setting("warc_version", "1.1", "WARC version written: 1.1 or 1.0"),
    Setting("warc_prefix", "vnarchive", "prefix of WARC file names"),
    Setting("operator", "", "who runs the crawls, written in every warcinfo record"),
)


@dataclass(frozen=True)
class ArchiveConfig:
    data_dir: Path
    db_url: str
    warc_dir: Path
    log_dir: Path
    warc_max_size: int = DEFAULT_WARC_MAX_SIZE
    warc_version: str = "1.1"
    warc_prefix: str = "vnarchive"
    operator: str = ""

    @property
    def is_sqlite(self) -> bool:
        return self.db_url.startswith("sqlite")


def _read_toml(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from exc


def _lookup(setting: Setting, overrides: dict[str, Any], toml: dict[str, Any]) -> Any:
    if overrides.get(setting.name) is not None:
        return overrides[setting.name]
    if os.environ.get(setting.env):
        return os.environ[setting.env]
    if setting.name in toml:
        return toml[setting.name]
    return setting.default


def load_config(data_dir: str | os.PathLike[str] | None = None, **overrides: Any) -> ArchiveConfig:
    """Build the configuration; ``data_dir`` and ``overrides`` win over everything else."""
    toml = _read_toml(Path.cwd() / CONFIG_FILE)
    overrides["data_dir"] = data_dir
    values = {s.name: _lookup(s, overrides, toml) for s in SETTINGS}
    root = Path(values["data_dir"]).expanduser()
    db_url = values["db_url"] or f"sqlite:///{(root / 'archive.sqlite3').resolve()}"
    version = str(values["warc_version"]).removeprefix("WARC/")
    if version not in ("1.0", "1.1"):
        raise ConfigError(f"warc_version must be 1.0 or 1.1, not {version!r}")
    try:
        max_size = int(values["warc_max_size"])
    except ValueError as exc:
        raise ConfigError(f"warc_max_size must be a number of bytes: {exc}") from exc
    return ArchiveConfig(
        data_dir=root,
        db_url=db_url,
        warc_dir=Path(values["warc_dir"] or root / "warcs"),
        log_dir=Path(values["log_dir"] or root / "logs"),
        warc_max_size=max_size,
        warc_version=version,
        warc_prefix=str(values["warc_prefix"]),
        operator=str(values["operator"] or ""),
    )
