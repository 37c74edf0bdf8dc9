"""Operators and archivists through the app, on a copy of the sandbox crawled three times:
reading is open, changes need the token (a bearer, or a login with a CSRF-checked form),
and a crawl started from the app is followed live, its log too."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Recrawl
from tests.vnarchive.web.conftest import JSON, TOKEN

BEARER = {"Authorization": f"Bearer {TOKEN}", "Accept": "application/json"}
PORTAL = "kinhmon.haiduong.gov.vn.test"


@pytest.fixture(scope="module")
def archive(recrawled: Recrawl, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy that the tests may change (schedules, portals, one more crawl)."""
    target = tmp_path_factory.mktemp("operators") / "archive"
    return recrawled.backend.copy(recrawled.data_dir, target)


@pytest.fixture
def app(recrawled: Recrawl, archive: Path) -> Iterator[object]:
    from starlette.testclient import TestClient

    from vnarchive.web.app import create_app

    config = recrawled.backend.config(archive)
    with TestClient(create_app(config, token=TOKEN, poll_interval=0.05)) as client:
        yield client


def events(text: str) -> list[tuple[str, dict]]:
    """Server-sent events as (event, data) pairs."""
    out = []
    for block in text.split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
        if "event" in fields:
            out.append((fields["event"], json.loads(fields["data"])))
    return out


def test_reading_is_open_and_changing_needs_the_token(app) -> None:
    for path in ("/schedules", "/jobs", "/health", "/portals"):
        assert app.get(path, headers=JSON).status_code == 200, path
    form = {"level": "district", "every": "3d"}
    assert app.post("/schedules", data=form, headers=JSON).status_code == 401
    wrong = {"Authorization": "Bearer nope", "Accept": "application/json"}
    assert app.post("/schedules", data=form, headers=wrong).status_code == 401
    made = app.post("/schedules", data=form, headers=BEARER)
    assert made.status_code == 201 and made.json()["paused"] is False
    listed = app.get("/schedules", headers=JSON).json()["schedules"]
    assert made.json()["id"] in {s["id"] for s in listed}
    gone = app.post(f"/schedules/{made.json()['id']}/remove", headers=BEARER)
    assert gone.status_code == 200 and gone.json()["removed"]


def test_a_login_gives_a_strict_session_and_every_form_needs_its_csrf_value(app) -> None:
    app.cookies.clear()
    app.get("/login")
    csrf = app.cookies["vnarchive_csrf"]
    bad = app.post("/login", data={"token": "nope", "csrf": csrf}, headers=JSON)
    assert bad.status_code == 401
    assert app.post("/login", data={"token": TOKEN}).status_code == 403  # no CSRF value
    ok = app.post(
        "/login", data={"token": TOKEN, "csrf": csrf, "next": "/schedules"}, follow_redirects=False
    )
    assert ok.status_code == 303 and ok.headers["location"] == "/schedules"
    cookie = ok.headers["set-cookie"].lower()
    assert "vnarchive_session=" in cookie and "httponly" in cookie and "samesite=strict" in cookie
    made = app.post("/schedules", data={"level": "commune", "csrf": csrf}, headers=JSON).json()
    stale = app.post(f"/schedules/{made['id']}/pause", data={"csrf": "forged"}, headers=JSON)
    assert stale.status_code == 403 and "CSRF" in stale.json()["error"]
    paused = app.post(f"/schedules/{made['id']}/pause", data={"csrf": csrf}, headers=JSON)
    assert paused.status_code == 200 and paused.json()["paused"] is True
    resumed = app.post(f"/schedules/{made['id']}/resume", data={"csrf": csrf}, headers=JSON)
    assert resumed.json()["paused"] is False
    app.post("/logout", data={"csrf": csrf})
    again = app.post(f"/schedules/{made['id']}/pause", data={"csrf": csrf}, headers=JSON)
    assert again.status_code == 401


def test_without_a_token_the_app_changes_nothing(recrawled: Recrawl, archive: Path) -> None:
    from starlette.testclient import TestClient

    from vnarchive.web.app import create_app

    with TestClient(create_app(recrawled.backend.config(archive), token=None)) as client:
        r = client.post("/schedules", data={"level": "commune"}, headers=BEARER)
        assert r.status_code == 403 and "VNARCHIVE_WEB_TOKEN" in r.json()["error"]


def test_bad_changes_are_one_line_with_status_400(app) -> None:
    for path, form in (
        ("/schedules", {"level": "village"}),
        ("/schedules", {"host": PORTAL, "level": "commune"}),
        ("/schedules", {"level": "commune", "every": "soon"}),
        ("/schedules", {"level": "commune", "max_pages": "-3"}),
        ("/schedules/crawl:level:commune/explode", {}),
        ("/portals", {"url": ""}),
        ("/portals", {"url": "http://x.gov.vn/", "level": "village"}),
    ):
        r = app.post(path, data=form, headers=BEARER)
        assert r.status_code == 400, (path, form, r.text)
        assert r.json()["error"] and "\n" not in r.json()["error"]
    missing = app.post("/schedules/crawl:nothing/pause", headers=BEARER)
    assert missing.status_code == 404


