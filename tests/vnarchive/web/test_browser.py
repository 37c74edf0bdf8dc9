"""The app in a real browser: Debian's chromium (``scripts/system-packages.sh``) driven by
Playwright (the test extra; ``executable_path``, never a browser download), against the real
``vnarchive web`` on the sandbox crawled three times. Every request the browser makes is
recorded, and none may leave for the live web. The run saves a screenshot of each main
page in ``docs/screenshots/``."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import Recrawl
from tests.vnarchive.web.conftest import TOKEN, Server, start_server, stop_server

ROOT = Path(__file__).resolve().parents[3]
SHOTS = ROOT / "docs" / "screenshots"
HOSTILE = "http://tintuc.haiduong.gov.vn.test/trang-doc-hai.html"

# on both backends: the pages read captures, timelines and schedules through the database
pytestmark = [
    pytest.mark.slow,
    pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True),
]


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.fail("chromium is not installed: run `make test` (scripts/system-packages.sh)")
    return found


def hostile_page(schedule_id: str) -> bytes:
    """An archived page whose script tries to read the app's cookie, to read its API, to
    reach the page around it, and to remove a schedule; it writes down what it managed."""
    script = """
const out = {};
const tried = (name, f) => {
  try { out[name] = String(f()); } catch (e) { out[name] = "blocked: " + e.name; }
};
tried("cookie", () => document.cookie);
tried("top", () => window.top.document.cookie);
tried("storage", () => window.localStorage.length);
const api = fetch("/schedules", {credentials: "include", headers: {Accept: "application/json"}})
  .then(r => r.text()).then(t => { out.api = "read: " + t.slice(0, 80); })
  .catch(e => { out.api = "blocked: " + e.name; });
const body = new URLSearchParams({do: "remove"});
const post = fetch("/schedules/SCHEDULE/remove",
                   {method: "POST", mode: "no-cors", credentials: "include", body})
  .then(() => { out.post = "sent"; }).catch(e => { out.post = "blocked: " + e.name; });
const live = fetch("http://example.com/", {mode: "no-cors"})
  .then(() => { out.live = "reached"; }).catch(e => { out.live = "blocked: " + e.name; });
