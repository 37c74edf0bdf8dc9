"""Third-party readers judge our WARCs: cdxj-indexer indexes them and pywb replays them."""

from __future__ import annotations

import gzip
import html
import http.client
import json
import re
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import Recrawl
from tests.servers import pywb_server

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ROOT / ".tools-venv" / "bin"


@dataclass
class Wayback:
    port: int

    def get(self, timestamp: str, url: str) -> http.client.HTTPResponse:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        conn.request("GET", f"/vn/{timestamp}id_/{url}")
        return conn.getresponse()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def wayback(recrawled: Recrawl, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Wayback]:
    root = tmp_path_factory.mktemp("pywb")
    warcs = sorted((recrawled.data_dir / "warcs").glob("*.warc.gz"))
    with pywb_server(root, warcs) as port:
        yield Wayback(port)


def captures(recrawl: Recrawl, where: str) -> list[tuple[str, str]]:
    with recrawl.db() as conn:
        rows = conn.execute(f"SELECT url, captured_at FROM captures WHERE {where} ORDER BY id")
    return [(url, stamp(moment)) for url, moment in rows]


def stamp(value: datetime | str) -> str:
    """A UTC column as read raw (text on SQLite) as a 14-digit timestamp."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment.strftime("%Y%m%d%H%M%S")


def body_of(response: http.client.HTTPResponse) -> bytes:
    data = response.read()
    if response.getheader("Content-Encoding") == "gzip":
        data = gzip.decompress(data)
    return data


def test_articles_replay_whole(recrawled: Recrawl, wayback: Wayback) -> None:
    before = {a["url"] for a in recrawled.truth_before}
    full = [
        (u, ts)
        for u, ts in captures(recrawled, "job_id = 1 AND record_type = 'response'")
        if u in before
    ][:5]
    assert full
    for url, ts in full:
        response = wayback.get(ts, url)
        assert response.status == 200
        served = recrawled.bodies_before[url]
        replayed = body_of(response)
        assert len(replayed) == len(served)
        assert replayed == served


def test_a_revisit_replays_as_its_original(recrawled: Recrawl, wayback: Wayback) -> None:
    before = {a["url"] for a in recrawled.truth_before}
    revisits = [
        (u, ts)
        for u, ts in captures(recrawled, "job_id = 2 AND record_type = 'revisit'")
        if u in before
    ]
    assert revisits
    url, ts = revisits[0]
    response = wayback.get(ts, url)
    assert response.status == 200
    assert body_of(response) == recrawled.bodies_before[url]


def test_a_301_replays_as_a_redirect(recrawled: Recrawl, wayback: Wayback) -> None:
    redirects = captures(recrawled, "job_id = 1 AND status = 301")
    assert redirects
    url, ts = redirects[0]
    response = wayback.get(ts, url)
    response.read()
    assert response.status in (301, 302)
    assert response.getheader("Location")


def test_cdxj_indexer_reads_our_files_and_agrees_with_cdx_export(recrawled: Recrawl) -> None:
    indexer = shutil.which("cdxj-indexer", path=str(Path(sys.executable).parent))
    assert indexer, "cdxj-indexer is part of the test extra"
    warcs = sorted(str(p) for p in (recrawled.data_dir / "warcs").glob("*.warc.gz"))
    theirs = subprocess.run([indexer, *warcs], capture_output=True, text=True, check=True)
    ours = recrawled.cli("cdx", "export", check=True)

    def keyed(text: str) -> set[tuple[str, ...]]:
        """Every line, field by field (status: a 304 revisit holds the freshened 200)."""
        out = set()
        for line in text.splitlines():
            key, ts, blob = line.split(" ", 2)
            fields = json.loads(blob)
            if fields.get("mime") == "warc/request" or "method" in fields:
                continue
            names = ("filename", "offset", "length", "status", "digest", "mime")
            out.add((key, ts, *(str(fields.get(n, "-")) for n in names)))
        return out

    assert keyed(ours.stdout) == keyed(theirs.stdout)


# -- replay completeness ------------------------------------------------------------------
# pywb rewrites every URL a page or stylesheet makes the browser fetch into its own form,
# /vn/<timestamp><modifier>/<url>, the modifier naming what it is: im_ image, cs_ stylesheet,
# js_ script, if_/fr_ frame, oe_ object or embed. Links (<a href>) get no modifier.
REWRITTEN = re.compile(r"/vn/(\d{14})(im_|cs_|js_|if_|fr_|oe_)/(https?://[^\"'\s)>]+)")


def replay_misses(
    wayback: Wayback, pages: list[tuple[str, str]], live_status: Callable[[str], int]
) -> tuple[list[str], set[str]]:
    """Every resource pywb asks for when it replays ``pages`` (and the stylesheets those
    name, and theirs), fetched through pywb one by one: (the ones answered 404 although
    the live site had them, every resource asked for)."""
    asked: set[str] = set()
    missing: list[str] = []
    todo = [(ts, "mp_", url) for url, ts in pages]
    while todo:
        ts, modifier, url = todo.pop()
        conn = http.client.HTTPConnection("127.0.0.1", wayback.port, timeout=30)
        conn.request("GET", f"/vn/{ts}{modifier}/{url}")
        response = conn.getresponse()
        body = body_of(response)
        conn.close()
        if modifier != "mp_" and response.status == 404 and live_status(url) == 200:
            missing.append(url)
        if modifier not in ("mp_", "cs_", "if_", "fr_") or response.status != 200:
            continue
        text = body.decode("utf-8", "replace")
        for found_ts, found_modifier, found in REWRITTEN.findall(html.unescape(text)):
            if found not in asked:
                asked.add(found)
                todo.append((found_ts, found_modifier, found))
    return missing, asked


def test_pages_replay_with_every_resource_the_live_site_had(
    recrawled: Recrawl, wayback: Wayback
) -> None:
    """No image, stylesheet, script, font, frame or embedded file of a replayed page is
    answered 404 by pywb when the live site had it: home pages, an article of every portal
    and a document's page with its PDF in a frame."""
    sandbox = recrawled.sandbox
    html_pages = captures(
        recrawled, "job_id = 1 AND record_type = 'response' AND status = 200 AND mime = 'text/html'"
    )
    homes = {urlsplit(u).hostname: u for u in sandbox.portal_urls()}
    articles = {urlsplit(a["url"]).hostname: a["url"] for a in sandbox.ground_truth()}
    details = {d["detail_url"] for d in sandbox.documents_truth() if d["url"].endswith(".pdf")}
    wanted = {*articles.values(), *list(details)[:2]}
    pages = [
        (u, ts) for u, ts in html_pages if u in wanted or u.rstrip("/") + "/" in homes.values()
    ]
    pages += [
        (u, ts)
        for u, ts in html_pages
        if urlsplit(u).path in ("/Default.aspx", "/Pages/default.aspx")
    ]
    assert len({urlsplit(u).hostname for u, _ in pages}) == len(homes)
    disallowed = {p["host"]: tuple(p["disallowed"]) for p in sandbox.portals()}

    def live_status(url: str) -> int:
        return sandbox.respond(url).status

    missing, asked = replay_misses(wayback, pages, live_status)
    # what robots.txt forbids us is not in the archive, by policy: named, not hidden
    by_robots = [
        u
        for u in missing
        if urlsplit(u).path.startswith(disallowed.get(urlsplit(u).hostname or "", ("\0",)))
    ]
    assert [u for u in missing if u not in by_robots] == []
    assert any("cdn.gov.vn.test" in u for u in asked)  # the CDN's stylesheet, script, fonts
    assert any(u.endswith(".pdf") for u in asked)  # the document shown in a frame
    assert any(u.endswith(".woff2") for u in asked)  # named inside a stylesheet
    assert len(asked) >= 20
