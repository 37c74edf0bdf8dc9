"""Portal templates: learning repeated main-content lines, storing them, applying them."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from archive.config import load_config
from archive.db.engine import open_database
from archive.documents import templates
from archive.documents.templates import TemplateLearner
from archive.extract import extract, template_key
from tests.conftest import vnarchive

CONTACT = "Mọi ý kiến đóng góp xin gửi về Văn phòng HĐND và UBND xã Quang Thành"
HOTLINE = "Đường dây nóng của xã Quang Thành: 0220 3821 456"


def article(n: int, *, byline: str = "Văn phòng HĐND - UBND xã") -> bytes:
    body = "".join(
        f"<p>Đoạn {n}.{i}: hội nghị sơ kết công tác quý {i} của xã đã diễn ra tại hội trường "
        f"với sự tham dự của {10 + n + i} đại biểu các thôn và các đoàn thể chính trị.</p>"
        for i in range(1, 5)
    )
    return (
        "<html><head><meta charset='utf-8'><title>Xã Quang Thành</title></head><body>"
        f"<div class='content'><h1>Bài số {n}: xã Quang Thành tổ chức hội nghị</h1>"
        f"<div class='date'>Ngày đăng: 0{n % 9 + 1}/03/2024 08:30</div>{body}"
        f"<div class='box'><p>{CONTACT}</p><p>{HOTLINE}</p></div>"
        f"<p style='text-align:right'><strong>{byline}</strong></p></div></body></html>"
    ).encode()


def test_a_line_on_half_the_pages_is_template() -> None:
    learner = TemplateLearner()
    for n in range(10):
        lines = [f"line only on page {n} of the portal", "on every page of this portal"]
        if n < 5:
            lines.append("on half of the pages exactly")
        if n < 4:
            lines.append("on four pages of ten, under half")
        learner.add("a.gov.vn", lines)
    (learned,) = learner.learned()
    assert learned.pages == 10 and learned.min_pages == 5
    assert set(learned.lines) == {"on every page of this portal", "on half of the pages exactly"}


def test_too_few_pages_learn_nothing() -> None:
    learner = TemplateLearner()
    for _ in range(templates.MIN_SAMPLE - 1):
        learner.add("a.gov.vn", ["the same line on every page"])
    assert learner.learned() == []


def test_a_page_counts_a_line_once() -> None:
    learner = TemplateLearner()
    for n in range(10):
        learner.add("a.gov.vn", ["repeated within one page only"] * (5 if n == 0 else 0))
    assert learner.learned()[0].lines == {}


def test_extraction_drops_template_lines_and_keeps_the_fields() -> None:
    page = article(3)
    plain = extract(page, "http://x.test/a/3")
    assert CONTACT in plain.text and HOTLINE in plain.text
    assert template_key(CONTACT) in plain.lines  # what learning counts
    template = frozenset({template_key(CONTACT), template_key(HOTLINE)}) - {None}
    # the portal's usual byline is repeated too, and stays the author even when learned
    template |= {template_key("Văn phòng HĐND - UBND xã")}
    got = extract(page, "http://x.test/a/3", template=template)
    assert CONTACT not in got.text and HOTLINE not in got.text
    assert "Đoạn 3.4" in got.text
    assert got.title == plain.title and got.date == plain.date
    assert got.author == plain.author == "Văn phòng HĐND - UBND xã"
    assert got.lines == plain.lines  # learning sees the page as it is, template or not


def test_short_and_long_lines_are_never_template() -> None:
    assert template_key("PV") is None
    assert template_key("x" * 301) is None
    assert template_key("  Liên hệ: 0220 3821 456  ") == "liên hệ: 0220 3821 456"


def test_stored_per_portal_and_replaced(tmp_path: Path) -> None:
    sessions = open_database(load_config(tmp_path))
    learner = TemplateLearner()
    for n in range(8):
        learner.add("quangthanh.gov.vn", [template_key(CONTACT), f"unique line number {n}"])
    templates.store(sessions, learner.learned())
    assert templates.load(sessions, "quangthanh.gov.vn") == {template_key(CONTACT)}
    assert templates.load(sessions, "QuangThanh.gov.vn") == {template_key(CONTACT)}
    assert templates.load(sessions, "other.gov.vn") == frozenset()
    learner = TemplateLearner()
    for _ in range(8):
        learner.add("quangthanh.gov.vn", [template_key(HOTLINE)])
    templates.store(sessions, learner.learned(), job_id=None)
    (row,) = templates.stored(sessions)
    assert row.lines == [{"text": template_key(HOTLINE), "pages": 8}]


# -- a real crawl of a small portal with chrome of its own -------------------------------------
class _Portal(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        if self.path == "/":
            links = "".join(f"<li><a href='/tin/{n}.html'>Bài {n}</a></li>" for n in range(12))
            body = f"<html><body><h1>Xã Quang Thành</h1><ul>{links}</ul></body></html>".encode()
        elif self.path.startswith("/tin/") and self.path.endswith(".html"):
            body = article(int(self.path[5:-5]))
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def portal() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Portal)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_a_crawl_learns_its_portals_template_and_applies_it(portal: str, tmp_path: Path) -> None:
    vnarchive(
        "crawl", portal, "--delay", "0", "--allow-network", "127.0.0.0/8",
        data_dir=tmp_path, check=True,
    )  # fmt: skip
    run = vnarchive("templates", "show", "--json", data_dir=tmp_path, check=True)
    (row,) = json.loads(run.stdout)
    assert row["pages"] == 12 and row["job_id"] == 1
    assert {line["text"] for line in row["lines"]} == {
        template_key(CONTACT),
        template_key(HOTLINE),
        template_key("Văn phòng HĐND - UBND xã"),
    }
    with sqlite3.connect(tmp_path / "archive.sqlite3") as conn:
        docs = conn.execute("SELECT text, author FROM documents").fetchall()
    assert len(docs) == 12  # the crawl's own pages were re-extracted with the template
    assert all(CONTACT not in text and HOTLINE not in text for text, _ in docs)
    assert all("hội nghị sơ kết" in text for text, _ in docs)
    assert {author for _, author in docs} == {"Văn phòng HĐND - UBND xã"}
    shown = vnarchive("templates", "show", row["host"], data_dir=tmp_path, check=True).stdout
    assert "3 line(s) on at least 6 of 12 article pages" in shown
    learned = vnarchive(
        "templates", "learn", "--json", "--workers", "0", data_dir=tmp_path, check=True
    )
    assert json.loads(learned.stdout)[0]["lines"] == row["lines"]


def test_templates_show_of_an_unknown_portal_is_one_line(tmp_path: Path) -> None:
    run = vnarchive("templates", "show", "nowhere.gov.vn", data_dir=tmp_path)
    assert run.returncode == 2
    assert run.stderr.strip() == "vnarchive: error: no template learned for nowhere.gov.vn"
