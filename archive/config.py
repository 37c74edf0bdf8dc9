"""One settings registry for the archive, the crawl and the scheduler.

Every setting is declared once in ``SETTINGS`` with its default, its help and how its value is
read. Precedence: explicit argument (a CLI flag) > environment (``VNARCHIVE_<NAME>``) >
``vnarchive.toml`` in the working directory > default. In ``vnarchive.toml`` a setting is
written by its name at the top level (``warc_max_size = 500000000``) or, for a section's
settings, in its table without the prefix (``[scheduler]`` / ``every_commune = "14d"``).

A value that cannot be used is a ``ConfigError`` naming the setting and where the value came
from: the CLI prints it as one line and exits with code 2.
"""

from __future__ import annotations

import ipaddress
import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from archive.errors import ConfigError

DEFAULT_DATA_DIR = "data"
DEFAULT_WARC_MAX_SIZE = 1_000_000_000
CONFIG_FILE = "vnarchive.toml"
SECTIONS = ("scheduler",)  # settings named <section>_<key> may be written in [section]


# -- how a raw value (a string from the environment, anything from TOML) is read ----------
def _text(value: Any) -> str:
    if not isinstance(value, str | int | float | os.PathLike) or isinstance(value, bool):
        raise ValueError("must be a string")
    return os.fspath(value) if isinstance(value, os.PathLike) else str(value)


def _optional(value: Any) -> str | None:
    return _text(value).strip() or None


def _proxy(value: Any) -> str | None:
    text = _optional(value)
    if text is None:
        return None
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("must be an http://HOST:PORT proxy URL")
    try:
        port = parts.port
    except ValueError:
        port = 0
    if port == 0:
        raise ValueError("must have a port from 1 to 65535")
    return text


def _networks(value: Any) -> str:
    text = _text(value).strip()
    for item in (i.strip() for i in text.split(",")):
        if item:
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError:
                raise ValueError(f"has {item!r}, which is not a network (10.8.0.0/16)") from None
    return text


def _integer(minimum: int | None = None, maximum: int | None = None) -> Callable[[Any], int]:
    def parse(value: Any) -> int:
        if isinstance(value, bool):
            raise ValueError("must be a whole number")
        try:
            number = int(str(value).strip().replace("_", ""))
        except ValueError:
            raise ValueError("must be a whole number") from None
        if minimum is not None and number < minimum:
            raise ValueError(f"must be at least {minimum}")
        if maximum is not None and number > maximum:
            raise ValueError(f"must be at most {maximum}")
        return number

    return parse


def _share(value: Any) -> float:
    number = _number(above=0)(value)
    if number > 1:
        raise ValueError("must be at most 1")
    return number


def _number(minimum: float | None = None, above: float | None = None) -> Callable[[Any], float]:
    def parse(value: Any) -> float:
        if isinstance(value, bool):
            raise ValueError("must be a number")
        try:
            number = float(str(value).strip())
        except ValueError:
            raise ValueError("must be a number") from None
        if number != number or number in (float("inf"), float("-inf")):
            raise ValueError("must be a finite number")
        if minimum is not None and number < minimum:
            raise ValueError(f"must be at least {minimum:g}")
        if above is not None and number <= above:
            raise ValueError(f"must be more than {above:g}")
        return number

    return parse


_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError("must be true or false (1/0, yes/no)")


def _choice(*choices: str) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        text = _text(value).strip().removeprefix("WARC/")
        if text not in choices:
            raise ValueError("must be one of " + ", ".join(choices))
        return text

    return parse


_INTERVAL = re.compile(r"(\d+[smhdw])+")


def _interval(value: Any) -> str:
    """``30m``, ``12h``, ``3d``, ``1w`` or a sum such as ``1d12h``: what ``--every`` takes."""
    text = _text(value).strip().lower().replace(" ", "")
    if not _INTERVAL.fullmatch(text):
        raise ValueError("must be an interval such as 30m, 12h, 3d, 1w or 1d12h")
    if not re.search(r"[1-9]", text):
        raise ValueError("must be more than zero")
    return text


_DB_SCHEMES = ("sqlite", "postgresql")


def _db_url(value: Any) -> str | None:
    text = _optional(value)
    if text is not None and text.split(":", 1)[0].split("+", 1)[0] not in _DB_SCHEMES:
        raise ValueError("must be a sqlite:/// or postgresql+psycopg:// URL")
    return text


_REDIS_SCHEMES = ("redis", "rediss", "unix")


