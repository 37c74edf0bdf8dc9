"""Whole-archive commands at 10k and 100k captures: verify, cdx export, WACZ export of one
portal, health and jobs — wall time and peak memory, on SQLite and PostgreSQL.

The archive is made with the real recorder (WARC records and rows, as a crawl writes
them): pages on 40 portals, captured by five jobs, each later job answering part of them
with revisits. Targets: ``verify`` linear in the archive, with bounded memory.

    .venv/bin/python bench/archive_ops.py [--captures 10000 100000]
        [--backends sqlite postgresql] [--workdir /tmp/vnarchive-bench-ops]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import measure, table  # noqa: E402

from archive.capture.record import CaptureRecorder, Pending  # noqa: E402
from archive.config import load_config  # noqa: E402
from archive.db import jobs  # noqa: E402
from archive.db.engine import make_engine, open_database, upgrade  # noqa: E402
from archive.warc import HttpExchange  # noqa: E402

HOSTS = [f"xa{i}.huyen{i % 8}.haiduong.gov.vn" for i in range(40)]
JOBS = 5


def page(url: str, version: int, when: datetime) -> HttpExchange:
    body = (
        f"<html><head><title>{url}</title></head><body>"
        + "<p>Hội nghị Ban Chấp hành Đảng bộ xã lần thứ nhất.</p>" * 40
        + f"<p>phiên bản {version}</p></body></html>"
    ).encode()
    return HttpExchange(
        url=url,
        method="GET",
        request_headers=[("Host", url.split("/")[2]), ("User-Agent", "bench")],
        status=200,
        response_headers=[("Content-Type", "text/html; charset=utf-8"), ("ETag", f'"{version}"')],
        body=body,
        fetched_at=when,
    )


def build(data: Path, db_url: str | None, captures: int) -> None:
    config = load_config(data, db_url=db_url)
    upgrade(make_engine(config))
    sessions = open_database(config)
    rng = random.Random(1)
    urls = [f"http://{HOSTS[i % len(HOSTS)]}/tin/{i}.html" for i in range(captures // JOBS)]
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for job in range(JOBS):
        job_id = jobs.start(sessions, [f"http://{h}/" for h in HOSTS])
        recorder = CaptureRecorder(config, sessions, {"isPartOf": f"job-{job_id}"})
        batch = []
        for n, url in enumerate(urls):
            version = 0 if rng.random() < 0.8 else job  # four in five unchanged: revisits
            when = start + timedelta(days=job, seconds=n)
            batch.append(Pending(page(url, version, when), job_id))
            if len(batch) == 500:
                recorder.record_many(batch)
                batch = []
        if batch:
            recorder.record_many(batch)
        recorder.close()
        jobs.finish(sessions, job_id, "succeeded", {"warc_bytes": recorder.warc_bytes})
    sessions.kw["bind"].dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--captures", nargs="+", type=int, default=[10_000, 100_000])
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/vnarchive-bench-ops"))
    args = parser.parse_args()
    rows = []
    server_cm = None
    server = None
    if "postgresql" in args.backends:
        from tests.servers import postgres_server

        server_cm = postgres_server(root=args.workdir / "pg")
        server = server_cm.__enter__()
    try:
        for backend in args.backends:
            for count in args.captures:
                data = args.workdir / f"{backend}-{count}"
                url = None
                if backend == "postgresql":
                    assert server is not None
                    url = server.url(f"ops_{count}")
                if not data.exists():
                    if url is not None:
                        server.create_database(f"ops_{count}")
                    started = time.monotonic()
                    build(data, url, count)
                    print(f"built {backend} {count}: {time.monotonic() - started:.0f} s")
                env = {"VNARCHIVE_DB_URL": url} if url else {}
                commands = {
                    "verify": ["verify"],
                    "cdx export": ["cdx", "export", "-o", os.devnull],
                    "export wacz (one portal)": [
                        "export", "wacz", "--portal", HOSTS[0], "-o", str(data / "x.wacz")
                    ],
                    "health": ["health"],
                    "jobs": ["jobs"],
                }  # fmt: skip
                for name, argv in commands.items():
                    m = measure(
                        [sys.executable, "-m", "vnarchive", *argv, "--data-dir", str(data)],
                        env=env,
                    )
                    rows.append([backend, f"{count:,}", name, f"{m.wall:.1f}",
                                 f"{m.peak_rss / 2**20:.0f}", m.returncode])  # fmt: skip
                    print(rows[-1], flush=True)
    finally:
        if server_cm is not None:
            server_cm.__exit__(None, None, None)
    print(table(["backend", "captures", "command", "wall s", "peak RSS MiB", "exit"], rows))


if __name__ == "__main__":
    main()
