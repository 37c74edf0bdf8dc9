"""The web app's speed at 200k documents: the search page and the capture page, p50 and p95,
over HTTP against the real ``vnarchive web`` (uvicorn, one process), on SQLite.

The documents are bench/search.py's (the sandbox's prose, ~3,400 portal hosts, built once
in ``--workdir`` and reused). Captures: every sandbox page archived for real (WARC records
written by the archive's own recorder), and two capture rows per document a month apart,
each pointing at one of those real records, so that the captures table is as large as the
archive's and every capture page reads, parses and rewrites a real archived page.

    .venv/bin/python bench/web.py [--documents 200000] [--repeat 5]
        [--workdir /tmp/vnarchive-bench-web]
"""

from __future__ import annotations

import argparse
import http.client
import random
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import free_port, table  # noqa: E402
from search import backend_configs, build, pct  # noqa: E402
from sqlalchemy import func, insert, select  # noqa: E402

from archive.config import ArchiveConfig  # noqa: E402
from archive.db.engine import open_database  # noqa: E402
from archive.db.models import Capture, Document  # noqa: E402
from archive.timeutil import to_timestamp14  # noqa: E402
from archive.urlkey import surt_key  # noqa: E402

SEARCHES = [
    ("common words", {"q": "dang bo"}),
    ("with diacritics", {"q": "Đảng bộ"}),
    ("exact diacritics", {"q": "Đảng bộ", "exact": "1"}),
    ("phrase", {"q": '"ke hoach phat trien"'}),
    ("exclusion", {"q": "kinh te -nong"}),
    ("OR", {"q": "giao duc OR y te"}),
    ("prefix", {"q": "chuyen*"}),
    ("rare: a decision number", {"q": "1234/QD-UBND"}),
    ("common, level commune", {"q": "dang bo", "level": "commune"}),
    ("common, page 5, newest", {"q": "dang bo", "page": "5", "sort": "newest"}),
]
TARGETS = {"search page": 200.0, "capture page": 300.0}


# -- the archive ---------------------------------------------------------------------------
def archive_sandbox_pages(config: ArchiveConfig) -> list[dict]:
    """Every page of a small sandbox, archived by the real recorder: the records the capture
    rows point at."""
    from archive.capture.record import CaptureRecorder
    from archive.warc import HttpExchange
    from sandbox import Sandbox

    sandbox = Sandbox(seed=1, pages_per_portal=10)
    sessions = open_database(config)
    recorder = CaptureRecorder(config, sessions)
    urls = sorted({a["url"] for a in sandbox.ground_truth()} | set(sandbox.portal_urls()))
    try:
        for url in urls:
            status, headers, body = sandbox.render(url)
            recorder.record(
                HttpExchange(
                    url=url,
                    method="GET",
                    request_headers=[("Host", url.split("/")[2])],
                    status=status,
                    response_headers=list(headers.items()),
                    body=body,
                    fetched_at=datetime(2025, 1, 1, tzinfo=UTC),
                )
            )
    finally:
        recorder.close()
    with sessions() as session:
        rows = session.scalars(
            select(Capture).where(Capture.status == 200, Capture.mime.like("text/html%"))
        ).all()
        return [
            {
                "status": c.status,
                "mime": c.mime,
                "payload_digest": c.payload_digest,
                "payload_length": c.payload_length,
                "warc_filename": c.warc_filename,
                "warc_offset": c.warc_offset,
                "warc_length": c.warc_length,
            }
            for c in rows
        ]


def add_captures(config: ArchiveConfig) -> None:
    """Two captures of each document's URL, a month apart, on real records."""
    records = archive_sandbox_pages(config)
    sessions = open_database(config)
    rng = random.Random(7)
    with sessions() as session:
        documents = session.execute(select(Document.id, Document.url, Document.first_captured_at))
        batch: list[dict] = []
        for n, (doc_id, url, first) in enumerate(documents):
            for k in range(2):
                batch.append(
                    {
                        **rng.choice(records),
                        "url": url,
                        "surt": surt_key(url),
                        "host": url.split("/")[2],
                        "captured_at": first + timedelta(days=30 * k, seconds=n % 3600),
                        "record_type": "response",
                        "warc_record_id": f"<urn:uuid:bench-{doc_id}-{k}>",
                        "document_id": doc_id,
                        "extracted_at": first,
                    }
                )
            if len(batch) >= 10_000:
                session.execute(insert(Capture), batch)
                batch.clear()
        if batch:
            session.execute(insert(Capture), batch)
        session.commit()
    sessions.kw["bind"].dispose()


