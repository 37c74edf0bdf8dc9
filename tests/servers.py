"""Real database servers for tests and benchmarks, started here on a free port in a
temporary folder and stopped afterwards: PostgreSQL and Redis from Debian's server binaries
(``scripts/system-packages.sh`` installs them).

As root (CI, this machine), the server runs as the ``postgres`` user: PostgreSQL refuses to
run as root.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if found:
        return found[-1]
    path = shutil.which(name)
    if path is None:
        raise RuntimeError(
            f"PostgreSQL's {name} is missing: run scripts/system-packages.sh (as root)"
        )
    return path


def _as_postgres() -> dict[str, Any]:
    """subprocess options that drop root for the postgres user (PostgreSQL refuses root)."""
    if os.getuid() != 0:
        return {}
    user = pwd.getpwnam("postgres")
    return {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}


@dataclass
class PostgresServer:
    port: int
    root: Path
    user: str = "postgres"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/{database}"

    def execute(self, sql: str, database: str = "postgres") -> None:
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", port=self.port, user=self.user, dbname=database, autocommit=True
        ) as conn:
            conn.execute(sql)  # type: ignore[arg-type]

    def create_database(self, name: str, template: str | None = None) -> str:
        tmpl = f" TEMPLATE {template}" if template else ""
        self.execute(f'CREATE DATABASE "{name}"{tmpl}')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def postgres_server(root: Path | None = None, **settings: str) -> Iterator[PostgresServer]:
    """A PostgreSQL server of our own, for as long as the context lasts; its cluster in a
    temporary folder, or in ``root`` (kept, and reused when it exists: for benchmarks)."""
    keep = root is not None
    root = Path(root) if root is not None else Path(tempfile.mkdtemp(prefix="vnarchive-pg-"))
    root.mkdir(parents=True, exist_ok=True)
    data = root / "data"
    owner = _as_postgres()
    if owner:
        os.chown(root, owner["user"], owner["group"])
    if not (data / "PG_VERSION").exists():
        subprocess.run(
            [_pg_bin("initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E",
             "UTF8", "--locale=C.UTF-8", "--no-sync"],
            check=True, capture_output=True, **owner,
        )  # fmt: skip
    port = free_port()
    options = {
        "port": str(port),
        "listen_addresses": "127.0.0.1",
        "unix_socket_directories": str(root),
        "fsync": "off",
        "synchronous_commit": "off",
        "full_page_writes": "off",
        "max_connections": "200",
        **settings,
    }
    opts = " ".join(f"-c {k}={v}" for k, v in options.items())
    subprocess.run(
        [_pg_bin("pg_ctl"), "-D", str(data), "-o", opts, "-l", str(root / "log"), "-w",
         "-t", "60", "start"],
        check=True, capture_output=True, **owner,
    )  # fmt: skip
    server = PostgresServer(port, root)
    try:
        _wait_ready(server)
        yield server
    finally:
        subprocess.run(
            [_pg_bin("pg_ctl"), "-D", str(data), "-m", "fast" if keep else "immediate", "-w",
             "stop"],
            capture_output=True, **owner,
        )  # fmt: skip
        if not keep:
            shutil.rmtree(root, ignore_errors=True)


def _wait_ready(server: PostgresServer, timeout: float = 30) -> None:
    import psycopg

    deadline = time.monotonic() + timeout
    while True:
        try:
            server.execute("SELECT 1")
            return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@contextlib.contextmanager
def redis_server() -> Iterator[str]:
    """A Redis server of our own (no persistence), for as long as the context lasts: its
    URL."""
    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not Path(binary).exists():
        raise RuntimeError("redis-server is missing: run scripts/system-packages.sh (as root)")
    root = Path(tempfile.mkdtemp(prefix="vnarchive-redis-"))
    port = free_port()
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(root), "--save", "",
         "--appendonly", "no", "--protected-mode", "no"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"redis://127.0.0.1:{port}/0"
    try:
        import redis

        client = redis.Redis.from_url(url)
        deadline = time.monotonic() + 30
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.05)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(root, ignore_errors=True)


TOOLS = Path(__file__).resolve().parents[1] / ".tools-venv" / "bin"


@contextlib.contextmanager
def pywb_server(root: Path, warcs: list[Path] | None = None) -> Iterator[int]:
    """pywb's ``wayback`` on a free port, serving collection ``vn`` from ``root``: made with
    ``wb-manager`` from ``warcs``, or as ``root/config.yaml`` already describes it. Yields
    the port; stopped afterwards."""
    if not (TOOLS / "wayback").exists():
        raise RuntimeError("pywb is not installed: run `make test`, which installs .tools-venv")
    if warcs is not None:
        manager = TOOLS / "wb-manager"
        subprocess.run([manager, "init", "vn"], cwd=root, check=True, capture_output=True)
        subprocess.run([manager, "add", "vn", *warcs], cwd=root, check=True, capture_output=True)
    port = free_port()
    proc = subprocess.Popen(
        [TOOLS / "wayback", "-p", str(port), "-b", "127.0.0.1"],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=10)
