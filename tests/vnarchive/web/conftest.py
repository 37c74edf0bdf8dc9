"""The web app on real archives: in-process (Starlette's test client, over httpx) for the
HTTP API, and as the real ``vnarchive web`` command for pywb and the browser."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import Crawl, Recrawl

TOKEN = "s3cret-token-for-tests"
JSON = {"Accept": "application/json"}

warnings.filterwarnings("ignore", message=".*httpx.*starlette.testclient.*")


def client_for(archive: Crawl | Recrawl, token: str | None = TOKEN):  # noqa: ANN201
    from starlette.testclient import TestClient

    from vnarchive.web.app import create_app

    config = archive.backend.config(archive.data_dir)
    app = create_app(config, token=token, poll_interval=0.01)
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture(scope="module")
def web(crawled: Crawl) -> Iterator[object]:
    """The app on the crawl of the whole sandbox (one per backend)."""
    with client_for(crawled) as client:
        yield client


@pytest.fixture(scope="module")
def web_recrawled(recrawled: Recrawl) -> Iterator[object]:
    """The app on the sandbox crawled three times, the clock moved before the third."""
    with client_for(recrawled) as client:
        yield client


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """``vnarchive web`` running in a subprocess on 127.0.0.1."""

    port: int
    process: subprocess.Popen[bytes]

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def start_server(data_dir: Path, env: dict[str, str], token: str | None = TOKEN) -> Server:
    port = free_port()
    full_env = {**os.environ, **env}
    full_env.pop("VNARCHIVE_DATA_DIR", None)
    full_env.pop("VNARCHIVE_WEB_TOKEN", None)
    if token:
        full_env["VNARCHIVE_WEB_TOKEN"] = token
    argv = [sys.executable, "-m", "vnarchive", "web", "--port", str(port),
            "--data-dir", str(data_dir)]  # fmt: skip
    process = subprocess.Popen(
        argv, env=full_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return Server(port, process)
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                err = process.stderr.read().decode() if process.stderr else ""
                process.kill()
                raise RuntimeError(f"vnarchive web did not start: {err}") from None
            time.sleep(0.1)


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.process.kill()