def prepared(documents: int, workdir: Path) -> ArchiveConfig:
    with backend_configs("sqlite", workdir) as configs:
        build("sqlite", [documents], workdir, configs)
        config: ArchiveConfig = configs[0](documents)
    sessions = open_database(config)
    with sessions() as session:
        has = session.scalar(select(func.count()).select_from(Capture)) or 0
    sessions.kw["bind"].dispose()
    if not has:
        started = time.monotonic()
        add_captures(config)
        print(f"  captures added: {time.monotonic() - started:.0f} s", flush=True)
    return config


# -- measuring -----------------------------------------------------------------------------
class App:
    """``vnarchive web`` on the archive, in a process of its own."""

    def __init__(self, config: ArchiveConfig) -> None:
        self.port = free_port()
        argv = [sys.executable, "-m", "vnarchive", "web", "--port", str(self.port),
                "--data-dir", str(config.data_dir)]  # fmt: skip
        self.proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(600):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("vnarchive web did not start")
        self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)

    def get(self, path: str) -> float:
        """Milliseconds until the whole answer is read (a 200, or the bench is wrong)."""
        started = time.perf_counter()
        self.conn.request("GET", path)
        response = self.conn.getresponse()
        body = response.read()
        elapsed = (time.perf_counter() - started) * 1000
        if response.status != 200:
            raise RuntimeError(f"{path}: HTTP {response.status}: {body[:200]!r}")
        return elapsed

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=15)


def sample_captures(config: ArchiveConfig, count: int) -> list[tuple[str, str]]:
    sessions = open_database(config)
    with sessions() as session:
        top = session.scalar(select(func.max(Capture.id))) or 0
        rng = random.Random(11)
        ids = rng.sample(range(1, top + 1), min(count, top))
        rows = session.execute(
            select(Capture.url, Capture.captured_at).where(Capture.id.in_(ids))
        ).all()
    sessions.kw["bind"].dispose()
    return [(to_timestamp14(moment), url) for url, moment in rows]


def measure(app: App, config: ArchiveConfig, repeat: int) -> tuple[list[list], dict[str, list]]:
    rows: list[list] = []
    kinds: dict[str, list[float]] = {"search page": [], "capture page": []}
    for label, params in SEARCHES:
        path = "/search?" + urlencode(params)
        app.get(path)  # warm
        times = [app.get(path) for _ in range(repeat)]
        kinds["search page"] += times
        rows.append(["search page", label, f"{pct(times, 0.5):.0f}", f"{pct(times, 0.95):.0f}"])
    captures = sample_captures(config, 20 * repeat)
    for label, modifier in (("replay page (banner)", ""), ("archived page (frame)", "if_")):
        times = []
        for stamp, url in captures:
            times.append(app.get(f"/web/{stamp}{modifier}/{quote(url, safe=':/?=&%')}"))
        kinds["capture page"] += times
        rows.append(["capture page", label, f"{pct(times, 0.5):.0f}", f"{pct(times, 0.95):.0f}"])
    return rows, kinds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/vnarchive-bench-web"))
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    config = prepared(args.documents, args.workdir)
    app = App(config)
    try:
        rows, kinds = measure(app, config, args.repeat)
    finally:
        app.close()
    print(f"\n### vnarchive web, SQLite, {args.documents:,} documents\n")
    print(table(["page", "query / kind", "p50 ms", "p95 ms"], rows))
    summary = [
        [kind, len(times), f"{pct(times, 0.5):.0f}", f"{pct(times, 0.95):.0f}",
         f"< {TARGETS[kind]:.0f}"]
        for kind, times in kinds.items()
    ]  # fmt: skip
    print("\n### Summary\n")
    print(table(["page", "requests", "p50 ms", "p95 ms", "target p95 ms"], summary))


if __name__ == "__main__":
    main()
