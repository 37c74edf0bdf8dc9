"""The hostile portal, one fault at a time: wall time, peak memory, requests and outcome.

Each fault of the sandbox's hostile portal (``sandbox/hostile/``) is served alone (with the
hostile host's robots.txt, which names the sitemaps of the faults served) and crawled by
``vnarchive crawl`` through the sandbox's proxy, which logs every request — also those to
forbidden addresses, which it refuses. Per fault: the crawl's wall time, the crawling
process's peak resident memory (extraction workers apart, then with them), the requests
that counted to the fault, and whether the recorded outcome is the one the catalogue
expects. A last row crawls every fault at once.

    .venv/bin/python bench/hostile.py [--bounds catalogue|defaults] [--faults ID ...]
        [--stall-seconds 60]

``--bounds catalogue`` (the default) crawls with the settings the catalogue's limits assume
(``sandbox.hostile.faults.BOUNDS``); ``--bounds defaults`` with the product's defaults,
where the traps run to the default page budget, pagination and calendar bounds.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _harness import measure, table  # noqa: E402

from sandbox import Sandbox, SandboxServer  # noqa: E402
from sandbox.hostile.faults import BOUNDS  # noqa: E402
from sandbox.hostile.judge import verdict  # noqa: E402
from sandbox.hostile.portal import ROBOTS_FAULT, HostilePortal, HostileSettings  # noqa: E402

ALL = "(all faults)"


def vnarchive(*args: str, data: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "vnarchive", *args, "--data-dir", str(data)],
        capture_output=True,
        check=False,
        cwd=ROOT,
    )


def look(data: Path) -> Callable[[str], dict[str, Any] | None]:
    def shown(url: str) -> dict[str, Any] | None:
        run = vnarchive("show", url, "--json", data=data)
        return json.loads(run.stdout) if run.returncode == 0 else None

    return shown


def crawl(only: tuple[str, ...], env: dict[str, str], stall: float, limits: bool) -> dict[str, Any]:
    settings = HostileSettings(stall_seconds=stall, drip_seconds=stall, only=only)
    sandbox = Sandbox(seed=1, pages_per_portal=1, hostile=settings)
    with tempfile.TemporaryDirectory(prefix="vnarchive-bench-hostile-") as tmp:
        data = Path(tmp)
        with SandboxServer(sandbox) as server:
            seeds = sandbox.hostile.seeds()
            argv = [sys.executable, "-m", "vnarchive", "crawl", *seeds, "--proxy",
                    server.proxy_url, "--delay", "0", "--data-dir", str(data)]  # fmt: skip
            measured = measure(argv, env={**env, "COLUMNS": "200"})
            log = list(server.requests)
        hits = sandbox.hostile.hits(log)
        jobs = json.loads(vnarchive("jobs", "--json", data=data).stdout or b"[]")
        job = jobs[0] if jobs else {}
        checked = {
            fault.id: verdict(fault, hits, log, job.get("errors") or {}, look(data), limits)
            for fault in sandbox.hostile.faults
        }
        verified = vnarchive("verify", data=data).returncode == 0
    return {
        "measured": measured,
        "hits": hits,
        "requests": len(log),
        "foreign": sum(1 for r in log if r["foreign"]),
        "job": job,
        "checked": checked,
        "verified": verified,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bounds", choices=["catalogue", "defaults"], default="catalogue")
    parser.add_argument("--faults", nargs="+", default=None, help="fault ids (default: all)")
    parser.add_argument("--stall-seconds", type=float, default=60.0)
    parser.add_argument("--no-all", action="store_true", help="skip the all-faults crawl")
    args = parser.parse_args()
    env = {**os.environ, **(BOUNDS if args.bounds == "catalogue" else {})}
    faults = HostilePortal().faults
    chosen = [f for f in faults if args.faults is None or f.id in args.faults]
    rows = []
    for fault in [*chosen, None]:
        if fault is None and args.no_all:
            break
        only = (fault.id,) if fault is not None else ()
        run = crawl(only, env, args.stall_seconds, limits=args.bounds == "catalogue")
        m, job = run["measured"], run["job"]
        if fault is not None:
            wrong = run["checked"][fault.id] or run["checked"][ROBOTS_FAULT]
            name, category, expected = fault.id, fault.category, fault.outcome
            hits, limit = run["hits"][fault.id], fault.limit or ""
            limit = limit if args.bounds == "catalogue" else ""
        else:
            failed = [fid for fid, why in run["checked"].items() if why]
            wrong = "; ".join(f"{fid}: {run['checked'][fid]}" for fid in failed) or None
            name, category, expected = ALL, "", "every outcome"
            hits, limit = sum(run["hits"].values()), ""
        rows.append([
            name, category, expected, hits, limit, run["requests"], run["foreign"],
            f"{m.wall:.1f}", f"{m.peak_main / 2**20:.0f}", f"{m.peak_rss / 2**20:.0f}",
            m.returncode, job.get("status", "?"), "yes" if run["verified"] else "NO",
            "ok" if wrong is None else f"FAILED: {wrong}",
        ])  # fmt: skip
        print(rows[-1], flush=True)
    print(f"bounds: {args.bounds}; slow faults stall {args.stall_seconds:.0f} s")
    print(
        table(
            ["fault", "category", "expected", "requests to it", "limit", "requests", "refused",
             "wall s", "crawler peak MiB", "with workers MiB", "exit", "job", "verify",
             "outcome"],
            rows,
        )
    )  # fmt: skip


if __name__ == "__main__":
    main()
