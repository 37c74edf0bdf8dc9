"""Crawl throughput: `vnarchive crawl` against wget --recursive --warc-file, same sandbox.

A sandbox of a few thousand pages with per-response latency runs in a subprocess; each
crawler goes through it as a proxy. Prints pages/s, CPU seconds per page and peak memory.
vnarchive runs three ways: extraction behind the crawl in worker processes (the default),
inline in the crawling process (VNARCHIVE_EXTRACT_WORKERS=0), and without extraction
(VNARCHIVE_EXTRACT=0). Throughput is shown over the crawl itself (Scrapy's start to the last
page fetched) and over the whole command (until the last page is indexed); target: with the
workers, throughput stays at least 80% of the throughput without extraction.

    .venv/bin/python bench/crawl.py [--pages-per-portal 400] [--latency-ms 20] [--repeat 3]
        [--only pool none] [--no-wget]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import Measured, measure, sandbox_process, table  # noqa: E402

NAMES = {"pool": "in workers", "inline": "inline"}


def fetch_seconds(workdir: Path) -> float | None:
    """How long the crawl's fetching took (Scrapy's start to the engine going idle): the
    pipeline records it before it waits for the last pages to be indexed."""
    db = workdir / "archive.sqlite3"
    if not db.exists():
        return None
    with sqlite3.connect(db) as conn:
        (raw,) = conn.execute("SELECT stats FROM crawl_jobs ORDER BY id DESC").fetchone()
    stats = json.loads(raw or "{}").get("scrapy", {})
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
    ("pool", "vnarchive crawl (extraction behind the crawl, in workers)", {}),
    ("inline", "vnarchive crawl (extraction inline)", {"VNARCHIVE_EXTRACT_WORKERS": "0"}),
    ("none", "vnarchive crawl (no extraction)", {"VNARCHIVE_EXTRACT": "0"}),
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
    args = parser.parse_args()
    rows = []
    speed: dict[str, float] = {}
    crawl_speed: dict[str, float] = {}
    chosen = [v for v in VARIANTS if not args.only or v[0] in args.only]
    runs: dict[str, list[tuple[Measured, int, float | None]]] = {k: [] for k, _, _ in chosen}
    with sandbox_process(args.pages_per_portal, args.latency_ms) as sandbox:
        for _ in range(args.repeat):  # interleaved, so that drifts hit every variant alike
            for key, _name, env in chosen:
                with tempfile.TemporaryDirectory() as tmp:
                    m, pages = run_vnarchive(sandbox, Path(tmp) / "vn", env)
                    runs[key].append((m, pages, fetch_seconds(Path(tmp) / "vn")))
        for key, name, _env in chosen:
            # the run with the median wall time; speeds are medians over the runs
            ordered = sorted(runs[key], key=lambda r: r[0].wall)
            m, pages, fetched = ordered[len(ordered) // 2]
            label = f"{name}, median of {args.repeat}" if args.repeat > 1 else name
            rows.append(row(label, m, pages, fetched))
            speed[key] = statistics.median(p / r.wall for r, p, _ in runs[key] if r.wall)
            crawl_speed[key] = statistics.median([p / f for _, p, f in runs[key] if f] or [0.0])
        if args.no_wget:
            pass
        elif shutil.which("wget"):
            with tempfile.TemporaryDirectory() as tmp:
                m, pages = run_wget(sandbox, Path(tmp))
                rows.append(row("wget --recursive --warc-file", m, pages))
        else:
            rows.append(["wget (not installed)", "-", "-", "-", "-", "-", "-", "-", "-"])
    print(
        f"sandbox: {args.pages_per_portal} articles per portal, "
        f"{args.latency_ms} ms latency per response"
    )
    print(
        table(
            [
                "crawler",
                "requests",
                "wall s",
                "pages/s (wall)",
                "crawl s",
                "pages/s (crawl)",
                "CPU ms/page",
                "peak RSS MiB",
                "exit",
            ],
            rows,
        )
    )
    print(
        "wall: the whole command, indexing included; crawl: Scrapy's start to the last "
        "page fetched (indexing may trail behind it)"
    )
    if speed.get("none"):
        for key in [k for k in ("pool", "inline") if k in speed]:
            for label, sp in (("crawl", crawl_speed), ("wall", speed)):
                if sp.get(key) and sp.get("none"):
                    print(
                        f"vnarchive pages/s ({label}) with extraction {NAMES[key]} / without: "
                        f"{sp[key]:.1f} / {sp['none']:.1f} = {sp[key] / sp['none']:.0%} "
                        "(target for workers: >= 80%)"
                    )


if __name__ == "__main__":
    main()