def _redis_url(value: Any) -> str | None:
    text = _optional(value)
    if text is not None and text.split(":", 1)[0] not in _REDIS_SCHEMES:
        raise ValueError("must be a redis://HOST:PORT/DB URL")
    return text


_STORE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


def _store_name(value: Any) -> str:
    text = _text(value)
    if not _STORE_NAME.fullmatch(text):
        raise ValueError("must be a name of letters, digits, '.', '_' or '-' (at most 64)")
    return text


def _store_folders(value: Any) -> tuple[tuple[str, Path], ...]:
    """``NAME=FOLDER[,NAME=FOLDER…]``: where the WARC stores of other machines are here."""
    text = _optional(value)
    out: dict[str, Path] = {}
    for part in (text or "").split(","):
        if not part.strip():
            continue
        name, sep, folder = (p.strip() for p in part.partition("="))
        if not sep or not _STORE_NAME.fullmatch(name) or not folder:
            raise ValueError("must be NAME=FOLDER pairs separated by commas")
        if "://" in folder and not folder.startswith("file://"):
            raise ValueError("must name local folders or mounts (no other kind of store yet)")
        out[name] = Path(folder.removeprefix("file://")).expanduser()
    return tuple(out.items())


@dataclass(frozen=True)
class Setting:
    """One setting: its name (in vnarchive.toml), default, help, and how a value is read."""

    name: str
    default: Any
    help: str
    parse: Callable[[Any], Any] = _text

    @property
    def env(self) -> str:
        return "VNARCHIVE_" + self.name.upper()

    def read(self, value: Any, source: str) -> Any:
        try:
            return self.parse(value)
        except ValueError as exc:
            if source == "option":
                name = "--" + self.name.replace("_", "-")
                raise ConfigError(f"{name} {exc}, not {value!r}") from None
            raise ConfigError(f"{source}: {self.env} {exc}, not {value!r}") from None