Promise.all([api, post, live]).then(() => { document.body.dataset.result = JSON.stringify(out); });
""".replace("SCHEDULE", schedule_id)
    html = (
        "<!doctype html><html><head><meta charset='utf-8'><title>Trang độc hại</title></head>"
        f"<body><h1>Tin tức</h1><img src='http://live-web.example/pixel.png'><script>{script}"
        "</script></body></html>"
    )
    return html.encode()


def exchange(url: str, status: int, headers: list[tuple[str, str]], body: bytes) -> Any:
    from archive.warc import HttpExchange

    return HttpExchange(
        url=url,
        method="GET",
        request_headers=[("Host", url.split("/")[2])],
        status=status,
        response_headers=headers,
        body=body,
        fetched_at=datetime.now(UTC),
    )


def archive_hostile(recrawl: Recrawl, data_dir: Path, schedule_id: str) -> None:
    """With the real recorder, as a crawl would: a page whose script attacks the app (no
    sandbox portal serves one)."""
    from archive.capture.record import CaptureRecorder
    from archive.db.engine import open_database

    config = recrawl.backend.config(data_dir)
    recorder = CaptureRecorder(config, open_database(config))
    html = [("Content-Type", "text/html; charset=utf-8")]
    try:
        recorder.record(exchange(HOSTILE, 200, html, hostile_page(schedule_id)))
    finally:
        recorder.close()


@dataclass
class Site:
    server: Server
    recrawl: Recrawl
    data_dir: Path
    schedule_id: str
    requests: list[str] = field(default_factory=list)

    @property
    def base(self) -> str:
        return self.server.base

    def api(self, path: str, **params: str) -> Any:
        r = httpx.get(self.base + path, params=params, headers={"Accept": "application/json"})
        r.raise_for_status()
        return r.json()

    def left_for_the_live_web(self) -> list[str]:
        ours = (self.base + "/", "data:", "blob:", "about:")
        return [url for url in self.requests if not url.startswith(ours)]


@pytest.fixture(scope="module")
def site(recrawled: Recrawl, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    data_dir = tmp_path_factory.mktemp("browser") / "archive"
    recrawled.backend.copy(recrawled.data_dir, data_dir)
    shutil.copytree(recrawled.data_dir / "logs", data_dir / "logs")  # for the log page
    added = json.loads(
        _cli(recrawled, data_dir, "schedule", "add", "--level", "commune", "--every", "1w")
    )
    archive_hostile(recrawled, data_dir, added["id"])
    server = start_server(data_dir, recrawled.backend.env(data_dir), token=TOKEN)
    try:
        yield Site(server, recrawled, data_dir, added["id"])
    finally:
        stop_server(server)


def _cli(recrawl: Recrawl, data_dir: Path, *args: str) -> str:
    from tests.conftest import vnarchive

    run = vnarchive(*args, "--json", data_dir=data_dir, env=recrawl.backend.env(data_dir))
    assert run.returncode == 0, run.stderr
    return run.stdout


@pytest.fixture(scope="module")
def browser(site: Site) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium(), args=["--no-sandbox"])
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: Any, site: Site) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="vi-VN")
    context.on("request", lambda request: site.requests.append(request.url))
    tab = context.new_page()
    tab.set_default_timeout(20_000)
    try:
        yield tab
    finally:
        context.close()


def shot(page: Any, site: Site, name: str) -> None:
    if site.recrawl.backend.name != "sqlite":  # one set of pictures: the embedded default's
        return
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def edited(recrawl: Recrawl) -> tuple[str, str]:
    """An article whose text changed when the sandbox clock moved, and its title."""
    before = {a["url"]: a["version"] for a in recrawl.truth_before}
    for article in recrawl.sandbox.ground_truth():
        if article["url"] in before and before[article["url"]] != article["version"]:
            return article["url"], article["title"]
    raise AssertionError("the sandbox edited no article")


def test_a_researcher_searches_reads_compares_and_replays(page: Any, site: Site) -> None:
    from archive.search.folding import search_fold

    url, title = edited(site.recrawl)
    words = search_fold(title).split()[:6]
    assert words != title.lower().split()[:6]  # typed without the diacritics it has

    page.goto(site.base + "/")
    shot(page, site, "home")
    page.fill("input[name=q]", " ".join(words))
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**/search?**")
    assert page.locator("#facets").is_visible()
    hit = page.locator("li.hit", has_text=url.split("/")[2]).filter(has_text=title[:20]).first
    shot(page, site, "search")
    hit.locator("a.title").click()

    page.wait_for_url("**/documents/*")
    assert page.locator("#title").inner_text().strip() == title
    rows = page.locator("#timeline tbody tr")
    assert rows.count() >= 2  # before and after the clock moved
    shot(page, site, "document")

    page.locator("#timeline ul.diffs a").first.click()
    page.wait_for_url("**/diff/**")
    assert page.locator("#diff").is_visible()
    assert page.locator("#diff ins, #diff del, #diff .insert, #diff .delete").count() > 0
    shot(page, site, "diff")
    page.goto(page.url.split("?")[0] + "?view=inline")
    shot(page, site, "diff-inline")

    page.go_back()
    page.go_back()
    page.wait_for_url("**/documents/*")
    images: list[tuple[str, int]] = []
    page.on("response", lambda r: images.append((r.url, r.status)) if "im_/" in r.url else None)
    page.locator("#timeline tbody tr a[href^='/web/']").first.click()
    page.wait_for_url("**/web/**")
    frame = page.frame_locator("#replay")
    frame.locator("body").wait_for()
    content = next(f for f in page.frames if "if_/" in f.url)
    content.wait_for_load_state("load")
    loaded = content.evaluate(
        "Array.from(document.images).map(i => [i.currentSrc, i.naturalWidth])"
    )
    assert loaded, "the archived page has images"
    assert all(src.startswith(site.base + "/web/") for src, _ in loaded)
    assert any(width > 0 for _, width in loaded)
    assert any(status == 200 for _, status in images)
    assert page.locator("#banner #when").is_visible()
    shot(page, site, "capture")

    page.goto(f"{site.base}/web/*/{url}")
    shot(page, site, "calendar")
    assert site.left_for_the_live_web() == []


def log_in(page: Any, site: Site) -> None:
    page.goto(site.base + "/login?next=/schedules")
    page.fill("input[name=token]", TOKEN)
    page.locator("form.stack button[type=submit]").click()
    page.wait_for_url("**/schedules")


def test_an_operator_logs_in_and_pauses_a_schedule(page: Any, site: Site) -> None:
    page.goto(site.base + "/schedules")
    row = page.locator(f"tr[data-schedule='{site.schedule_id}']")
    assert row.locator("button").count() == 0  # reading is open, changing is not
    log_in(page, site)
    row.locator("button[value=pause]").click()
    page.wait_for_url("**/schedules")
    assert row.locator(".badge.paused").is_visible()
    (found,) = [s for s in site.api("/schedules")["schedules"] if s["id"] == site.schedule_id]
    assert found["paused"] is True
    shot(page, site, "schedules")
    for path, name in (
        ("/jobs", "jobs"),
        ("/jobs/3", "job"),
        ("/jobs/3/log", "log"),
        ("/health", "health"),
        ("/portals", "portals"),
    ):
        page.goto(site.base + path)
        assert page.locator("main").is_visible(), path
        shot(page, site, name)
    assert site.left_for_the_live_web() == []


def test_an_archived_script_reaches_neither_the_app_s_cookie_nor_its_api(
    page: Any, site: Site
) -> None:
    log_in(page, site)  # a session cookie the page would love to use
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    assert "vnarchive_session" in cookies
    stamp = _stamp_of(site)
    for where in (f"/web/{stamp}/{HOSTILE}", f"/web/{stamp}if_/{HOSTILE}"):  # framed, then alone
        page.goto(site.base + where)
        frame = page.frame_locator("#replay") if "if_" not in where else None
        body = (frame or page).locator("body[data-result]")
        body.wait_for(state="attached")
        result = json.loads(body.get_attribute("data-result"))
        assert result["cookie"].startswith("blocked"), result
        assert result["top"].startswith("blocked") or result["top"] == "", result
        assert result["storage"].startswith("blocked"), result
        assert result["api"].startswith("blocked"), result
        assert result["live"].startswith("blocked"), result
        assert all(v not in json.dumps(result) for v in cookies.values())
    ids = [s["id"] for s in site.api("/schedules")["schedules"]]
    assert site.schedule_id in ids  # the POST reached no one who would act on it
    assert site.left_for_the_live_web() == []


def _stamp_of(site: Site) -> str:
    r = httpx.get(site.base + "/cdx", params={"url": HOSTILE, "output": "json"})
    return json.loads(r.text.splitlines()[0])["timestamp"]
