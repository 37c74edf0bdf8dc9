"""(b) The shared article-extraction benchmark: 181 real pages of international sites, scored
as its own evaluate.py does (4-token shingles of the text, precision / recall / F1 per page,
averaged), archive.extract beside plain trafilatura."""

from __future__ import annotations

import gzip
import json
import re
import statistics
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import trafilatura
from _harness import table

from archive.extract import extract


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = re.findall(r"\w+", text.lower())
    return Counter(tuple(tokens[i : i + n]) for i in range(max(0, len(tokens) - n + 1)))


def f1(truth: str, pred: str) -> tuple[float, float, float]:
    """Precision, recall and F1 of ``pred``'s 4-gram shingles against ``truth``'s."""
    t, p = shingles(truth), shingles(pred)
    if not t and not p:
        return 1.0, 1.0, 1.0
    tp = sum((t & p).values())
    prec = tp / sum(p.values()) if p else 0.0
    rec = tp / sum(t.values()) if t else 0.0
    return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)


@dataclass
class SharedResult:
    pages: int
    rows: dict[str, tuple[float, float, float, float]]  # name → P, R, F1, ms/page
    articles: int  # pages archive.extract calls articles
    worst: list[tuple[float, str, str | None]]


def shared_benchmark(root: Path) -> SharedResult | None:
    truth_file = root / "ground-truth.json"
    if not truth_file.is_file():
        return None
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    scores: dict[str, list[tuple[float, float, float]]] = {
        "archive.extract": [],
        "trafilatura (plain)": [],
    }
    ms: dict[str, list[float]] = {k: [] for k in scores}
    worst, articles = [], 0
    for key, item in sorted(truth.items()):
        page = gzip.decompress((root / "html" / f"{key}.html.gz").read_bytes())
        t0 = time.perf_counter()
        result = extract(page, item.get("url") or "")
        t1 = time.perf_counter()
        base = trafilatura.extract(page.decode("utf-8", "replace")) or ""
        t2 = time.perf_counter()
        ms["archive.extract"].append((t1 - t0) * 1000)
        ms["trafilatura (plain)"].append((t2 - t1) * 1000)
        scores["archive.extract"].append(f1(item["articleBody"], result.text))
        scores["trafilatura (plain)"].append(f1(item["articleBody"], base))
        articles += result.is_article
        worst.append(
            (
                scores["archive.extract"][-1][2] - scores["trafilatura (plain)"][-1][2],
                key,
                result.reason,
            )
        )
    rows = {}
    for name, rs in scores.items():
        p, r, f = (statistics.mean(x[i] for x in rs) for i in range(3))
        rows[name] = (p, r, f, statistics.mean(ms[name]))
    return SharedResult(len(truth), rows, articles, sorted(worst)[:5])


def shared_table(res: SharedResult) -> str:
    rows = [
        [name, f"{f:.4f}", f"{p:.4f}", f"{r:.4f}", f"{ms:.0f}"]
        for name, (p, r, f, ms) in res.rows.items()
    ]
    return table(["extractor", "F1", "precision", "recall", "ms/page"], rows)
