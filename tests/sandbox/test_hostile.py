"""The hostile portal (issue 15): its catalogue, its place beside the normal portals, foreign
requests refused and attributed, and how it is started."""

from __future__ import annotations

import http.client
import json
import re
import socket
import subprocess
import sys
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import pytest

from sandbox import Sandbox, SandboxServer
from sandbox.hostile import OUTCOMES, NoSuchFault
from sandbox.hostile.escapes import TARGETS
from tests.sandbox.hostile_client import (
    BASE,
    control,
    fault,
    get,
    html_links,
    last_entry,
)


# -- the catalogue -----------------------------------------------------------------------------
def test_catalogue_names_every_fault_with_its_urls_and_outcome(
    srv: SandboxServer, sb: Sandbox, catalogue: dict
) -> None:
    assert control(srv, "/_sandbox/hostile.json") == (200, catalogue)
    faults = catalogue["faults"]
    ids = [f["id"] for f in faults]
    assert len(ids) == len(set(ids)) >= 40
    assert {f["category"] for f in faults} == {
        "encodings",
        "sitemaps",
        "escapes",
        "traps",
        "memory",
        "robots",
        "bytes",
    }
    hosts = set(catalogue["hosts"])
    assert "hostile.gov.vn.test" in hosts and catalogue["seeds"][0] == f"{BASE}/"
    for f in faults:
        assert f["outcome"] in OUTCOMES == catalogue["outcomes"], f["id"]
        assert f["does"] and f["expected"] and f["urls"], f["id"]
        assert all(urlsplit(u).hostname in hosts for u in f["urls"] + f["prefixes"]), f["id"]
        assert (f["outcome"] == "not_requested") <= bool(f["forbidden"]), f["id"]
        assert (f["outcome"] == "bounded") <= (f["limit"] is not None), f["id"]
    assert unicodedata.is_normalized("NFC", json.dumps(catalogue, ensure_ascii=False))
    assert sb.hostile.fault("trap-redirect-loop").limit == 21
    with pytest.raises(NoSuchFault, match="no-such"):
        sb.hostile.fault("no-such")


def test_every_fault_is_reachable_from_the_home_page_or_robots(
    srv: SandboxServer, catalogue: dict
) -> None:
    _, home = get(srv, f"{BASE}/")
    linked = set(html_links(f"{BASE}/", home))
    _, robots = get(srv, f"{BASE}/robots.txt")
    named = set(re.findall(r"^Sitemap: (\S+)$", robots.decode(), re.M))
    for f in catalogue["faults"]:
        if f["linked"]:
            assert set(f["urls"]) <= linked, f["id"]
        else:
            assert set(f["urls"]) <= named | {f"{BASE}/robots.txt"}, f["id"]
    images = lxml.html.fromstring(home).xpath("//img/@src")
    assert {urlsplit(u).hostname for u in images} >= {
        "robots-503.hostile.gov.vn.test",
        "robots-stall.hostile.gov.vn.test",
        "robots-redirect.hostile.gov.vn.test",
    }


def test_the_normal_portals_are_unchanged(sb: Sandbox) -> None:
    plain = Sandbox(seed=1, pages_per_portal=2)
    assert plain.hostile is None and not plain.knows("hostile.gov.vn.test")
    assert sb.portals() == plain.portals() and sb.portal_urls() == plain.portal_urls()
    assert sb.ground_truth() == plain.ground_truth()
    assert sb.documents_truth() == plain.documents_truth()
    assert sb.redirects() == plain.redirects()
    for url in plain.portal_urls()[:3]:
        assert sb.render(url) == plain.render(url)
    assert plain.render(f"{BASE}/")[0] == 502
    with SandboxServer(plain) as server:
        status, body = control(server, "/_sandbox/hostile.json")
        assert status == 404 and "--hostile" in body["error"]
        response, _ = get(server, f"{BASE}/")
        assert response.status == 502 and server.requests[-1]["foreign"] is True


def test_hits_count_requests_per_fault(srv: SandboxServer, sb: Sandbox) -> None:
    before = sb.hostile.hits(srv.requests)["trap-endless-calendar"]
    for day in ("01", "02", "03"):
        assert get(srv, f"{BASE}/lich/2024/01/{day}")[0].status == 200
    assert last_entry(srv, f"{BASE}/lich/2024/01/03")["fault"] == "trap-endless-calendar"
    status, hits = control(srv, "/_sandbox/hostile/hits.json")
    assert status == 200 and hits["trap-endless-calendar"] == before + 3
    assert set(hits) == {f.id for f in sb.hostile.faults} | {"foreign"}


