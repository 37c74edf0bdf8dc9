"""``show`` of a redirect names its target, and ``sandbox serve`` takes ``--data-dir`` as
every command does: both against the real sandbox on 127.0.0.1."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from pathlib import Path

from sandbox import SandboxServer
from tests.conftest import vnarchive

HOME = "http://kinhmon.haiduong.gov.vn.test/"  # an ASP.NET-style portal: / → 302 /Default.aspx
TARGET = "http://kinhmon.haiduong.gov.vn.test/Default.aspx"


def test_show_of_a_redirect_names_its_target(tmp_path: Path, sandbox_server: SandboxServer) -> None:
    crawl = ("crawl", HOME, "--proxy", sandbox_server.proxy_url, "--delay", "0", "--max-pages", "3")
    vnarchive(*crawl, data_dir=tmp_path, check=True)
    status, headers, body = sandbox_server.sandbox.render(HOME)
    assert status == 302 and headers["Location"] == TARGET

    raw = subprocess.run(
        [sys.executable, "-m", "vnarchive", "show", HOME, "--raw", "--data-dir", str(tmp_path)],
        capture_output=True,
        timeout=120,
    )
    assert raw.returncode == 0, raw.stderr
    assert raw.stdout == body  # the archived body, untouched: no line added to it
    assert raw.stderr.decode().strip() == (
        f"vnarchive: HTTP 302: redirects to {TARGET} (vnarchive show {TARGET})"
    )

    text = vnarchive("show", HOME, data_dir=tmp_path, check=True).stdout
    assert f"HTTP 302: redirects to {TARGET}" in text
    shown = json.loads(vnarchive("show", HOME, "--json", data_dir=tmp_path, check=True).stdout)
    assert (shown["status"], shown["redirect_to"]) == (302, TARGET)

    article = vnarchive("show", TARGET, "--raw", data_dir=tmp_path, check=True)
    assert article.stderr == ""  # a page that is not a redirect: nothing on stderr


def test_sandbox_serve_accepts_data_dir_and_keeps_nothing_there(tmp_path: Path) -> None:
    data = tmp_path / "data"
    server = subprocess.Popen(
        [sys.executable, "-m", "vnarchive", "sandbox", "serve", "--port", "0",
         "--pages-per-portal", "2", "--data-dir", str(data)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        first = server.stdout.readline() if server.stdout else ""
        assert first.startswith("Sandbox proxy http://127.0.0.1:"), server.stderr
        proxy = first.split()[2]
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({"http": proxy}))
        with opener.open("http://haiduong.gov.vn.test/robots.txt", timeout=30) as answer:
            assert answer.status == 200
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert not data.exists()
