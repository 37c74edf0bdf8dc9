"""Records hold the wire: a crawl of the sandbox's quirks portal (Vietnamese reason phrases,
raw UTF-8 ``Location`` and ``Content-Disposition``, odd header case, repeated headers,
HTTP/1.0, a chunk trailer), whose server logs every byte it received and sent, compared
record by record with the WARC files; then cdxj-indexer, warcio and pywb read them."""

from __future__ import annotations

import gzip
import http.client
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from archive.warc.writer import archived_head
from sandbox import quirks
from tests.conftest import Backend, Run, vnarchive, warcio_check
from tests.servers import pywb_server


@dataclass
class Wired:
    data: Path
    run: Run
    exchanges: list[tuple[bytes, quirks.Answer]]
    backend: Backend


@pytest.fixture(scope="module")
def wired(tmp_path_factory: pytest.TempPathFactory) -> Wired:
    from sandbox import Sandbox, SandboxServer

    backend = Backend("sqlite")
    data = tmp_path_factory.mktemp("wire")
    with SandboxServer(Sandbox(seed=1, pages_per_portal=2)) as server:
        run = vnarchive(
            "crawl", quirks.URL, "--proxy", server.proxy_url, "--delay", "0",
            data_dir=data, env=backend.env(data),
        )  # fmt: skip
        exchanges = server.wire.snapshot()
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    return Wired(data, run, exchanges, backend)


