"""``vnarchive web`` on the command line: where it listens, what it refuses, and the demo
that names it."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import vnarchive
from tests.vnarchive.web.conftest import start_server, stop_server


def test_the_demo_ends_by_naming_the_web_app() -> None:
    from sandbox import Sandbox
    from vnarchive.commands.demo import next_steps

    steps = next_steps(Sandbox(seed=1, pages_per_portal=2), "data/demo")
    assert any(" web --data-dir data/demo" in step for step in steps)


def test_another_address_without_a_token_is_refused_in_one_line(tmp_path: Path) -> None:
    run = vnarchive("web", "--host", "0.0.0.0", "--port", "8089", data_dir=tmp_path)
    assert run.returncode == 2
    assert run.stderr.strip().count("\n") == 0 and "VNARCHIVE_WEB_TOKEN" in run.stderr


def test_bad_options_are_one_line(tmp_path: Path) -> None:
    run = vnarchive("web", "--port", "70000", data_dir=tmp_path)
    assert run.returncode == 2 and "70000" in run.stderr
    assert run.stderr.strip().count("\n") == 0


def test_it_serves_an_empty_archive_on_loopback(tmp_path: Path) -> None:
    import httpx

    server = start_server(tmp_path / "archive", {}, token=None)
    try:
        home = httpx.get(server.base + "/", headers={"Accept": "application/json"})
        assert home.status_code == 200
        csp = httpx.get(server.base + "/").headers["content-security-policy"]
        assert "default-src 'self'" in csp
        assert httpx.get(server.base + "/search?q=dang").status_code == 200
    finally:
        stop_server(server)