def test_a_portal_added_in_the_app_is_listed_with_its_units(app) -> None:
    made = app.post("/portals", data={"url": "https://hiepson.kinhmon.haiduong.gov.vn/"},
                    headers=BEARER)  # fmt: skip
    assert made.status_code == 201, made.text
    assert made.json()["level"] == "commune"
    listed = app.get("/portals", params={"level": "commune"}, headers=JSON).json()
    assert "hiepson.kinhmon.haiduong.gov.vn" in {p["host"] for p in listed["portals"]}


def test_a_crawl_run_from_the_app_is_followed_live(
    app, recrawled: Recrawl, archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the crawl subprocess finds the database as `vnarchive web`'s would: in the environment
    for name, value in recrawled.backend.env(archive).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("VNARCHIVE_PROGRESS_INTERVAL", "0.1")  # heartbeats while it runs
    added = app.post("/portals", data={"url": f"http://{PORTAL}/"}, headers=BEARER)
    assert added.status_code == 201, added.text
    form = {"host": PORTAL, "every": "1w", "max_pages": "30", "proxy": recrawled.server.proxy_url,
            "delay": "0"}  # fmt: skip
    made = app.post("/schedules", data=form, headers=BEARER)
    assert made.status_code == 201, made.text
    started = app.post(f"/schedules/{made.json()['id']}/run", headers=BEARER)
    assert started.status_code == 202, started.text
    job_id = started.json()["job_id"]
    assert job_id and started.json()["job"] == f"/jobs/{job_id}"

    live = app.get(f"/jobs/{job_id}/events")  # streams until the crawl ends
    assert live.headers["content-type"].startswith("text/event-stream")
    seen = events(live.text)
    assert seen[-1] == ("end", {"status": "succeeded"})
    progress = [data for name, data in seen if name == "job"]
    assert progress[-1]["pages"] > 0 and progress[-1]["id"] == job_id
    during = [p for p in progress if p["running"] and p["pages"] > 0]
    assert during, progress  # counts arrived while the crawl was going, not only at its end
    assert [p["pages"] for p in during] == sorted(p["pages"] for p in during)

    log = app.get(f"/jobs/{job_id}/log/events")
    lines = [data["text"] for name, data in events(log.text) if name == "line"]
    assert lines and events(log.text)[-1][0] == "end"
    info = app.get(f"/jobs/{job_id}/log", params={"level": "INFO"}, headers=JSON).json()
    assert info["lines"] and not info["running"]
    errors = app.get(f"/jobs/{job_id}/log", params={"level": "ERROR"}, headers=JSON).json()
    assert len(errors["lines"]) < len(info["lines"])
    grep = app.get(f"/jobs/{job_id}/log", params={"grep": PORTAL}, headers=JSON).json()
    assert grep["lines"] and all(PORTAL in line for line in grep["lines"])
    jobs = app.get("/jobs", headers=JSON).json()["jobs"]
    assert jobs[0]["id"] == job_id and jobs[0]["status"] == "succeeded"
    health = app.get("/health", headers=JSON).json()["health"]
    assert PORTAL in json.dumps(health)
    bad = app.get(f"/jobs/{job_id}/log", params={"level": "LOUD"}, headers=JSON)
    assert bad.status_code == 400
    assert app.get("/jobs/999999", headers=JSON).status_code == 404
    for thread in threading.enumerate():  # the runner's thread records the end, then stops
        if thread.name.startswith("run-now"):
            thread.join(timeout=60)


def test_portals_discovered_from_the_app_are_probed_recorded_and_listed(
    app, recrawled: Recrawl
) -> None:
    form = {"province": "Hải Dương", "level": "all", "suffix": ".test",
            "proxy": recrawled.server.proxy_url}  # fmt: skip
    refused = app.post("/portals/discover", data=form, headers=JSON)
    assert refused.status_code in (401, 403)  # discovering writes the catalog: token only
    started = app.post("/portals/discover", data=form, headers=BEARER)
    assert started.status_code == 202, started.text
    number, candidates = started.json()["id"], started.json()["candidates"]
    assert candidates > 200
    for thread in threading.enumerate():  # the probes run beside the app
        if thread.name == "discover":
            thread.join(timeout=120)
    done = app.get(f"/portals/discover/{number}", headers=JSON).json()
    assert done["done"] and done["error"] is None
    assert len(done["probes"]) == candidates
    active = {p["host"] for p in done["probes"] if p["result"] == "active"}
    expected = {
        p["host"]
        for p in recrawled.sandbox.portals()
        if p["province"] == "Hải Dương" and p["level"] != "province"
    }
    assert active == expected
    assert all(p["error"] for p in done["probes"] if p["result"] == "failed")
    listed = app.get("/portals", params={"status": "active", "limit": "500"}, headers=JSON)
    assert expected <= {p["host"] for p in listed.json()["portals"]}
    html = app.get(f"/portals/discover/{number}")
    assert html.status_code == 200 and "kinhmon.haiduong.gov.vn.test" in html.text
    assert app.get("/portals/discover/99999", headers=JSON).status_code == 404
