"""Shared fixtures: the database backends (SQLite and a real PostgreSQL), the real sandbox
on 127.0.0.1 and one real crawl of all of it per backend."""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from archive.config import ArchiveConfig
    from sandbox import Sandbox, SandboxServer
    from tests.servers import PostgresServer


SHARED = Path(__file__).resolve().parents[2] / "shared"
# Crawls of the sandbox read its official documents; OCR of its scans (a minute of CPU per
# crawl) is left to the tests of documents, which ask for it (VNARCHIVE_OCR=1): elsewhere
# the scans are archived and marked needs_ocr.
os.environ.setdefault("VNARCHIVE_OCR", "0")
BACKENDS = ("sqlite", "postgresql")
_names = itertools.count(1)


@dataclass
class Backend:
    """Where a test's archive database lives: SQLite in its data dir, or a database of its
    own on the session's PostgreSQL server (made from a migrated template)."""

    name: str
    server: PostgresServer | None = None
    urls: dict[Path, str] = field(default_factory=dict)

    def db_url(self, data_dir: Path) -> str | None:
        if self.server is None:
            return None
        key = Path(data_dir).resolve()
        if key not in self.urls:
            name = f"test_{os.getpid()}_{next(_names)}"
            self.urls[key] = self.server.create_database(name, template="vnarchive_template")
        return self.urls[key]

    def config(self, data_dir: Path, **settings: Any) -> ArchiveConfig:
        from archive.config import load_config

        return load_config(data_dir, db_url=self.db_url(data_dir), **settings)

    def sessions(self, data_dir: Path) -> Any:
        from archive.db.engine import open_database

        return open_database(self.config(data_dir))

    def env(self, data_dir: Path) -> dict[str, str]:
        """Environment for a CLI subprocess working on ``data_dir``'s archive."""
        url = self.db_url(data_dir)
        return {"VNARCHIVE_DB_URL": url} if url else {}

    @contextlib.contextmanager
    def connect(self, data_dir: Path) -> Iterator[Any]:
        """A SQLAlchemy connection to ``data_dir``'s database, in a transaction committed at
        the end: for tests that look at (or damage) rows directly."""
        from archive.db.engine import make_engine

        engine = make_engine(self.config(data_dir))
        try:
            with engine.begin() as conn:
                yield conn
        finally:
            engine.dispose()

    def rows(self, data_dir: Path, sql: str, **params: Any) -> list[tuple[Any, ...]]:
        from sqlalchemy import text

        with self.connect(data_dir) as conn:
            return [tuple(r) for r in conn.execute(text(sql), params)]

    def db(self, data_dir: Path) -> Db:
        return Db(self, data_dir)

    def copy(self, source: Path, target: Path) -> Path:
        """A copy of an archive (its files, and its database) that a test may damage."""
        shutil.copytree(source, target, ignore=shutil.ignore_patterns("logs"))
        if self.server is not None:
            src = self.db_url(source)
            assert src is not None
            src_name = src.rsplit("/", 1)[1]
            self.server.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                f"WHERE datname = '{src_name}' AND pid <> pg_backend_pid()"
            )
            name = f"test_{os.getpid()}_{next(_names)}"
            self.urls[Path(target).resolve()] = self.server.create_database(name, template=src_name)
        return target


class Rows(list):
    def fetchall(self) -> list[tuple[Any, ...]]:
        return list(self)

    def fetchone(self) -> tuple[Any, ...] | None:
        return self[0] if self else None


class Db:
    """An archive's database as a test sees it, on either backend: ``execute(sql, args)``
    with ``?`` placeholders, in a transaction committed when the ``with`` block ends."""

    def __init__(self, backend: Backend, data_dir: Path) -> None:
        self.backend, self.data_dir = backend, data_dir
        self._cm: Any = None
        self.conn: Any = None

    def __enter__(self) -> Db:
        self._cm = self.backend.connect(self.data_dir)
        self.conn = self._cm.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._cm.__exit__(*exc)

    def execute(self, sql: str, args: tuple[Any, ...] | list[Any] = ()) -> Rows:
        from sqlalchemy import text

        parts = sql.split("?")
        named = parts[0] + "".join(f":p{i}{part}" for i, part in enumerate(parts[1:]))
        params = {f"p{i}": value for i, value in enumerate(args)}
        result = self.conn.execute(text(named), params)
        return Rows(tuple(r) for r in result) if result.returns_rows else Rows()


