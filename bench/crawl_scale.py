"""How a crawl scales: pages/s and the crawling process's peak memory at 1k to 50k pages.

One sandbox portal per size step with enough articles for the page count, crawled with
the defaults (extraction in workers, capture I/O off the event loop), on SQLite and on
PostgreSQL. The crawling process's resident memory is what must stay flat (target: under
500 MB at 100k pages); the extraction workers are counted apart.

    .venv/bin/python bench/crawl_scale.py [--pages 1000 5000 20000 50000]
        [--backends sqlite postgresql] [--latency-ms 5]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import database_for, measure, sandbox_process, table  # noqa: E402

# A sandbox article brings about 2.3 requests (its page, listings, redirects, the
# robots.txt and sitemaps of its portal): articles per portal for a page count.
PAGES_PER_ARTICLE = 2.3
PORTALS = 7


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", nargs="+", type=int, default=[1000, 5000, 20000, 50000])
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--latency-ms", type=int, default=5)
    args = parser.parse_args()
    rows = []
    for pages in args.pages:
        per_portal = max(1, round(pages / PAGES_PER_ARTICLE / PORTALS))
        with sandbox_process(per_portal, args.latency_ms) as sandbox:
            for backend in args.backends:
                with tempfile.TemporaryDirectory() as tmp, database_for(backend) as env:
                    before = sandbox.portal_requests()
                    m = measure(
                        [sys.executable, "-m", "vnarchive", "crawl", *sandbox.portal_urls(),
                         "--proxy", sandbox.proxy, "--delay", "0", "--data-dir", tmp],
                        env=env,
                    )  # fmt: skip
                    done = sandbox.portal_requests() - before
                rows.append([
                    backend, pages, done, f"{m.wall:.0f}", f"{done / m.wall:.1f}",
                    f"{m.peak_main / 2**20:.0f}", f"{m.peak_rss / 2**20:.0f}",
                    f"{m.peak_main / max(done, 1) / 1024:.1f}", m.returncode,
                ])  # fmt: skip
                print(rows[-1], flush=True)
    print(f"latency {args.latency_ms} ms per response; one crawl of all portals per row")
    print(
        table(
            ["backend", "pages asked", "requests", "wall s", "pages/s", "crawler peak RSS MiB",
             "with workers MiB", "crawler KiB/page", "exit"],
            rows,
        )
    )  # fmt: skip


if __name__ == "__main__":
    main()