def record_block(data: Path, filename: str, offset: int) -> tuple[bytes, bytes]:
    """The HTTP head and the payload of the WARC record at ``offset``, as stored."""
    with (data / "warcs" / filename).open("rb") as fh:
        fh.seek(offset)
        member = gzip.GzipFile(fileobj=fh).read()
    warc_head, _, block = member.partition(b"\r\n\r\n")
    length = next(
        int(line.split(b":", 1)[1])
        for line in warc_head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    block = block[:length]
    end = block.find(b"\r\n\r\n") + 4
    return block[:end], block[end:]


def pairs(wired: Wired) -> Iterator[tuple[str, bytes, bytes, quirks.Answer, bytes]]:
    """Per response record: its URL, HTTP head, payload, the answer the server sent, and the
    head of the request the server received for it."""
    with wired.backend.db(wired.data) as conn:
        rows = conn.execute(
            "SELECT url, warc_filename, warc_offset FROM captures WHERE host = ? "
            "AND record_type = 'response' ORDER BY id",
            (quirks.HOST,),
        ).fetchall()
    sent = {}
    for request_head, answer in wired.exchanges:
        target = request_head.split(b" ", 2)[1].decode("ascii")
        sent[target if target.startswith("http") else f"http://{quirks.HOST}{target}"] = (
            request_head,
            answer,
        )
    for url, filename, offset in rows:
        head, payload = record_block(wired.data, filename, offset)
        request_head, answer = sent[url]
        yield url, head, payload, answer, request_head


def test_every_response_record_holds_the_head_and_body_that_came_off_the_wire(
    wired: Wired,
) -> None:
    seen = set()
    for url, head, payload, answer, _ in pairs(wired):
        assert head == archived_head(answer.head), url  # byte for byte, TE renamed only
        assert payload == answer.body, url  # de-chunked, as documented
        seen.add(urlsplit(url).path)
    expected = {"/", "/chuyen-huong.aspx", "/cu.asp", "/danh-sach.aspx", "/khong-co.html"}
    assert expected <= seen, seen
    assert any("/tin-t" in path for path in seen)  # the Vietnamese Location was followed
    assert "/tai-ve/quyet-dinh-12.pdf" in seen


def test_every_request_record_holds_the_request_as_sent(wired: Wired) -> None:
    sent = {head.split(b" ", 2)[1]: head for head, _ in wired.exchanges}
    with wired.backend.db(wired.data) as conn:
        rows = conn.execute(
            "SELECT url, warc_filename, warc_offset, warc_length FROM captures "
            "WHERE host = ? AND record_type = 'response'",
            (quirks.HOST,),
        ).fetchall()
    assert rows
    for url, filename, offset, length in rows:
        with (wired.data / "warcs" / filename).open("rb") as fh:
            fh.seek(offset + length)  # the request record follows its response
            member = gzip.GzipFile(fileobj=fh).read()
        warc_head, _, block = member.partition(b"\r\n\r\n")
        assert b"WARC-Type: request" in warc_head, url
        head = block[: block.find(b"\r\n\r\n") + 4]
        target = head.split(b" ", 2)[1]
        assert head == sent[target], url  # through the proxy: the absolute form, as sent
        assert target.decode() == url


def test_the_odd_heads_are_kept_as_sent(wired: Wired) -> None:
    heads = {urlsplit(url).path: head for url, head, _, _, _ in pairs(wired)}
    home = heads["/"]
    assert home.startswith("HTTP/1.1 200 Thành công\r\n".encode())
    assert b"\r\ncontent-type: " in home and b"\r\nX-AspNet-Version: " in home
    cookies = [i for i, line in enumerate(home.split(b"\r\n")) if line.startswith(b"Set-Cookie")]
    assert len(cookies) == 2 and cookies[1] - cookies[0] > 1  # repeated, interleaved
    moved = heads["/chuyen-huong.aspx"]
    assert f"\r\nX-Archive-Orig-Location: {quirks.TARGET}\r\n".encode() in moved  # as sent
    assert b"\r\nLocation: /tin-t%E1%BB%A9c/quy%E1%BA%BFt-%C4%91%E1%BB%8Bnh.html\r\n" in moved
    assert heads["/chuyen-huong.aspx"].startswith(b"HTTP/1.1 302 Object moved\r\n")
    assert heads["/khong-co.html"].startswith("HTTP/1.1 404 Không tìm thấy trang".encode())
    assert heads["/cu.asp"].startswith(b"HTTP/1.0 200 OK\r\n")
    assert b"X-Archive-Orig-Transfer-Encoding: chunked" in heads["/danh-sach.aspx"]


def test_the_redirect_names_its_archived_target_and_the_file_keeps_its_name(wired: Wired) -> None:
    with wired.backend.db(wired.data) as conn:
        (redirect_to,) = conn.execute(
            "SELECT redirect_to FROM captures WHERE url = ?",
            (f"{quirks.URL}chuyen-huong.aspx",),
        ).fetchone()
        archived = {u for (u,) in conn.execute("SELECT url FROM captures")}
    assert redirect_to in archived
    shown = vnarchive(
        "show", f"{quirks.URL}tai-ve/quyet-dinh-12.pdf", "--json",
        data_dir=wired.data, env=wired.backend.env(wired.data),
    )  # fmt: skip
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["file"]["name"] == quirks.PDF_NAME


def test_third_party_readers_accept_the_raw_records(wired: Wired, tmp_path: Path) -> None:
    warcs = sorted((wired.data / "warcs").glob("*.warc.gz"))
    check = warcio_check([str(w) for w in warcs])
    assert check.returncode == 0, check.stdout[-2000:] + check.stderr[-2000:]
    indexer = shutil.which("cdxj-indexer", path=str(Path(sys.executable).parent))
    assert indexer, "cdxj-indexer is part of the test extra"
    index = subprocess.run([indexer, *map(str, warcs)], capture_output=True, text=True)
    assert index.returncode == 0 and "quirks" in index.stdout, index.stderr[-2000:]
    with wired.backend.db(wired.data) as conn:
        (moment,) = conn.execute(
            "SELECT captured_at FROM captures WHERE url = ?",
            (f"{quirks.URL}chuyen-huong.aspx",),
        ).fetchone()
    stamp = str(moment).replace("-", "").replace(" ", "").replace(":", "")[:14]
    with pywb_server(tmp_path, warcs) as port:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", f"/vn/{stamp}mp_/{quirks.URL}chuyen-huong.aspx")  # rewritten
        redirect = conn.getresponse()
        redirect.read()
        location = redirect.getheader("Location") or ""
        assert redirect.status == 302, redirect.status
        assert "/vn/" in location and "/tin-t%E1%BB%A9c/" in location, location
        conn.request("GET", urlsplit(location).path)
        target = conn.getresponse()
        body = target.read()
    assert target.status == 200, (location, target.status)
    assert "Quyết định về việc kiện toàn".encode() in body, location