def as_json(value: Any) -> Any:
    """A JSON column as read raw: text on SQLite, already parsed on PostgreSQL."""
    return json.loads(value) if isinstance(value, str | bytes) else value


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    """One real PostgreSQL server for the session, with a migrated template database."""
    from archive.config import load_config
    from archive.db.engine import make_engine, upgrade
    from tests.servers import postgres_server

    with postgres_server() as server:
        url = server.create_database("vnarchive_template")
        engine = make_engine(load_config("/nonexistent", db_url=url))
        upgrade(engine)
        engine.dispose()
        yield server


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """One real Redis server for the session (Debian's redis-server): its URL."""
    from tests.servers import redis_server

    with redis_server() as url:
        yield url


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> Backend:
    """Each test that takes it runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return Backend("sqlite")
    return Backend("postgresql", request.getfixturevalue("pg_server"))


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str


def vnarchive(
    *args: str, data_dir: Path | None = None, check: bool = False, env: dict[str, str] | None = None
) -> Run:
    """Run the real CLI in a subprocess, as a user would."""
    argv = [sys.executable, "-m", "vnarchive", *args]
    if data_dir is not None:
        argv += ["--data-dir", str(data_dir)]
    full_env = {**os.environ, "COLUMNS": "200", **(env or {})}
    full_env.pop("VNARCHIVE_DATA_DIR", None)
    proc = subprocess.run(argv, capture_output=True, text=True, env=full_env, timeout=600)
    run = Run(proc.returncode, proc.stdout, proc.stderr)
    if check:
        assert run.returncode == 0, f"{args} failed:\n{run.stdout}\n{run.stderr}"
    return run


def crawl_argv(sandbox: Sandbox, proxy_url: str, data_dir: Path) -> list[str]:
    """The command line of a real crawl of the whole sandbox, through its proxy."""
    return [
        sys.executable,
        "-m",
        "vnarchive",
        *_crawl_args(sandbox, proxy_url),
        "--data-dir",
        str(data_dir),
    ]


def crawl_sandbox(
    sandbox: Sandbox, proxy_url: str, data_dir: Path, env: dict[str, str] | None = None
) -> Run:
    """A real crawl of the whole sandbox through the CLI; it must succeed."""
    return vnarchive(*_crawl_args(sandbox, proxy_url), data_dir=data_dir, check=True, env=env)


def _crawl_args(sandbox: Sandbox, proxy_url: str) -> list[str]:
    return ["crawl", *sandbox.portal_urls(), "--proxy", proxy_url, "--delay", "0"]


TOOLS = Path(__file__).resolve().parents[1] / ".tools-venv"


def warcio_check(files: list[str], verbose: bool = True) -> subprocess.CompletedProcess[str]:
    """``warcio check`` as a third party runs it: from the readers' own environment
    (.tools-venv, with pywb), whose brotli module is the one warcio is written for
    (brotlipy); Scrapy's brotli in the project's environment has another API."""
    warcio = TOOLS / "bin" / "warcio"
    assert warcio.exists(), "the readers' environment is missing: run `make test`"
    argv = [str(warcio), "check", *(["-v"] if verbose else []), *files]
    return subprocess.run(argv, capture_output=True, text=True)


def vnarchive_bytes(*args: str, data_dir: Path, env: dict[str, str] | None = None) -> bytes:
    argv = [sys.executable, "-m", "vnarchive", *args, "--data-dir", str(data_dir)]
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(argv, capture_output=True, check=True, timeout=120, env=full_env).stdout


@pytest.fixture(scope="session")
def sandbox() -> Sandbox:
    from sandbox import Sandbox

    return Sandbox(seed=1, pages_per_portal=10)


@pytest.fixture(scope="session")
def sandbox_server(sandbox: Sandbox) -> Iterator[SandboxServer]:
    from sandbox import SandboxServer

    with SandboxServer(sandbox) as server:
        yield server


@dataclass
class Crawl:
    data_dir: Path
    run: Run
    server: SandboxServer
    sandbox: Sandbox
    backend: Backend

    @property
    def env(self) -> dict[str, str]:
        return self.backend.env(self.data_dir)

    def cli(self, *args: str, check: bool = False) -> Run:
        """The CLI on this crawl's archive."""
        return vnarchive(*args, data_dir=self.data_dir, check=check, env=self.env)

    def db(self) -> Db:
        return self.backend.db(self.data_dir)


@pytest.fixture(scope="session")
def crawled(
    sandbox: Sandbox,
    sandbox_server: SandboxServer,
    tmp_path_factory: pytest.TempPathFactory,
    backend: Backend,
) -> Crawl:
    """One crawl of the whole sandbox through the real CLI, shared by the end-to-end tests
    (one per backend)."""
    data_dir = tmp_path_factory.mktemp(f"archive-{backend.name}")
    run = crawl_sandbox(sandbox, sandbox_server.proxy_url, data_dir, env=backend.env(data_dir))
    return Crawl(data_dir, run, sandbox_server, sandbox, backend)


@dataclass
class Recrawl:
    """The same sandbox crawled three times: first, unchanged, after the clock advanced."""

    data_dir: Path
    runs: list[Run]
    server: SandboxServer
    sandbox: Sandbox
    truth_before: list[dict]
    bodies_before: dict[str, bytes]  # what each article served before the clock moved
    requests_per_crawl: list[list[dict]]
    backend: Backend

    @property
    def env(self) -> dict[str, str]:
        return self.backend.env(self.data_dir)

    def cli(self, *args: str, check: bool = False) -> Run:
        return vnarchive(*args, data_dir=self.data_dir, check=check, env=self.env)

    def db(self) -> Db:
        return self.backend.db(self.data_dir)


@pytest.fixture(scope="session")
def recrawled(tmp_path_factory: pytest.TempPathFactory, backend: Backend) -> Iterator[Recrawl]:
    from sandbox import Sandbox, SandboxServer

    sandbox = Sandbox(seed=2, pages_per_portal=6)
    data_dir = tmp_path_factory.mktemp(f"recrawl-{backend.name}")
    env = backend.env(data_dir)
    runs, requests, truth_before = [], [], sandbox.ground_truth()
    bodies = {a["url"]: sandbox.render(a["url"])[2] for a in truth_before}
    with SandboxServer(sandbox) as server:
        for step in range(3):
            if step == 2:
                sandbox.advance(days=2)
            seen = len(server.requests)
            runs.append(crawl_sandbox(sandbox, server.proxy_url, data_dir, env=env))
            requests.append(list(server.requests[seen:]))
        yield Recrawl(data_dir, runs, server, sandbox, truth_before, bodies, requests, backend)
