"""Helpers for benchmarks: a sandbox in a subprocess, measured commands, markdown tables."""

from __future__ import annotations

import json
import os
import resource
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psutil


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class SandboxProcess:
    port: int

    @property
    def proxy(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def control(self, path: str, method: str = "GET") -> object:
        request = urllib.request.Request(self.proxy + path, method=method)
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(request, timeout=30) as response:
            return json.loads(response.read())

    def portal_urls(self) -> list[str]:
        return [f"http://{p['host']}/" for p in self.control("/_sandbox/portals.json")]

    def portal_requests(self) -> int:
        log = self.control("/_sandbox/requests.json")
        return sum(1 for r in log if not r["host"].startswith(("127.0.0.1", "localhost")))


@contextmanager
def sandbox_process(
    pages_per_portal: int, latency_ms: int, seed: int = 1
) -> Iterator[SandboxProcess]:
    port = free_port()
    argv = [
        sys.executable,
        "-m",
        "vnarchive",
        "sandbox",
        "serve",
        "--port",
        str(port),
        "--pages-per-portal",
        str(pages_per_portal),
        "--latency-ms",
        str(latency_ms),
        "--seed",
        str(seed),
    ]
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    sandbox = SandboxProcess(port)
    try:
        for _ in range(300):
            try:
                sandbox.control("/_sandbox/portals.json")
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("the sandbox did not start")
        yield sandbox
    finally:
        proc.terminate()
        proc.wait(timeout=10)


_PG: list[object] = []  # the bench's PostgreSQL server, started on first use


@contextmanager
def database_for(backend: str) -> Iterator[dict[str, str]]:
    """Environment for a run on ``backend``: nothing for SQLite (the data dir's file), a
    fresh database on a PostgreSQL server of the bench's own (started once, dropped at
    exit) for ``postgresql``."""
    if backend == "sqlite":
        yield {}
        return
    import atexit

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.servers import postgres_server

    if not _PG:
        context = postgres_server()
        _PG.append(context.__enter__())
        atexit.register(context.__exit__, None, None, None)
    server = _PG[0]
    name = f"bench_{len(_NAMES)}"
    _NAMES.append(name)
    url = server.create_database(name)  # type: ignore[attr-defined]
    subprocess.run(
        [sys.executable, "-m", "vnarchive", "db", "upgrade"],
        env={**os.environ, "VNARCHIVE_DB_URL": url}, check=True, capture_output=True,
    )  # fmt: skip
    try:
        yield {"VNARCHIVE_DB_URL": url}
    finally:
        server.drop_database(name)  # type: ignore[attr-defined]


_NAMES: list[str] = []


@dataclass
class Measured:
    returncode: int
    wall: float
    cpu: float
    peak_rss: int  # of the process and its children (extraction workers)
    peak_main: int = 0  # of the process alone


def _tree_rss(proc: psutil.Process) -> int:
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def measure(argv: Sequence[str], env: dict[str, str] | None = None) -> Measured:
    """Run a command; wall time, CPU seconds of it and its children, peak RSS of the tree."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    proc = subprocess.Popen(
        list(argv),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
    )
    ps = psutil.Process(proc.pid)
    peak = peak_main = 0

    def poll() -> None:
        nonlocal peak, peak_main
        while proc.poll() is None:
            try:
                peak = max(peak, _tree_rss(ps))
                peak_main = max(peak_main, ps.memory_info().rss)
            except psutil.Error:
                pass
            time.sleep(0.05)

    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    code = proc.wait()
    watcher.join()
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Measured(code, wall, cpu, peak, peak_main)


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)