SETTINGS: tuple[Setting, ...] = (
    # -- where the archive lives -------------------------------------------------------------
    Setting("data_dir", DEFAULT_DATA_DIR, "folder holding the database, WARCs and logs"),
    Setting(
        "db_url",
        None,
        "SQLAlchemy URL of the database: sqlite:///PATH (default: <data_dir>/archive.sqlite3) "
        "or postgresql+psycopg://USER@HOST/DB",
        _db_url,
    ),
    Setting("warc_dir", None, "folder for WARC files (default: <data_dir>/warcs)", _optional),
    Setting("log_dir", None, "folder for crawl logs (default: <data_dir>/logs)", _optional),
    Setting(
        "warc_max_size",
        DEFAULT_WARC_MAX_SIZE,
        "bytes after which a WARC file is rotated",
        _integer(minimum=10_000),
    ),
    Setting("warc_version", "1.1", "WARC version written: 1.1 or 1.0", _choice("1.1", "1.0")),
    Setting("warc_prefix", "vnarchive", "prefix of WARC file names"),
    Setting(
        "warc_store",
        "local",
        "name of the WARC store this machine writes to (its VNARCHIVE_WARC_DIR), recorded "
        "with every capture: readers on other machines find the file through "
        "VNARCHIVE_WARC_STORES",
        _store_name,
    ),
    Setting(
        "warc_stores",
        None,
        "where the WARC stores of other machines are mounted here: NAME=FOLDER,… (a store "
        "not listed is looked for in VNARCHIVE_WARC_DIR)",
        _store_folders,
    ),
    Setting("operator", "", "who runs the crawls, written in every warcinfo record"),
    # -- the crawl ------------------------------------------------------------------------
    Setting("proxy", None, "HTTP proxy for every request of a crawl (e.g. the sandbox's)", _proxy),
    Setting(
        "allow_networks",
        "",
        "networks a crawl may request although they are not public (comma-separated CIDRs, "
        "e.g. 10.8.0.0/16 for an intranet portal); loopback, link-local and private "
        "addresses are refused otherwise",
        _networks,
    ),
    Setting(
        "max_pages",
        100_000,
        "pages a crawl fetches of one portal at most (0: no limit); the summary says when "
        "a portal reached it",
        _integer(minimum=0),
    ),
    Setting(
        "max_depth",
        500,
        "links followed from a portal's home page at most (0: no limit)",
        _integer(minimum=0),
    ),
    Setting(
        "max_pagination",
        2000,
        "page numbers a listing may go to (?page=N): beyond, the URL is a trap, not followed",
        _integer(minimum=1),
    ),
    Setting(
        "max_calendar",
        500,
        "URLs of one dated shape (a calendar: /lich/2024/01/31) a crawl follows per portal",
        _integer(minimum=1),
    ),
    Setting(
        "max_links",
        1000,
        "links a crawl follows from one page at most (a page of 100,000 links is a trap)",
        _integer(minimum=1),
    ),
    Setting(
        "download_timeout",
        30.0,
        "seconds a response may take to arrive in full before the request fails",
        _number(minimum=1),
    ),
    Setting(
        "max_retry_after",
        120.0,
        "seconds a portal that answers 429 or 503 with Retry-After is waited for at most",
        _number(minimum=0),
    ),
    Setting(
        "max_sitemaps",
        500,
        "sitemaps a crawl reads per portal (an index's children included)",
        _integer(minimum=1),
    ),
    Setting(
        "revalidate_after_days",
        30.0,
        "a page its sitemap says unchanged is not requested if our copy is younger than this "
        "many days (0: every page is requested, conditionally)",
        _number(minimum=0),
    ),
    Setting(
        "extract",
        True,
        "extract article text during a crawl (false: captures only; `reextract --pending` later)",
        _boolean,
    ),
    Setting(
        "ocr",
        True,
        "read scanned PDF pages with Tesseract (vie) while indexing (false: such files are "
        "archived and marked needs_ocr; `reextract --ocr` reads them later)",
        _boolean,
    ),
    Setting(
        "max_document_size",
        100 * 1024 * 1024,
        "bytes of an official document (PDF, DOC, XLS, zip…) a crawl downloads at most; a "
        "larger one is not archived and counted as too large",
        _integer(minimum=1024),
    ),
    Setting(
        "extract_workers",
        None,
        "extraction processes behind a crawl (default: one per core; 0: in the crawl's process)",
        _integer(minimum=0, maximum=64),
    ),
    Setting(
        "extract_niceness",
        10,
        "niceness of the extraction processes: the crawl goes first when cores are short",
        _integer(minimum=0, maximum=19),
    ),
    Setting(
        "capture_thread",
        True,
        "write captures and look up earlier ones in a thread of their own, off the crawl's "
        "event loop (false: on it, as before; for comparison only)",
        _boolean,
    ),
    Setting(
        "progress_interval",
        5.0,
        "seconds between a running crawl's heartbeats, with its live counts, in its job row "
        "(what `jobs` and `health` show) and between its progress lines when its output is "
        "not a terminal (a terminal's line is redrawn every second)",
        _number(minimum=0.1),
    ),
    # -- syndication ----------------------------------------------------------------------
    Setting(
        "syndication_containment",
        0.6,
        "two texts tell one story (a repost, an edit) when this share of the shorter one's "
        "5-word shingles is in the longer (docs/benchmarks.md: precision and recall by value)",
        _share,
    ),
    Setting(
        "syndication_length_ratio",
        0.4,
        "two such texts must also be of comparable length: the shorter has at least this "
        "share of the longer's words",
        _share,
    ),
    # -- search ---------------------------------------------------------------------------
    Setting(
        "search_count_limit",
        10_000,
        "a search counts its matches up to this many; beyond, its total is given as "
        "'more than' this (counting every match of a common word costs time)",
        _integer(minimum=100),
    ),
    # -- several machines -----------------------------------------------------------------
    Setting(
        "redis_url",
        None,
        "Redis holding the crawl job queue and the crawls' frontier (redis://HOST:PORT/DB): "
        "set, `crawl` and the scheduler enqueue jobs for `vnarchive worker crawl`; unset, "
        "every crawl runs in a process of its own on this machine",
        _redis_url,
    ),
    Setting(
        "worker_lease",
        30.0,
        "seconds a crawl worker holds its job without renewing it; a worker silent longer "
        "(killed, cut off) loses the job to another worker, which resumes it",
        _number(minimum=1),
    ),
    Setting(
        "shared_host_delay",
        0.0,
        "seconds between two requests of all crawl workers together to a host none of them "
        "leases (a province's file host, a CDN); 0: the crawl's delay (--delay)",
        _number(minimum=0),
    ),
    Setting(
        "worker_id",
        None,
        "a crawl worker's name, in its WARC files and its jobs' rows (default: <host>-<pid>)",
        _optional,
    ),
    # -- the scheduler --------------------------------------------------------------------
    Setting(
        "scheduler_max_concurrent_crawls",
        2,
        "crawls the scheduler runs at the same time at most",
        _integer(minimum=1),
    ),
    Setting(
        "scheduler_misfire_grace",
        3600,
        "seconds a late run may still start; later: missed",
        _integer(minimum=0),
    ),
    Setting(
        "scheduler_shutdown_grace",
        60.0,
        "seconds running crawls get to finish on SIGTERM",
        _number(above=0),
    ),
    Setting(
        "scheduler_kill_grace",
        30.0,
        "seconds an interrupted crawl gets to save its queue",
        _number(above=0),
    ),
    Setting(
        "scheduler_poll_interval",
        5.0,
        "seconds between looks for schedules changed by the CLI (and a standby service's "
        "tries to take over)",
        _number(above=0),
    ),
    Setting(
        "scheduler_min_interval",
        "1m",
        "shortest time allowed between two runs of a schedule; shorter --every or --cron "
        "schedules are refused",
        _interval,
    ),
    Setting("scheduler_every_province", "1d", "default interval of province portals", _interval),
    Setting("scheduler_every_district", "3d", "default interval of district portals", _interval),
    Setting("scheduler_every_commune", "7d", "default interval of commune portals", _interval),
    Setting(
        "scheduler_every_department",
        "7d",
        "default interval of department portals (so*.<province>.gov.vn)",
        _interval,
    ),
    # -- the web app ----------------------------------------------------------------------
    Setting(
        "web_token",
        None,
        "access token for changes in `vnarchive web` (schedules, portals; reading needs none); "
        "unset: no changes, and the app listens on loopback only",
        _optional,
    ),
)
BY_NAME = {s.name: s for s in SETTINGS}


