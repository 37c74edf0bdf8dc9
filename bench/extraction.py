"""Extraction quality: archive.extract against plain trafilatura, same pages, same run.

(a) The project's labelled set: sandbox article pages (4 layouts, several seeds), hand-made
portal layouts filled with sandbox articles (``bench/_layouts.py``: Joomla, Liferay, Liferay
6.2 department portal, Drupal commune portal, a news site with bylines under the headline),
and hand-made pages of the other kinds (``bench/data/kinds``: static pages, a home page, a
one-item listing, notices). Scores per layout and overall: sentence recall, chrome leak,
title / date (to the minute) / author accuracy, articles told as articles and the other
pages given their kind.

(b) Real pages of Vietnamese portals and newspapers from public repositories
(``bench/realpages``, rebuilt by its ``materialize.sh``; skipped when absent), the same
scores, the pages the rules were developed on ("dev") apart from those only measured
("heldout").

(c) The shared article-extraction benchmark (181 real pages, ``ground-truth.json``):
4-gram shingle F1 of the text, as its evaluate.py scores it.

(d) Template learning: the labelled pages with portal chrome no rule knows (a slogan
banner, a contact box; ``_unknown_chrome.py``), each portal's template learned on half of
its pages and the other half scored, beside archive.extract without a template.

    .venv/bin/python bench/extraction.py [--seeds 1 2 3] [--pages-per-portal 4]
        [--template-pages 12] [--real-pages DIR] [--shared DIR] [--learning-pages 20]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import CHROME, Page, chrome_on_page, norm, own_text, sentences, visible_text  # noqa: E402,F401
from _harness import table  # noqa: E402
from _layouts import SITES, kind_pages, template_pages  # noqa: E402,F401
from _scoring import EXTRACTORS, Output, Score, evaluate, score  # noqa: E402,F401
from _shared import shared_benchmark, shared_table  # noqa: E402,F401

HERE = Path(__file__).resolve().parent
SHARED_BENCH = HERE.parents[1] / "shared" / "benchmarks" / "article-extraction-benchmark"
REAL_PAGES = Path("/tmp/vnarchive-realpages")

TARGETS = {
    "recall": 0.99, "leak": 0.01, "title": 1.0, "date": 0.98, "author": 0.95, "kinds": 0.95,
}  # fmt: skip


def _fetch(sb: Any, url: str) -> tuple[bytes, str | None, str]:
    for _ in range(5):
        status, headers, body = sb.render(url)
        low = {k.lower(): v for k, v in headers.items()}
        if status in (301, 302, 303, 307, 308) and low.get("location"):
            url = urljoin(url, low["location"])
            continue
        if status != 200:
            raise RuntimeError(f"{url}: HTTP {status}")
        return body, low.get("content-type"), url
    raise RuntimeError(f"redirect loop at {url}")


def sandbox_pages(seeds: Sequence[int], pages_per_portal: int) -> list[Page]:
    from sandbox import Sandbox

    pages = []
    for seed in seeds:
        sb = Sandbox(seed=seed, pages_per_portal=pages_per_portal)
        truths = sb.ground_truth()
        titles = [t["title"] for t in truths]
        for truth in truths:
            body, content_type, url = _fetch(sb, truth["url"])
            own = own_text(truth)
            pages.append(
                Page(
                    layout=truth["layout"],
                    url=url,
                    html=body,
                    content_type=content_type,
                    title=truth["title"],
                    date=datetime.fromisoformat(truth["date"]),
                    author=truth["author"],
                    keep=sentences(truth["body"]),
                    chrome=chrome_on_page(body, own, titles),
                    own=own,
                )
            )
    return pages


# -- tables ------------------------------------------------------------------------------------
def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


HEAD = [
    "pages", "extractor", "n", "sentence recall", "chrome leak", "title", "date (minute)",
    "date (day)", "author", "articles as articles", "other kinds right", "ms/page",
]  # fmt: skip


def score_row(group: str, name: str, s: Score) -> list[object]:
    r = s.ratios()
    return [
        group,
        name,
        s.pages,
        f"{r['recall']:.4f} ({s.kept}/{s.sentences})",
        f"{_pct(r['leak'])} ({s.leaked}/{s.chrome})",
        f"{r['title']:.3f} ({s.title}/{s.titled})",
        f"{r['date']:.3f} ({s.date}/{s.dated})",
        f"{r['day']:.3f}",
        f"{r['author']:.3f} ({s.author}/{s.authored})",
        f"{r['articles']:.3f} ({s.article_ok}/{s.articles})" if s.articles else "-",
        f"{r['kinds']:.3f} ({s.other_ok}/{s.others})" if s.others else "-",
        f"{statistics.mean(s.ms):.0f}" if s.ms else "-",
    ]


def target_row() -> list[object]:
    t = TARGETS
    return ["target", "", "", f"≥ {t['recall']}", f"≤ {_pct(t['leak'])}", f"≥ {t['title']}",
            f"≥ {t['date']}", "", f"≥ {t['author']}", "", f"≥ {t['kinds']}", ""]  # fmt: skip


def labelled_table(results: dict[str, dict[str, Score]]) -> str:
    rows: list[list[object]] = []
    for layout in next(iter(results.values())):
        for name, per in results.items():
            rows.append(
                score_row(f"**{layout}**" if layout == "all" else layout, name, per[layout])
            )
    rows.append(target_row())
    return table(HEAD, rows)


def verdicts(s: Score) -> list[str]:
    r = s.ratios()
    checks = [
        ("sentence recall", r["recall"] >= TARGETS["recall"], f"{r['recall']:.4f}"),
        ("chrome leak", r["leak"] <= TARGETS["leak"], _pct(r["leak"])),
        ("title", r["title"] >= TARGETS["title"], f"{r['title']:.3f}"),
        ("date", r["date"] >= TARGETS["date"], f"{r['date']:.3f}"),
        ("author", r["author"] >= TARGETS["author"], f"{r['author']:.3f}"),
        ("other kinds", r["kinds"] >= TARGETS["kinds"], f"{r['kinds']:.3f}"),
    ]
    return [f"- {name}: {value} — {'met' if ok else '**NOT MET**'}" for name, ok, value in checks]


# -- (b) real pages ------------------------------------------------------------------------------
def real_section(pages_dir: Path) -> tuple[str, dict[str, dict[str, Score]]] | None:
    from _realpages import load, score_real

    pages = load(pages_dir)
    if not pages:
        return None
    results: dict[str, dict[str, Score]] = {}
    misses: list[str] = []
    for name, fn in EXTRACTORS.items():
        per: dict[str, Score] = defaultdict(Score)
        for page in pages:
            started = time.perf_counter()
            out = fn(Page(page.cms, page.url, page.html, None, "", None, None, [], []))
            s = score_real(page, out, (time.perf_counter() - started) * 1000)
            per[page.split].add(s)
            if name == "archive.extract":
                misses += _misses(page.id, page.kind, s, out)
        total = Score()
        for s in per.values():
            total.add(s)
        results[name] = {"dev": per["dev"], "heldout": per["heldout"], "all": total}
    rows = [
        score_row(f"**{split}**" if split == "all" else split, name, per[split])
        for split in ("dev", "heldout", "all")
        for name, per in results.items()
    ]
    rows.append(target_row())
    text = table(HEAD, rows)
    if misses:
        text += "\n\narchive.extract's misses (page: what):\n" + "\n".join(misses)
    return text, results


def _misses(pid: str, kind: str, s: Score, out: Output) -> list[str]:
    what = []
    if s.others + s.articles and not (s.other_ok + s.article_ok):
        what.append(f"kind {out.kind} (truth {kind})")
    if s.titled and not s.title:
        what.append(f"title {out.title!r}")
    if s.dated and not s.date:
        what.append(f"date {out.date}")
    if s.authored and not s.author:
        what.append(f"author {out.author!r}")
    if s.kept < s.sentences:
        what.append(f"recall {s.kept}/{s.sentences}")
    if s.leaked:
        what.append(f"leak {s.leaked}/{s.chrome}")
    return [f"  {pid}: {'; '.join(what)}"] if what else []


# -- (d) template learning -------------------------------------------------------------------
def template_section(per_portal: int) -> str:
    from _unknown_chrome import evaluate_templates

    pages = sandbox_pages([1, 2], per_portal)
    pages += template_pages(sorted(SITES), per_portal * 3 // 2)
    scores, learned = evaluate_templates(pages)
    rows = []
    for name, s in scores.items():
        r = s.ratios()
        rows.append(
            [
                name,
                s.pages,
                f"{r['recall']:.4f}",
                f"{_pct(r['leak'])} ({s.leaked}/{s.chrome})",
                f"{r['title']:.3f}",
                f"{r['date']:.3f}",
                f"{r['author']:.3f}",
                f"{statistics.median(s.ms):.0f}",
            ]
        )
    head = [
        "extractor",
        "test pages",
        "recall",
        "unknown-chrome leak",
        "title",
        "date",
        "author",
        "ms/page",
    ]
    lines = sorted(set(learned.values()))
    return (
        f"{len(learned)} portals; template lines learned per portal: "
        f"{', '.join(map(str, lines))} (4 injected)\n\n" + table(head, rows)
    )


# -- main -------------------------------------------------------------------------------------
def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--pages-per-portal", type=int, default=4)
    parser.add_argument("--template-pages", type=int, default=12, help="pages per hand-made layout")
    parser.add_argument(
        "--real-pages", type=Path, default=REAL_PAGES, help="materialize.sh's output folder"
    )
    parser.add_argument(
        "--shared", type=Path, default=SHARED_BENCH, help="the article-extraction-benchmark folder"
    )
    parser.add_argument(
        "--learning-pages",
        type=int,
        default=20,
        help="(d): articles per sandbox portal (seeds 1 2) and per hand-made layout (x1.5)",
    )
    args = parser.parse_args(argv)

    started = time.monotonic()
    pages = sandbox_pages(args.seeds, args.pages_per_portal)
    pages += template_pages(sorted(SITES), args.template_pages)
    pages += kind_pages()
    results = evaluate(pages)
    layouts = sorted({p.layout for p in pages})
    print(
        f"## (a) labelled set: {len(pages)} pages, {len(layouts)} layouts "
        f"({', '.join(layouts)}); sandbox seeds {' '.join(map(str, args.seeds))}, "
        f"{args.pages_per_portal} articles per portal; "
        f"{args.template_pages} pages per hand-made layout\n"
    )
    print(labelled_table(results))
    print("\narchive.extract against the targets (all pages):")
    print("\n".join(verdicts(results["archive.extract"]["all"])))

    print("\n## (b) real pages (bench/realpages)\n")
    real = real_section(args.real_pages)
    if real is None:
        print(f"skipped: no page of bench/realpages/manifest.json in {args.real_pages}")
    else:
        print(real[0])
        for split in ("dev", "heldout"):
            print(f"\narchive.extract against the targets ({split}):")
            print("\n".join(verdicts(real[1]["archive.extract"][split])))

    print("\n## (c) article-extraction-benchmark (4-gram shingle F1)\n")
    shared = shared_benchmark(args.shared)
    if shared is None:
        print(f"skipped: {args.shared} is absent")
    else:
        print(f"{shared.pages} pages; archive.extract calls {shared.articles} of them articles\n")
        print(shared_table(shared))
        print("largest regressions vs plain trafilatura (F1 delta, page, reason):")
        for delta, key, reason in shared.worst:
            print(f"  {delta:+.3f} {key} {reason or ''}")
    print("\n## (d) template learning: portal chrome no rule knows\n")
    print(template_section(args.learning_pages))
    print(
        f"\n{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.python_version()}, "
        f"{platform.machine()}, took {time.monotonic() - started:.0f} s"
    )


if __name__ == "__main__":
    main()
