"""Benchmark script (not a test): 4-gram shingle F1 on the article-extraction benchmark.

Run: python -m tests.archive.extract.bench_articles [/path/to/article-extraction-benchmark]
Compares archive.extract.extract with plain trafilatura.extract on the same pages.
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import trafilatura

from archive.extract import extract

DEFAULT = Path("/work/shared/benchmarks/article-extraction-benchmark")


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = re.findall(r"\w+", text.lower())
    return Counter(tuple(tokens[i : i + n]) for i in range(max(0, len(tokens) - n + 1)))


def f1(truth: str, pred: str) -> tuple[float, float, float]:
    t, p = shingles(truth), shingles(pred)
    tp = sum((t & p).values())
    if not t and not p:
        return 1.0, 1.0, 1.0
    prec = tp / sum(p.values()) if p else 0.0
    rec = tp / sum(t.values()) if t else 0.0
    return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)


def main(root: Path = DEFAULT) -> None:
    truth = json.loads((root / "ground-truth.json").read_text())
    ours, plain, ms_ours, ms_plain, worst = [], [], [], [], []
    for key, item in sorted(truth.items()):
        html = gzip.decompress((root / "html" / f"{key}.html.gz").read_bytes())
        t0 = time.perf_counter()
        result = extract(html, item.get("url") or "")
        t1 = time.perf_counter()
        base = trafilatura.extract(html.decode("utf-8", "replace")) or ""
        t2 = time.perf_counter()
        ms_ours.append((t1 - t0) * 1000)
        ms_plain.append((t2 - t1) * 1000)
        ours.append(f1(item["articleBody"], result.text))
        plain.append(f1(item["articleBody"], base))
        worst.append((ours[-1][2] - plain[-1][2], key, result.reason))
    for name, rows, ms in (("archive.extract", ours, ms_ours), ("trafilatura", plain, ms_plain)):
        p, r, f = (statistics.mean(x[i] for x in rows) for i in range(3))
        print(f"{name:16} F1 {f:.3f}  P {p:.3f}  R {r:.3f}  "
              f"{statistics.mean(ms):.1f} ms/page (median {statistics.median(ms):.1f})")
    articles = sum(1 for _, _, reason in worst if reason is None)
    print(f"is_article True on {articles}/{len(worst)} pages (all are articles)")
    print("largest regressions vs trafilatura:")
    for delta, key, reason in sorted(worst)[:8]:
        print(f"  {delta:+.3f} {key} {reason}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT)
