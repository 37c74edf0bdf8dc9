"""Crawl workers: pages/s with 1, 2 and 4 workers on latent portals, and the scaling ratio;
indexers: captures/s with 1 and 2 indexers on a backlog.

A sandbox of 21 portals (three sets of seven, ``Sandbox(copies=3)``) answers every request
after ``--latency`` ms; the job of all of them goes to the shared queue (Redis) and N
``vnarchive worker crawl --exit-when-idle`` processes crawl it into PostgreSQL (both
started by the bench, as the tests start them). Timed: from the workers' start to the last
one's exit; pages: the job's captures.

Indexers: the same 21 portals with ``--backlog-pages`` articles each are crawled once by
four workers with ``VNARCHIVE_EXTRACT=0`` (no latency); each run copies that database
(``CREATE DATABASE … TEMPLATE``) and N ``vnarchive worker index --exit-when-idle``
processes index its backlog (HTML pages and documents; templates learned at the end).
Timed: from the indexers' start to the last one's exit.

    .venv/bin/python bench/workers.py [--workers 1 2 4] [--indexers 1 2]
        [--pages-per-portal 6] [--backlog-pages 20] [--latency 100] [--delay 0.2]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import table  # noqa: E402

from tests.servers import postgres_server, redis_server  # noqa: E402


def one_run(
    n: int, args: argparse.Namespace, pg, redis_url: str, server, sandbox,
    name: str | None = None, extract: bool = True, data: Path | None = None,
) -> list:  # fmt: skip
    import redis

    from archive.config import load_config
    from archive.db.engine import make_engine, upgrade

    redis.Redis.from_url(redis_url).flushdb()
    db = name or f"workers_{n}_{int(time.time())}"
    url = pg.create_database(db)
    upgrade(make_engine(load_config("/nonexistent", db_url=url)))
    data = data or Path(tempfile.mkdtemp(prefix=f"vnarchive-bench-workers-{n}-"))
    env = {**os.environ, "VNARCHIVE_DB_URL": url, "VNARCHIVE_REDIS_URL": redis_url,
           "VNARCHIVE_EXTRACT_WORKERS": "1", "VNARCHIVE_OCR": "0",
           "VNARCHIVE_EXTRACT": "1" if extract else "0"}  # fmt: skip
    base = [sys.executable, "-m", "vnarchive"]
    subprocess.run(
        [*base, "crawl", *sandbox.portal_urls(), "--proxy", server.proxy_url, "--delay",
         str(args.delay), "--no-wait", "--data-dir", str(data)],
        env=env, check=True, capture_output=True,
    )  # fmt: skip
    started = time.monotonic()
    workers = [
        subprocess.Popen([*base, "worker", "crawl", "--id", f"w{i}", "--exit-when-idle",
                          "--data-dir", str(data)], env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for i in range(n)
    ]  # fmt: skip
    codes = [w.wait() for w in workers]
    elapsed = time.monotonic() - started
    import psycopg

    with psycopg.connect(host="127.0.0.1", port=pg.port, user="postgres", dbname=db) as conn:
        pages = conn.execute("SELECT count(*) FROM captures").fetchone()[0]  # type: ignore[index]
        status = conn.execute("SELECT status FROM crawl_jobs").fetchone()[0]  # type: ignore[index]
    assert codes == [0] * n and status == "succeeded", (codes, status)
    return [n, pages, f"{elapsed:.1f}", f"{pages / elapsed:.1f}"]


def backlog(args: argparse.Namespace, pg, redis_url: str) -> Path:
    """The database ``backlog``, whose crawl archived without extracting; its data folder."""
    from sandbox import Sandbox, SandboxServer

    data = Path(tempfile.mkdtemp(prefix="vnarchive-bench-backlog-"))
    sandbox = Sandbox(seed=2, pages_per_portal=args.backlog_pages, copies=3)
    with SandboxServer(sandbox, latency_ms=0) as server:
        args = argparse.Namespace(**{**vars(args), "delay": 0.0})
        one_run(4, args, pg, redis_url, server, sandbox, "backlog", False, data)
    return data


def index_run(n: int, pg, redis_url: str, data: Path) -> list:
    import psycopg
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    db = f"indexers_{n}_{int(time.time())}"
    url = pg.create_database(db, template="backlog")
    from sqlalchemy.orm import sessionmaker

    from archive.config import load_config
    from archive.db.engine import make_engine
    from archive.documents.indexing import pending_captures

    engine = make_engine(load_config("/nonexistent", db_url=url))
    todo = len(pending_captures(sessionmaker(engine), limit=10**7))
    engine.dispose()
    env = {**os.environ, "VNARCHIVE_DB_URL": url, "VNARCHIVE_REDIS_URL": redis_url,
           "VNARCHIVE_OCR": "0"}  # fmt: skip
    started = time.monotonic()
    indexers = [
        subprocess.Popen([sys.executable, "-m", "vnarchive", "worker", "index", "--id", f"i{i}",
                          "--exit-when-idle", "--data-dir", str(data)], env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        for i in range(n)
    ]  # fmt: skip
    outs = [p.communicate()[0] for p in indexers]
    elapsed = time.monotonic() - started
    assert all(p.returncode == 0 for p in indexers), outs
    done = sum(int(o.split()[0]) for o in outs)
    with psycopg.connect(host="127.0.0.1", port=pg.port, user="postgres", dbname=db) as conn:
        docs = conn.execute("SELECT count(*) FROM documents").fetchone()[0]  # type: ignore[index]
    return [n, todo, done, docs, f"{elapsed:.1f}", f"{done / elapsed:.1f}"]


def workers_table(args: argparse.Namespace) -> None:
    from sandbox import Sandbox, SandboxServer

    rows = []
    with postgres_server() as pg, redis_server() as redis_url:
        for n in args.workers:
            sandbox = Sandbox(seed=1, pages_per_portal=args.pages_per_portal, copies=3)
            with SandboxServer(sandbox, latency_ms=args.latency) as server:
                rows.append(one_run(n, args, pg, redis_url, server, sandbox))
                print(f"  {n} worker(s): {rows[-1][3]} pages/s", flush=True)
    one = float(rows[0][3]) if rows and rows[0][0] == 1 else None
    for row in rows:
        row.append(f"{float(row[3]) / one:.2f}×" if one else "-")
    print(f"\n{len(Sandbox(copies=3).portal_urls())} portals, {args.latency} ms latency, "
          f"delay {args.delay} s, {args.pages_per_portal} articles per portal\n")  # fmt: skip
    print(table(["workers", "pages", "seconds", "pages/s", "vs 1 worker"], rows))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", nargs="*", type=int, default=[1, 2, 4])
    parser.add_argument("--pages-per-portal", type=int, default=6)
    parser.add_argument("--indexers", nargs="*", type=int, default=[1, 2])
    parser.add_argument("--backlog-pages", type=int, default=20)
    parser.add_argument("--latency", type=int, default=100)
    parser.add_argument("--delay", type=float, default=0.2)
    args = parser.parse_args()
    if args.workers:
        workers_table(args)
    if not args.indexers:
        return
    rows = []
    with postgres_server() as pg, redis_server() as redis_url:
        data = backlog(args, pg, redis_url)
        for n in args.indexers:
            rows.append(index_run(n, pg, redis_url, data))
            print(f"  {n} indexer(s): {rows[-1][5]} captures/s", flush=True)
    one = float(rows[0][5]) if rows and rows[0][0] == 1 else None
    for row in rows:
        row.append(f"{float(row[5]) / one:.2f}×" if one else "-")
    print(f"\nbacklog: 21 portals, {args.backlog_pages} articles per portal, crawled with "
          "VNARCHIVE_EXTRACT=0\n")  # fmt: skip
    print(table(["indexers", "pending", "indexed", "documents", "seconds", "captures/s",
                 "vs 1 indexer"], rows))  # fmt: skip


if __name__ == "__main__":
    main()