@dataclass(frozen=True)
class SchedulerSettings:
    max_concurrent_crawls: int = 2
    misfire_grace: int = 3600
    shutdown_grace: float = 60
    kill_grace: float = 30
    poll_interval: float = 5
    min_interval: str = "1m"
    every_province: str = "1d"
    every_district: str = "3d"
    every_commune: str = "7d"
    every_department: str = "7d"

    def default_every(self, level: str) -> str:
        return str(getattr(self, f"every_{level}"))


@dataclass(frozen=True)
class ArchiveConfig:
    """Every setting, read and checked."""

    data_dir: Path
    db_url: str
    warc_dir: Path
    log_dir: Path
    warc_max_size: int = DEFAULT_WARC_MAX_SIZE
    warc_version: str = "1.1"
    warc_prefix: str = "vnarchive"
    warc_store: str = "local"
    warc_stores: tuple[tuple[str, Path], ...] = ()  # other machines' stores: (name, folder)
    operator: str = ""
    proxy: str | None = None
    allow_networks: str = ""
    max_pages: int = 100_000
    max_depth: int = 500
    max_pagination: int = 2000
    max_calendar: int = 500
    max_sitemaps: int = 500
    max_links: int = 1000
    max_retry_after: float = 120.0
    download_timeout: float = 30.0
    revalidate_after_days: float = 30.0
    extract: bool = True
    ocr: bool = True
    max_document_size: int = 100 * 1024 * 1024
    extract_workers: int = 1
    extract_niceness: int = 10
    capture_thread: bool = True
    progress_interval: float = 5.0
    search_count_limit: int = 10_000
    syndication_containment: float = 0.6
    syndication_length_ratio: float = 0.4
    scheduler: SchedulerSettings = SchedulerSettings()
    web_token: str | None = None
    redis_url: str | None = None
    worker_lease: float = 30.0
    shared_host_delay: float = 0.0
    worker_id: str | None = None

    @property
    def is_sqlite(self) -> bool:
        return self.db_url.startswith("sqlite")

    def __repr__(self) -> str:  # logged by Scrapy with the crawl's settings: no secrets
        shown = {f.name: getattr(self, f.name) for f in fields(self)}
        shown["db_url"] = mask_password(self.db_url)
        shown["proxy"] = mask_password(self.proxy) if self.proxy else None
        shown["redis_url"] = mask_password(self.redis_url) if self.redis_url else None
        return "ArchiveConfig(" + ", ".join(f"{k}={v!r}" for k, v in shown.items()) + ")"

    @property
    def safe_db_url(self) -> str:
        """The database URL with its password masked, for logs and messages."""
        return mask_password(self.db_url)


def mask_password(url: str) -> str:
    """``scheme://user:***@host/...``: a URL fit to show."""
    return re.sub(r"(//[^/:@]*:)[^/@]*@", r"\1***@", url)


