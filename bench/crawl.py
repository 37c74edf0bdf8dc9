"""Crawl throughput: `vnarchive crawl` against wget --recursive --warc-file, same sandbox.

A sandbox of a few thousand pages with per-response latency runs in a subprocess; each
crawler goes through it as a proxy. Prints pages/s, CPU seconds per page and peak memory.
vnarchive runs four ways: extraction behind the crawl in worker processes (the default),
the same with capture I/O on the crawl's event loop (VNARCHIVE_CAPTURE_THREAD=false, as
before the capture thread), extraction inline in the crawling process
(VNARCHIVE_EXTRACT_WORKERS=0), and without extraction (VNARCHIVE_EXTRACT=0); on SQLite and
on PostgreSQL (a server the bench starts). Throughput is shown over the crawl itself
(Scrapy's start to the last page fetched) and over the whole command (until the last page
is indexed); target: with the workers, throughput stays at least 80% of the throughput
without extraction.

    .venv/bin/python bench/crawl.py [--pages-per-portal 400] [--latency-ms 20] [--repeat 3]
        [--only pool reactor none] [--backends sqlite postgresql] [--no-wget]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import Measured, database_for, measure, sandbox_process, table  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

NAMES = {"pool": "in workers", "inline": "inline"}


def fetch_seconds(workdir: Path, env: dict[str, str]) -> float | None:
    """How long the crawl's fetching took (Scrapy's start to the engine going idle): the
    pipeline records it before it waits for the last pages to be indexed."""
    url = env.get("VNARCHIVE_DB_URL") or f"sqlite:///{workdir / 'archive.sqlite3'}"
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            raw = conn.execute(
                text("SELECT stats FROM crawl_jobs ORDER BY id DESC LIMIT 1")
            ).scalar()
    except Exception:  # noqa: BLE001 - no database: the crawl failed
        return None
    finally:
        engine.dispose()
    stats = (json.loads(raw) if isinstance(raw, str) else raw or {}).get("scrapy", {})
    value = stats.get("vnarchive/fetch_seconds", stats.get("elapsed_time_seconds"))
    return float(value) if value is not None else None


def row(name: str, m: Measured, pages: int, fetched: float | None = None) -> list[object]:
    return [
        name,
        pages,
        f"{m.wall:.1f}",
        f"{pages / m.wall:.1f}" if m.wall else "-",
        f"{fetched:.1f}" if fetched else "-",
        f"{pages / fetched:.1f}" if fetched else "-",
        f"{m.cpu / pages * 1000:.1f}" if pages else "-",
        f"{m.peak_rss / 2**20:.0f}",
        m.returncode,
    ]


VARIANTS = (
    ("pool", "extraction in workers, capture I/O off the event loop", {}),
    (
        "reactor",
        "extraction in workers, capture I/O on the event loop (before)",
        {"VNARCHIVE_CAPTURE_THREAD": "0"},
    ),
    ("inline", "extraction inline", {"VNARCHIVE_EXTRACT_WORKERS": "0"}),
    ("none", "no extraction", {"VNARCHIVE_EXTRACT": "0"}),
)


def run_vnarchive(sandbox, workdir: Path, env: dict[str, str]) -> tuple[Measured, int]:
    before = sandbox.portal_requests()
    m = measure(
        [
            sys.executable,
            "-m",
            "vnarchive",
            "crawl",
            *sandbox.portal_urls(),
            "--proxy",
            sandbox.proxy,
            "--delay",
            "0",
            "--data-dir",
            str(workdir),
        ],
        env=env,
    )
    return m, sandbox.portal_requests() - before


def run_wget(sandbox, workdir: Path) -> tuple[Measured, int]:
    before = sandbox.portal_requests()
    m = measure(
        [
            "wget",
            "--recursive",
            "--level=inf",
            "--no-verbose",
            "--delete-after",
            "--directory-prefix",
            str(workdir),
            "--warc-file",
            str(workdir / "wget"),
            "--reject-regex",
            r"\.(jpg|jpeg|png|gif|css|js)$",
            "-e",
            "robots=on",
            "-e",
            "use_proxy=on",
            "-e",
            f"http_proxy={sandbox.proxy}",
            *sandbox.portal_urls(),
        ]
    )
    return m, sandbox.portal_requests() - before


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages-per-portal", type=int, default=400)
    parser.add_argument("--latency-ms", type=int, default=20)
    parser.add_argument("--no-wget", action="store_true", help="skip the wget reference run")
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="runs of each vnarchive variant (interleaved); medians shown",
    )
    parser.add_argument(
        "--only",
        nargs="+",
        choices=[k for k, _, _ in VARIANTS],
        help="run only these vnarchive variants",
    )
    parser.add_argument(
        "--backends", nargs="+", default=["sqlite"], choices=["sqlite", "postgresql"]
    )
    args = parser.parse_args()
    rows = []
    speed: dict[tuple[str, str], float] = {}
    crawl_speed: dict[tuple[str, str], float] = {}
    chosen = [v for v in VARIANTS if not args.only or v[0] in args.only]
    keys = [(b, k) for b in args.backends for k, _, _ in chosen]
    runs: dict[tuple[str, str], list[tuple[Measured, int, float | None]]] = {k: [] for k in keys}
    with sandbox_process(args.pages_per_portal, args.latency_ms) as sandbox:
        for _ in range(args.repeat):  # interleaved, so that drifts hit every variant alike
            for backend in args.backends:
                for key, _name, env in chosen:
                    with tempfile.TemporaryDirectory() as tmp, database_for(backend) as db_env:
                        full = {**env, **db_env}
                        m, pages = run_vnarchive(sandbox, Path(tmp) / "vn", full)
                        fetched = fetch_seconds(Path(tmp) / "vn", full)
                        runs[(backend, key)].append((m, pages, fetched))
        for backend in args.backends:
            for key, name, _env in chosen:
                done = runs[(backend, key)]
                # the run with the median wall time; speeds are medians over the runs
                m, pages, fetched = sorted(done, key=lambda r: r[0].wall)[len(done) // 2]
                label = f"{name}, median of {args.repeat}" if args.repeat > 1 else name
                rows.append([backend, *row(label, m, pages, fetched)])
                speed[(backend, key)] = statistics.median(p / r.wall for r, p, _ in done if r.wall)
                crawl_speed[(backend, key)] = statistics.median(
                    [p / f for _, p, f in done if f] or [0.0]
                )
        if args.no_wget:
            pass
        elif shutil.which("wget"):
            with tempfile.TemporaryDirectory() as tmp:
                m, pages = run_wget(sandbox, Path(tmp))
                rows.append(["-", *row("wget --recursive --warc-file", m, pages)])
        else:
            rows.append(["-", "wget (not installed)", "-", "-", "-", "-", "-", "-", "-", "-"])
    print(
        f"sandbox: {args.pages_per_portal} articles per portal, "
        f"{args.latency_ms} ms latency per response"
    )
    headers = ["backend", "crawler", "requests", "wall s", "pages/s (wall)", "crawl s",
               "pages/s (crawl)", "CPU ms/page", "peak RSS MiB", "exit"]  # fmt: skip
    print(table(headers, rows))
    print(
        "wall: the whole command, indexing included; crawl: Scrapy's start to the last "
        "page fetched (indexing may trail behind it)"
    )
    for backend in args.backends:
        base = speed.get((backend, "none"))
        for key in [k for k in ("pool", "reactor", "inline") if (backend, k) in speed]:
            for label, sp in (("crawl", crawl_speed), ("wall", speed)):
                ours, without = sp.get((backend, key)), sp.get((backend, "none"))
                if base and ours and without:
                    print(
                        f"{backend}: pages/s ({label}) {key} / without extraction: "
                        f"{ours:.1f} / {without:.1f} = {ours / without:.0%} "
                        "(target for workers: >= 80%)"
                    )


if __name__ == "__main__":
    main()
