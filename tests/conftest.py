"""Shared fixtures: the real sandbox on 127.0.0.1 and one real crawl of all of it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from sandbox import Sandbox, SandboxServer


SHARED = Path(__file__).resolve().parents[2] / "shared"


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


def vnarchive_bytes(*args: str, data_dir: Path) -> bytes:
    argv = [sys.executable, "-m", "vnarchive", *args, "--data-dir", str(data_dir)]
    return subprocess.run(argv, capture_output=True, check=True, timeout=120).stdout


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


@pytest.fixture(scope="session")
def crawled(
    sandbox: Sandbox, sandbox_server: SandboxServer, tmp_path_factory: pytest.TempPathFactory
) -> Crawl:
    """One crawl of the whole sandbox through the real CLI, shared by the end-to-end tests."""
    data_dir = tmp_path_factory.mktemp("archive")
    run = crawl_sandbox(sandbox, sandbox_server.proxy_url, data_dir)
    return Crawl(data_dir, run, sandbox_server, sandbox)


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


@pytest.fixture(scope="session")
def recrawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Recrawl]:
    from sandbox import Sandbox, SandboxServer

    sandbox = Sandbox(seed=2, pages_per_portal=6)
    data_dir = tmp_path_factory.mktemp("recrawl")
    runs, requests, truth_before = [], [], sandbox.ground_truth()
    bodies = {a["url"]: sandbox.render(a["url"])[2] for a in truth_before}
    with SandboxServer(sandbox) as server:
        for step in range(3):
            if step == 2:
                sandbox.advance(days=2)
            seen = len(server.requests)
            runs.append(crawl_sandbox(sandbox, server.proxy_url, data_dir))
            requests.append(list(server.requests[seen:]))
        yield Recrawl(data_dir, runs, server, sandbox, truth_before, bodies, requests)