# -- 3. scope escapes --------------------------------------------------------------------------
def test_every_vehicle_points_at_every_target(srv: SandboxServer, catalogue: dict) -> None:
    _, links = get(srv, f"{BASE}/thoat/lien-ket.html")
    assert sorted(lxml.html.fromstring(links).xpath("//main//a/@href")) == sorted(
        fault(catalogue, "escape-links")["forbidden"]
    )
    _, requisites = get(srv, f"{BASE}/thoat/tai-nguyen.html")
    doc = lxml.html.fromstring(requisites)
    for xpath in ("//img/@src", "//script/@src", "//link/@href", "//iframe/@src"):
        assert len(doc.xpath(xpath)) == len(TARGETS), xpath
    for status in (301, 302, 307, 308):
        entry = fault(catalogue, f"escape-redirect-{status}")
        for url, target in zip(entry["urls"], entry["forbidden"], strict=True):
            response, _ = get(srv, url)
            assert response.status == status and response.getheader("Location") == target
    _, refresh = get(srv, f"{BASE}/thoat/lam-moi/metadata.html")
    assert 'http-equiv="refresh" content="0; url=http://169.254.169.254/' in refresh.decode()
    response, _ = get(srv, f"{BASE}/thoat/refresh/decimal-ip.html")
    assert response.getheader("Refresh") == "0; url=http://2130706433/?via=refresh-header"
    _, base = get(srv, f"{BASE}/thoat/base.html")
    assert '<base href="http://10.0.0.1/">' in base.decode()
    _, robots = get(srv, f"{BASE}/robots.txt")
    assert "Sitemap: http://169.254.169.254/latest/meta-data/?via=robots-sitemap" in robots.decode()


def test_foreign_requests_are_refused_logged_and_attributed(
    srv: SandboxServer, catalogue: dict
) -> None:
    forbidden = {  # every URL a fault points outside the sandbox
        url: f["id"]
        for f in catalogue["faults"]
        if f["outcome"] == "not_requested" and f["id"] != "escape-seed-redirect"
        for url in f["forbidden"]
    }
    assert len(forbidden) > 80
    for url, fault_id in forbidden.items():
        with socket.create_connection(("127.0.0.1", srv.port), timeout=10) as sock:
            sock.sendall(f"GET {url} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
            assert sock.recv(64).startswith(b"HTTP/1.1 502 "), url
        entry = last_entry(srv, url)
        assert entry["foreign"] is True and entry["refused"], url
        assert entry["fault"] == fault_id, url
    foreign_urls = {r["url"] for r in srv.foreign_requests()}
    assert set(forbidden) <= foreign_urls
    status, listed = control(srv, "/_sandbox/foreign.json")
    assert status == 200 and set(forbidden) <= {r["url"] for r in listed}
    # a crawler that normalises a URL is still caught, and still attributed by its marker
    get(srv, "http://127.0.0.1/?via=meta-refresh")
    assert last_entry(srv, "http://127.0.0.1/?via=meta-refresh")["fault"] == "escape-meta-refresh"


def test_the_seed_that_moved_redirects_to_another_host(srv: SandboxServer, catalogue: dict) -> None:
    entry = fault(catalogue, "escape-seed-redirect")
    response, _ = get(srv, entry["urls"][0])
    assert response.status == 301 and response.getheader("Location") == (
        "http://elsewhere.gov.vn.test/"
    )
    response, body = get(srv, "http://elsewhere.gov.vn.test/")
    assert response.status == 200
    assert set(entry["forbidden"]) <= set(html_links("http://elsewhere.gov.vn.test/", body)) | {
        "http://elsewhere.gov.vn.test/logo.jpg"
    }
    assert last_entry(srv, "http://elsewhere.gov.vn.test/")["foreign"] is False


# -- starting it -------------------------------------------------------------------------------
def test_python_m_sandbox_hostile_serves_the_catalogue() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "sandbox", "--port", "0", "--pages-per-portal", "1", "--hostile"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert "http://haiduong.gov.vn.test/" in proc.stdout.readline()
        line = proc.stdout.readline()
        assert line.startswith("Hostile portal http://hostile.gov.vn.test/")
        catalogue_url = re.search(r"(http://127\.0\.0\.1:\d+)/_sandbox/hostile\.json", line)
        assert catalogue_url
        port = int(urlsplit(catalogue_url.group(1)).port or 0)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/_sandbox/hostile.json")
        assert json.loads(conn.getresponse().read())["home"] == f"{BASE}/"
        proc.terminate()
        assert proc.wait(timeout=10) == 0
    finally:
        proc.kill()


def test_cli_has_the_hostile_option() -> None:
    from click.testing import CliRunner

    from vnarchive.commands.sandbox import sandbox

    result = CliRunner().invoke(sandbox, ["serve", "--help"])
    assert result.exit_code == 0 and "--hostile" in result.output


def test_readme_names_every_fault(sb: Sandbox) -> None:
    readme = (Path(__file__).parents[2] / "sandbox" / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`([a-z0-9-]+)`", readme))
    assert {f.id for f in sb.hostile.faults} <= named