def _read_toml(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from exc


def _from_toml(setting: Setting, toml: dict[str, Any]) -> tuple[bool, Any]:
    if setting.name in toml:
        return True, toml[setting.name]
    for section in SECTIONS:
        short = setting.name.removeprefix(section + "_")
        table = toml.get(section)
        if short != setting.name and isinstance(table, dict) and short in table:
            return True, table[short]
    return False, None


def _value(setting: Setting, overrides: dict[str, Any], toml: dict[str, Any]) -> Any:
    if overrides.get(setting.name) is not None:
        return setting.read(overrides[setting.name], "option")
    raw = os.environ.get(setting.env)
    if raw is not None and raw != "":
        return setting.read(raw, "environment")
    found, value = _from_toml(setting, toml)
    if found:
        return setting.read(value, CONFIG_FILE)
    return setting.default


def sources(data_dir: str | os.PathLike[str] | None = None, **overrides: Any) -> dict[str, str]:
    """Where each setting's value comes from: option, environment, vnarchive.toml, default."""
    toml = _read_toml(Path.cwd() / CONFIG_FILE)
    overrides["data_dir"] = data_dir
    out = {}
    for setting in SETTINGS:
        if overrides.get(setting.name) is not None:
            out[setting.name] = "option"
        elif os.environ.get(setting.env):
            out[setting.name] = "environment"
        elif _from_toml(setting, toml)[0]:
            out[setting.name] = CONFIG_FILE
        else:
            out[setting.name] = "default"
    return out


def settings_table() -> str:
    """The settings as a Markdown table (docs/operations.md holds it; a test keeps it so)."""
    rows = ["| environment | `vnarchive.toml` | default | what |", "|---|---|---|---|"]
    for setting in SETTINGS:
        key = setting.name
        for section in SECTIONS:
            if key.startswith(section + "_"):
                key = f"[{section}] {key.removeprefix(section + '_')}"
        default = "-" if setting.default in (None, "") else f"`{setting.default}`"
        rows.append(f"| `{setting.env}` | `{key}` | {default} | {setting.help} |")
    return "\n".join(rows)


def load_config(data_dir: str | os.PathLike[str] | None = None, **overrides: Any) -> ArchiveConfig:
    """Build the configuration; ``data_dir`` and ``overrides`` (by setting name) win."""
    unknown = set(overrides) - set(BY_NAME)
    if unknown:
        raise TypeError(f"unknown settings: {sorted(unknown)}")
    toml = _read_toml(Path.cwd() / CONFIG_FILE)
    overrides["data_dir"] = data_dir
    values = {s.name: _value(s, overrides, toml) for s in SETTINGS}
    root = Path(values["data_dir"]).expanduser()
    db_url = values["db_url"] or f"sqlite:///{(root / 'archive.sqlite3').resolve()}"
    workers = values["extract_workers"]
    scheduler = SchedulerSettings(
        **{f.name: values[f"scheduler_{f.name}"] for f in fields(SchedulerSettings)}
    )
    return ArchiveConfig(
        data_dir=root,
        db_url=db_url,
        warc_dir=Path(values["warc_dir"] or root / "warcs"),
        log_dir=Path(values["log_dir"] or root / "logs"),
        warc_max_size=values["warc_max_size"],
        warc_version=values["warc_version"],
        warc_prefix=values["warc_prefix"],
        warc_store=values["warc_store"],
        warc_stores=values["warc_stores"] or (),
        operator=values["operator"] or "",
        proxy=values["proxy"],
        allow_networks=values["allow_networks"],
        max_pages=values["max_pages"],
        max_depth=values["max_depth"],
        max_pagination=values["max_pagination"],
        max_calendar=values["max_calendar"],
        max_sitemaps=values["max_sitemaps"],
        max_links=values["max_links"],
        max_retry_after=values["max_retry_after"],
        download_timeout=values["download_timeout"],
        revalidate_after_days=values["revalidate_after_days"],
        extract=values["extract"],
        ocr=values["ocr"],
        max_document_size=values["max_document_size"],
        extract_workers=(os.cpu_count() or 1) if workers is None else workers,
        extract_niceness=values["extract_niceness"],
        capture_thread=values["capture_thread"],
        progress_interval=values["progress_interval"],
        search_count_limit=values["search_count_limit"],
        syndication_containment=values["syndication_containment"],
        syndication_length_ratio=values["syndication_length_ratio"],
        scheduler=scheduler,
        web_token=values["web_token"],
        redis_url=values["redis_url"],
        worker_lease=values["worker_lease"],
        shared_host_delay=values["shared_host_delay"],
        worker_id=values["worker_id"],
    )
