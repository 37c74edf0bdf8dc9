"""Syndication: precision and recall of "same story", and the time to place a new text.

The corpus is the sandbox's: every article of every portal, each of its versions after
the clock moved (edits), district and commune reposts of provincial articles (a rewritten
first paragraph, the commune's name added, an ending cut or extended, another title, the
same text), and the official documents of one template per portal type (other numbers,
names, dates: they must stay apart). Truth: a repost tells its source's story; every
version of an article tells the article's; every other text is a story of its own.

Texts are placed through the archive's own path (``archive.documents.syndication.place``
on a real SQLite archive). The time per new text is measured after ``--sizes`` documents
are already filed under their LSH bands (filler documents with random band keys: the
index is as large as at that archive size, the candidates are the corpus's own).

    .venv/bin/python bench/nearduplicates.py [--sizes 10000 200000] [--days 20]
        [--thresholds 0.5 0.6 0.7 0.8]
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import itertools
import random
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import table  # noqa: E402
from sqlalchemy import delete, insert, update  # noqa: E402

from archive.config import load_config  # noqa: E402
from archive.db.engine import open_database  # noqa: E402
from archive.db.models import Document, TextBand  # noqa: E402
from archive.documents.nearduplicates import (  # noqa: E402
    BANDS,
    Settings,
    band_keys,
    same_story,
    shingles,
    words,
)
from archive.documents.syndication import place  # noqa: E402
from archive.text import text_hash  # noqa: E402
from sandbox import Sandbox  # noqa: E402


def corpus(days: int) -> list[tuple[str, str, str, str]]:
    """(story, kind, text, page) of every text the sandbox published."""
    sandbox = Sandbox(seed=7, pages_per_portal=40, reposts=0.3)
    sandbox.advance(days)
    out = []
    for state in sandbox.model.portals.values():
        for art in state.articles.values():
            story = f"{art.source.host}/{art.source.id}" if art.source else f"{art.host}/{art.id}"
            kind = f"repost:{art.variant}" if art.source else "article"
            for version in range(1, art.version + 1):
                text = "\n".join(dataclasses.replace(art, version=version).content(7).body)
                page = f"{art.host}/{art.id}"  # versions of one page share its URL
                out.append((story, kind if version == 1 else "version", text, page))
    for doc in sandbox.documents_truth():
        out.append((doc["url"], "decision", doc["text"], doc["url"]))
    unique: dict[str, tuple[str, str, str, str]] = {}
    for item in out:
        unique.setdefault(text_hash(item[2]), item)  # one document per distinct text
    return list(unique.values())


def filler(sessions, size: int) -> None:
    """``size`` documents already filed under random band keys."""
    rng = random.Random(size)
    now = datetime(2024, 1, 1, tzinfo=UTC)
    with sessions.begin() as session:
        for start in range(0, size, 5000):
            ids = range(start + 1, min(size, start + 5000) + 1)
            session.execute(
                insert(Document),
                [
                    {"id": i, "text_hash": f"filler{i}", "url": f"http://f.test/{i}",
                     "host": "f.test", "text": "x", "extractor_version": "bench",
                     "first_captured_at": now, "cluster_id": i}
                    for i in ids
                ],
            )  # fmt: skip
            session.execute(
                insert(TextBand),
                [
                    {"band": b, "key": rng.getrandbits(63), "document_id": i}
                    for i in ids
                    for b in range(BANDS)
                ],
            )


def add_corpus(sessions, texts: list[tuple[str, str, str, str]]) -> dict[int, int]:
    """The corpus as documents (unplaced); document id → index in ``texts``."""
    now = datetime(2024, 1, 1, tzinfo=UTC)
    ids = {}
    with sessions.begin() as session:
        for n, (_, _, text, page) in enumerate(texts):
            doc = Document(text_hash=text_hash(text), url=f"http://c.test/{page}", host="c.test",
                           text=text, extractor_version="bench", first_captured_at=now)  # fmt: skip
            session.add(doc)
            session.flush()
            ids[doc.id] = n
    return ids


def place_all(sessions, ids: dict[int, int], settings: Settings) -> list[float]:
    """Place every corpus text (as the crawl does, one at a time); ms per text."""
    times = []
    with sessions.begin() as session:
        for doc_id in sorted(ids):
            doc = session.get(Document, doc_id)
            started = time.perf_counter()
            place(session, doc, settings)
            times.append((time.perf_counter() - started) * 1000)
    return times


def unplace(sessions, ids: dict[int, int]) -> None:
    with sessions.begin() as session:
        session.execute(delete(TextBand).where(TextBand.document_id.in_(list(ids))))
        session.execute(update(Document).where(Document.id.in_(list(ids))).values(cluster_id=None))


def scores(sessions, ids: dict[int, int], texts) -> dict[str, float]:
    with sessions() as session:
        cluster = {d.id: d.cluster_id for d in session.query(Document).filter(Document.id.in_(ids))}
    same_truth, same_found = set(), set()
    by_story, by_cluster = defaultdict(list), defaultdict(list)
    for doc_id, n in ids.items():
        by_story[texts[n][0]].append(doc_id)
        by_cluster[cluster[doc_id]].append(doc_id)
    for group, target in ((by_story, same_truth), (by_cluster, same_found)):
        for members in group.values():
            target.update(itertools.combinations(sorted(members), 2))
    hit = len(same_truth & same_found)
    decisions = [d for d, n in ids.items() if texts[n][1] == "decision"]
    merged = sum(1 for a, b in itertools.combinations(decisions, 2) if cluster[a] == cluster[b])
    return {
        "pairs": len(same_truth),
        "precision": hit / len(same_found) if same_found else 1.0,
        "recall": hit / len(same_truth) if same_truth else 1.0,
        "false_merges": len(same_found - same_truth),
        "decisions_merged": merged,
    }


def _hash64(shingle: str) -> int:
    return int.from_bytes(hashlib.blake2b(shingle.encode(), digest_size=8).digest(), "big")


def simhash(text: str) -> int:
    """Charikar's SimHash of a text's shingles (64 bits), the alternative to MinHash."""
    weights = [0] * 64
    for shingle in shingles(words(text)):
        h = _hash64(shingle)
        for bit in range(64):
            weights[bit] += 1 if h >> bit & 1 else -1
    return sum(1 << bit for bit in range(64) if weights[bit] > 0)


def content_only(texts) -> list[list[object]]:
    """Same-story pairs found from the texts alone (no URL lineage), MinHash-LSH with the
    exact check against SimHash at several Hamming distances: how the method was chosen."""
    n = len(texts)
    truth = {(a, b) for a in range(n) for b in range(a + 1, n) if texts[a][0] == texts[b][0]}
    rows = []
    buckets: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, item in enumerate(texts):
        for key in band_keys(words(item[2])):
            buckets[key].append(i)
    candidates = {
        (a, b) for ids in buckets.values() for a, b in itertools.combinations(sorted(set(ids)), 2)
    }
    found = {(a, b) for a, b in candidates if same_story(texts[a][2], texts[b][2])}
    rows.append(["MinHash LSH 16×4 + containment 0.6", len(candidates), *_pr(found, truth)])
    hashes = [simhash(item[2]) for item in texts]
    for distance in (3, 6, 10, 14):
        found = {
            (a, b)
            for a in range(n)
            for b in range(a + 1, n)
            if bin(hashes[a] ^ hashes[b]).count("1") <= distance
        }
        rows.append([f"SimHash 64 bits, Hamming ≤ {distance}", "-", *_pr(found, truth)])
    return rows


def _pr(found: set, truth: set) -> list[str]:
    hit = len(found & truth)
    precision = hit / len(found) if found else 1.0
    recall = hit / len(truth) if truth else 1.0
    return [len(found), f"{precision:.4f}", f"{recall:.4f}"]


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", type=int, default=[10_000, 200_000])
    parser.add_argument("--days", type=int, default=20)
    parser.add_argument("--thresholds", nargs="+", type=float, default=[0.5, 0.6, 0.7, 0.8])
    args = parser.parse_args()
    texts = corpus(args.days)
    kinds = defaultdict(int)
    for _, kind, _, _ in texts:
        kinds[kind.split(":")[0]] += 1
    print(f"corpus: {len(texts)} texts, {dict(kinds)}", flush=True)
    quality, speed = [], []
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            sessions = open_database(load_config(Path(tmp)))
            started = time.monotonic()
            filler(sessions, size)
            print(f"  {size} filler documents: {time.monotonic() - started:.0f} s", flush=True)
            ids = add_corpus(sessions, texts)
            thresholds = args.thresholds if size == args.sizes[0] else [Settings().containment]
            for threshold in thresholds:
                settings = Settings(containment=threshold)
                unplace(sessions, ids)
                times = place_all(sessions, ids, settings)
                s = scores(sessions, ids, texts)
                if size == args.sizes[0]:
                    quality.append(
                        [threshold, s["pairs"], f"{s['precision']:.4f}", f"{s['recall']:.4f}",
                         s["false_merges"], s["decisions_merged"]]
                    )  # fmt: skip
                if threshold == Settings().containment:
                    speed.append(
                        [f"{size:,}", len(ids), f"{pct(times, 0.5):.2f}", f"{pct(times, 0.95):.2f}",
                         f"{max(times):.1f}"]
                    )  # fmt: skip
            sessions.kw["bind"].dispose()
    print("\nFrom the texts alone (no URL lineage), MinHash against SimHash:\n")
    print(table(["method", "candidate pairs", "pairs found", "precision", "recall"],
                content_only(texts)))  # fmt: skip
    print("\nSame story, pairwise (every text against every other, by cluster):\n")
    print(table(["containment", "true pairs", "precision", "recall", "false merges",
                 "decision pairs merged"], quality))  # fmt: skip
    print("\nTime to place a new text (sketch, band lookup, confirmation, cluster):\n")
    print(table(["documents filed", "texts placed", "p50 ms", "p95 ms", "max ms"], speed))


if __name__ == "__main__":
    main()
