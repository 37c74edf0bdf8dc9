"""Recrawl cost: a crawl, an unchanged recrawl, and a recrawl after the sandbox clock moved.

Prints WARC bytes, requests, pages skipped (their sitemap lastmod says unchanged) and time of
each vnarchive crawl, beside wget's second run (with --warc-dedup against its first run's CDX)
as a reference. The unchanged recrawl is also run, on a copy of the archive, with the sitemap
revisit policy off (VNARCHIVE_REVALIDATE_AFTER_DAYS=0: every page re-requested). Target: the
unchanged recrawl writes at most 5% of the first crawl's WARC bytes, and after the clock
advance every new and edited article is captured in full.

    .venv/bin/python bench/recrawl.py [--pages-per-portal 100] [--latency-ms 5]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import SandboxProcess, measure, sandbox_process, table  # noqa: E402


def warc_bytes(directory: Path) -> int:
    return sum(p.stat().st_size for p in directory.glob("*.warc.gz"))


class Run(NamedTuple):
    warc_bytes: int
    requests: int
    wall: float
    skipped: int | None = None  # None: not applicable (wget)


def last_job_stats(data: Path) -> dict:
    with sqlite3.connect(data / "archive.sqlite3") as conn:
        (stats,) = conn.execute("SELECT stats FROM crawl_jobs ORDER BY id DESC LIMIT 1").fetchone()
    return json.loads(stats) if isinstance(stats, str) else stats


def crawl(sandbox: SandboxProcess, data: Path, env: dict[str, str] | None = None) -> Run:
    before_bytes = warc_bytes(data / "warcs") if (data / "warcs").exists() else 0
    before_requests = sandbox.portal_requests()
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
            str(data),
        ],
        env=env,
    )
    assert m.returncode == 0, "vnarchive crawl failed"
    return Run(
        warc_bytes(data / "warcs") - before_bytes,
        sandbox.portal_requests() - before_requests,
        m.wall,
        int(last_job_stats(data).get("skipped_unchanged", 0)),
    )


def wget(sandbox: SandboxProcess, work: Path, name: str, dedup: Path | None) -> Run:
    before = sandbox.portal_requests()
    argv = [
        "wget",
        "--recursive",
        "--level=inf",
        "--no-verbose",
        "--delete-after",
        "--directory-prefix",
        str(work / name),
        "--warc-file",
        str(work / name),
        "--warc-cdx",
        "--reject-regex",
        r"\.(jpg|jpeg|png|gif|css|js)$",
        "-e",
        "robots=on",
        "-e",
        "use_proxy=on",
        "-e",
        f"http_proxy={sandbox.proxy}",
    ]
    if dedup is not None:
        argv += ["--warc-dedup", str(dedup)]
    m = measure([*argv, *sandbox.portal_urls()])
    return Run(
        (work / f"{name}.warc.gz").stat().st_size, sandbox.portal_requests() - before, m.wall
    )


def changed_articles_in_full(
    sandbox: SandboxProcess, data: Path, before: dict[str, int]
) -> tuple[int, int]:
    after = sandbox.control("/_sandbox/truth.json")
    changed = {a["url"] for a in after if before.get(a["url"]) != a["version"]}
    with sqlite3.connect(data / "archive.sqlite3") as conn:
        last_job = conn.execute("SELECT max(id) FROM crawl_jobs").fetchone()[0]
        full = {
            u
            for (u,) in conn.execute(
                "SELECT url FROM captures WHERE job_id = ? AND record_type = 'response'",
                (last_job,),
            )
        }
    return len(changed & full), len(changed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages-per-portal", type=int, default=100)
    parser.add_argument("--latency-ms", type=int, default=5)
    parser.add_argument("--advance-days", type=int, default=3)
    args = parser.parse_args()
    rows = []
    with (
        tempfile.TemporaryDirectory() as tmp,
        sandbox_process(args.pages_per_portal, args.latency_ms) as sandbox,
    ):
        data = Path(tmp) / "vn"
        first = crawl(sandbox, data)
        shutil.copytree(data, Path(tmp) / "vn-policy-off")
        second = crawl(sandbox, data)
        second_off = crawl(
            sandbox, Path(tmp) / "vn-policy-off", env={"VNARCHIVE_REVALIDATE_AFTER_DAYS": "0"}
        )
        truth = {a["url"]: a["version"] for a in sandbox.control("/_sandbox/truth.json")}
        if shutil.which("wget"):
            w1 = wget(sandbox, Path(tmp), "wget1", None)
            w2 = wget(sandbox, Path(tmp), "wget2", Path(tmp) / "wget1.cdx")
        sandbox.control(f"/_sandbox/advance?days={args.advance_days}", method="POST")
        third = crawl(sandbox, data)
        full, changed = changed_articles_in_full(sandbox, data, truth)

        def row(name: str, r: Run, base: int) -> list[object]:
            return [
                name,
                f"{r.warc_bytes:,}",
                f"{100 * r.warc_bytes / base:.1f}%",
                r.requests,
                "-" if r.skipped is None else r.skipped,
                f"{r.wall:.1f}",
            ]

        rows.append(row("vnarchive: first crawl", first, first.warc_bytes))
        rows.append(row("vnarchive: unchanged recrawl", second, first.warc_bytes))
        rows.append(row("vnarchive: unchanged recrawl, policy off", second_off, first.warc_bytes))
        rows.append(row(f"vnarchive: after +{args.advance_days} days", third, first.warc_bytes))
        if shutil.which("wget"):
            rows.append(row("wget: first run", w1, w1.warc_bytes))
            rows.append(row("wget: second run (--warc-dedup)", w2, w1.warc_bytes))
    print(f"sandbox: {args.pages_per_portal} articles per portal, {args.latency_ms} ms latency")
    print(table(["crawl", "WARC bytes", "of first", "requests", "skipped", "wall s"], rows))
    print(f"\nafter the clock advance: {full} of {changed} new or edited articles captured in full")


if __name__ == "__main__":
    main()
