"""pywb replays the archive through ``vnarchive web`` alone: our ``/cdx`` as its remote index,
our ``/warcs/`` (Range requests) as its archive path, and not a byte copied to it."""

from __future__ import annotations

import http.client
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Recrawl
from tests.servers import pywb_server
from tests.vnarchive.test_replay_pywb import body_of, captures
from tests.vnarchive.web.conftest import Server, start_server, stop_server

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def ours(recrawled: Recrawl) -> Iterator[Server]:
    server = start_server(recrawled.data_dir, recrawled.env, token=None)
    try:
        yield server
    finally:
        stop_server(server)


@pytest.fixture(scope="module")
def pywb(ours: Server, tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    root = tmp_path_factory.mktemp("pywb-remote")
    (root / "config.yaml").write_text(
        "collections:\n"
        "  vn:\n"
        f"    index: cdx+{ours.base}/cdx\n"
        f"    archive_paths: {ours.base}/warcs/\n"
    )
    with pywb_server(root) as port:
        yield port


def through_pywb(port: int, timestamp: str, url: str) -> tuple[int, bytes, str | None]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", f"/vn/{timestamp}id_/{url}")
    response = conn.getresponse()
    return response.status, body_of(response), response.getheader("Location")


def test_pywb_replays_articles_from_our_cdx_and_warcs(
    recrawled: Recrawl, pywb: int, tmp_path: Path
) -> None:
    before = {a["url"] for a in recrawled.truth_before}
    first = [
        (u, ts)
        for u, ts in captures(recrawled, "job_id = 1 AND record_type = 'response'")
        if u in before
    ][:4]
    assert first
    for url, ts in first:
        status, body, _ = through_pywb(pywb, ts, url)
        assert status == 200, url
        assert body == recrawled.bodies_before[url]


def test_pywb_resolves_a_revisit_through_our_cdx(recrawled: Recrawl, pywb: int) -> None:
    before = {a["url"] for a in recrawled.truth_before}
    revisits = [
        (u, ts)
        for u, ts in captures(recrawled, "job_id = 2 AND record_type = 'revisit'")
        if u in before
    ]
    assert revisits
    url, ts = revisits[0]
    status, body, _ = through_pywb(pywb, ts, url)
    assert status == 200 and body == recrawled.bodies_before[url]


def test_pywb_replays_a_redirect_and_knows_nothing_we_do_not(recrawled: Recrawl, pywb: int) -> None:
    url, ts = captures(recrawled, "job_id = 1 AND status = 301")[0]
    status, _, location = through_pywb(pywb, ts, url)
    assert status in (301, 302) and location
    missing, _, _ = through_pywb(pywb, ts, "http://never.archived.test/")
    assert missing == 404
