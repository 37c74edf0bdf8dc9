"""Extraction quality: archive.extract against plain trafilatura, same pages, same run.

(a) The project's labelled set: sandbox article pages (4 layouts, several seeds) plus
hand-made portal layouts (``bench/data/layouts/*.html``: Joomla-like, Liferay-like) filled
with sandbox articles, so every page has its ground truth. Scores per layout and overall:
sentence recall, chrome leak rate, title / date (to the minute) / author accuracy.

(b) The shared article-extraction benchmark (181 real pages, ``ground-truth.json``):
4-gram shingle F1 of the text.

(c) Template learning: the labelled pages with portal chrome no rule knows (a slogan
banner, a contact box; ``_unknown_chrome.py``), each portal's template learned on half of
its pages and the other half scored, beside archive.extract without a template.

    .venv/bin/python bench/extraction.py [--seeds 1 2 3] [--pages-per-portal 4]
        [--template-pages 12] [--shared DIR] [--learning-pages 20]
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import platform
import random
import re
import statistics
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from string import Template
from typing import Any
from urllib.parse import urljoin

import lxml.html
import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import table  # noqa: E402

from archive.extract import extract  # noqa: E402

HERE = Path(__file__).resolve().parent
LAYOUTS_DIR = HERE / "data" / "layouts"
SHARED_BENCH = HERE.parents[1] / "shared" / "benchmarks" / "article-extraction-benchmark"

TARGETS = {"recall": 0.99, "leak": 0.01, "title": 0.98, "date": 0.98, "author": 0.90}

# Strings of portal chrome that must not reach the text: counted on a page when they are in
# its visible text and not in the article itself.
CHROME = (
    "Đang truy cập", "Đang trực tuyến", "Hôm nay:", "Hôm qua:", "Tất cả:", "Trong tuần:",
    "Tháng này:", "Thống kê truy cập", "Tổng lượt truy cập", "Tổng số lượt truy cập",
    "Kết quả giải quyết TTHC", "Tình hình xử lý hồ sơ TTHC", "đã giải quyết:",
    "Số hồ sơ xử lý", "Trước & đúng hạn", "Tỉ lệ trễ hạn", "Cập nhật lúc",
    "Trưởng Ban Biên tập", "Ghi rõ nguồn", "Cơ quan chủ quản", "Tin mới nhất", "Nổi bật",
    "Các tin khác", "Các tin mới hơn", "Các tin cũ hơn", "Các bài liên quan", "Tin liên quan",
    "Các tin cùng chuyên mục", "Liên kết website", "-- Chọn --", "In bài viết", "In trang",
    "Gửi email", "Lên đầu trang", "Quay lại", "Xem tiếp", "Bình luận", "Từ khóa:",
    "Lượt xem", "Đăng nhập",
)  # fmt: skip

WEEKDAYS = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[A-ZĐÀ-Ỹ0-9“\"])")
_SPACES = re.compile(r"\s+")


def norm(text: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def sentences(paragraphs: Iterable[str]) -> list[str]:
    out = []
    for para in paragraphs:
        out += [s for s in (norm(x) for x in _SENTENCE_END.split(para)) if s]
    return out


# -- the labelled pages --------------------------------------------------------------------
@dataclass
class Page:
    layout: str
    url: str
    html: bytes
    content_type: str | None
    title: str
    date: datetime
    author: str
    keep: list[str]  # sentences that must be in the text
    chrome: list[str]  # strings that must not be
    own: str = field(default="", repr=False)


def visible_text(page: bytes) -> str:
    root = lxml.html.fromstring(page.decode("utf-8", "replace"))  # every page here is UTF-8
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    return norm(root.text_content())


def chrome_on_page(page: bytes, own: str, listed_titles: Iterable[str]) -> list[str]:
    """The chrome labels and foreign article titles this page shows."""
    seen = visible_text(page)
    own = norm(own)
    found = [s for s in CHROME if s in seen and s not in own]
    found += [t for t in {norm(x) for x in listed_titles} if t in seen and t not in own]
    return found


def own_text(truth: dict[str, Any]) -> str:
    return " ".join(
        [truth["title"], truth["sapo"], truth["author"], *truth["body"], *truth["captions"]]
    )


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


# -- hand-made layouts -----------------------------------------------------------------------
SITES = {
    "joomla": {
        "host": "namdong.thanhmien.haiduong.gov.vn",
        "site": "Cổng thông tin điện tử xã Nam Đồng",
        "unit": "xã Nam Đồng",
        "editor": "Ông Nguyễn Văn Thắng - Phó Chủ tịch UBND xã",
        "address": "Thôn Nam Cầu, xã Nam Đồng, huyện Thanh Miện, tỉnh Hải Dương",
        "phone": "0220.3736.215",
    },
    "liferay": {
        "host": "thanhmien.haiduong.gov.vn",
        "site": "Cổng thông tin điện tử huyện Thanh Miện",
        "unit": "huyện Thanh Miện",
        "editor": "Bà Đỗ Thị Hồng Nhung - Phó Chủ tịch UBND huyện",
        "address": "Thị trấn Thanh Miện, huyện Thanh Miện, tỉnh Hải Dương",
        "phone": "0220.3735.161",
    },
}


def _slug(text: str) -> str:
    folded = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    ascii_ = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_).strip("-")


def _dmy(d: datetime) -> str:
    return d.strftime("%d/%m/%Y")


def _joomla_date(d: datetime) -> str:
    return f"{WEEKDAYS[d.weekday()]}, {d:%d} Tháng {d.month} {d:%Y} {d:%H:%M}"


def _fragments(
    layout: str, truth: dict[str, Any], others: list[dict[str, Any]], latest: list[dict[str, Any]]
) -> dict[str, str]:
    e = html.escape
    paras = [f'<p style="text-align: justify;">{e(p)}</p>' for p in truth["body"]]
    captions = truth["captions"] or []
    if layout == "joomla":
        figures = [
            f'<p style="text-align: center;"><img src="/images/tintuc/2024/anh-{i}.jpg" '
            f'alt="" width="600" height="400" /></p>\n'
            f'<p style="text-align: center;"><em>{e(c)}</em></p>'
            for i, c in enumerate(captions, 1)
        ]
        related = [
            f'<li><a href="/tin-tuc-su-kien/{_slug(o["category"])}/{o["id"]}-'
            f'{_slug(o["title"])}.html">{e(o["title"])}</a> <span>({_dmy(_d(o))})</span></li>'
            for o in others
        ]
        newest = [f'<li><a href="/tin-tuc/{o["id"]}.html">{e(o["title"])}</a></li>' for o in latest]
    else:
        figures = [
            f'<table class="image" align="center"><tr><td><img src="/documents/10180/'
            f'anh-{i}.jpg" /></td></tr><tr><td class="image_desc">{e(c)}</td></tr></table>'
            for i, c in enumerate(captions, 1)
        ]
        related = [
            f'<li><a href="/web/portal/tin-tuc/-/asset_publisher/{o["id"]}">'
            f'{e(o["title"])}</a> <span class="date">({_dmy(_d(o))} {_d(o):%H:%M})</span></li>'
            for o in others
        ]
        newest = [
            f'<li><span class="date">{_dmy(_d(o))}</span> <a href="/web/portal/tin-tuc/-/'
            f'asset_publisher/{o["id"]}">{e(o["title"])}</a></li>'
            for o in latest
        ]
    body = paras[:1] + figures[:1] + paras[1:-1] + figures[1:] + paras[-1:]
    return {"body": "\n".join(body), "related": "\n".join(related), "latest": "\n".join(newest)}


def _d(truth: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(truth["date"])


def template_pages(layouts: Sequence[str], count: int, seed: int = 7) -> list[Page]:
    """Hand-made layouts, each filled with ``count`` sandbox articles (their ground truth)."""
    from sandbox import Sandbox

    truths = Sandbox(seed=seed, pages_per_portal=max(4, count)).ground_truth()
    truths.sort(key=lambda t: (t["date"], t["id"]))
    pages = []
    for layout in layouts:
        template = Template((LAYOUTS_DIR / f"{layout}.html").read_text(encoding="utf-8"))
        site = SITES[layout]
        rng = random.Random(f"{layout}|{seed}")
        chosen = rng.sample(range(len(truths)), count)
        for index in chosen:
            truth = truths[index]
            date = _d(truth)
            others = [truths[j] for j in rng.sample(range(len(truths)), 6) if j != index][:5]
            newer = truths[max(0, index - 2) : index + 4]  # the article itself may be listed
            now = date + timedelta(days=rng.randint(0, 20), hours=rng.randint(1, 9))
            frags = _fragments(layout, truth, others, newer)
            values = {
                **{k: html.escape(v) for k, v in site.items()},
                "site_upper": html.escape(site["site"].upper()),
                "portal_slug": _slug(site["unit"]),
                "title": html.escape(truth["title"]),
                "sapo": html.escape(truth["sapo"]),
                "author": html.escape(truth["author"]),
                "category": html.escape(truth["category"]),
                "category_slug": _slug(truth["category"]),
                "slug": _slug(truth["title"]),
                "id": truth["id"],
                "prev_id": truth["id"] - 3,
                "next_id": truth["id"] + 4,
                "itemid": 103,
                "iso_date": date.isoformat(),
                "joomla_date": _joomla_date(date),
                "liferay_date": f"{_dmy(date)} {date:%H:%M}",
                "today_line": f"{WEEKDAYS[now.weekday()]}, ngày {now.day} tháng {now.month} "
                f"năm {now.year}",
                "hits": rng.randint(80, 4000),
                "month": now.month,
                "tthc_received": (rec := rng.randint(60, 900)),
                "tthc_on_time": rec - (late := rng.choice((0, 0, 1, 2))),
                "tthc_late_pct": f"{100 * late / rec:.2f}" if late else "0",
                "tthc_updated": (now - timedelta(hours=rng.randint(1, 9))).strftime(
                    "%d/%m/%Y %H:%M:%S"
                ),
                "online": rng.randint(2, 40),
                "today": (today := rng.randint(100, 900)),
                "yesterday": rng.randint(100, 900),
                "month_visits": today * 20,
                "total": f"{rng.randint(100_000, 2_000_000):,}".replace(",", "."),
                **frags,
            }
            page = template.substitute(values).encode("utf-8")
            url = (
                (
                    f"https://{site['host']}/tin-tuc-su-kien/{values['category_slug']}/"
                    f"{truth['id']}-{values['slug']}.html"
                )
                if layout == "joomla"
                else (
                    f"https://{site['host']}/web/{values['portal_slug']}/tin-tuc/-/"
                    f"asset_publisher/news/content/{values['slug']}"
                )
            )
            own = own_text(truth)
            listed = [o["title"] for o in others + newer]
            pages.append(
                Page(
                    layout=layout,
                    url=url,
                    html=page,
                    content_type="text/html; charset=utf-8",
                    title=truth["title"],
                    date=date,
                    author=truth["author"],
                    keep=sentences(truth["body"]),
                    chrome=chrome_on_page(page, own, listed),
                    own=own,
                )
            )
    return pages


# -- the extractors ------------------------------------------------------------------------------
@dataclass
class Output:
    text: str
    title: str | None
    date: datetime | None
    author: str | None
    date_only: bool = False  # the extractor gave a day, no time


def ours(page: Page) -> Output:
    r = extract(page.html, page.url, content_type=page.content_type)
    return Output(r.text, r.title, r.date, r.author)


def plain(page: Page) -> Output:
    doc = trafilatura.bare_extraction(page.html, with_metadata=True)
    if doc is None:
        return Output("", None, None, None)
    d = doc if isinstance(doc, dict) else doc.as_dict()
    date, date_only = None, False
    if d.get("date"):
        try:
            date = datetime.fromisoformat(d["date"])
        except ValueError:
            date = None
        date_only = len(d["date"]) <= 10
    return Output(d.get("text") or "", d.get("title"), date, d.get("author"), date_only)


EXTRACTORS: dict[str, Callable[[Page], Output]] = {
    "archive.extract": ours,
    "trafilatura (plain)": plain,
}


# -- scoring -------------------------------------------------------------------------------------
@dataclass
class Score:
    pages: int = 0
    kept: int = 0
    sentences: int = 0
    leaked: int = 0
    chrome: int = 0
    title: int = 0
    date: int = 0
    day: int = 0
    author: int = 0
    ms: list[float] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in (
            "pages",
            "kept",
            "sentences",
            "leaked",
            "chrome",
            "title",
            "date",
            "day",
            "author",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.ms += other.ms

    def ratios(self) -> dict[str, float]:
        n = self.pages or 1
        return {
            "recall": self.kept / self.sentences if self.sentences else 1.0,
            "leak": self.leaked / self.chrome if self.chrome else 0.0,
            "title": self.title / n,
            "date": self.date / n,
            "day": self.day / n,
            "author": self.author / n,
        }


def _same_minute(got: datetime | None, want: datetime, date_only: bool) -> tuple[bool, bool]:
    """(same minute, same day) in the page's own time zone."""
    if got is None:
        return False, False
    if got.tzinfo is None:
        got = got.replace(tzinfo=want.tzinfo)
    local = got.astimezone(want.tzinfo)
    day = (got.date() if date_only else local.date()) == want.date()
    minute = not date_only and local.replace(second=0, microsecond=0) == want.replace(
        second=0, microsecond=0
    )
    return minute, day


def score(page: Page, out: Output, ms: float) -> Score:
    text = norm(out.text)
    minute, day = _same_minute(out.date, page.date, out.date_only)
    return Score(
        pages=1,
        kept=sum(1 for s in page.keep if s in text),
        sentences=len(page.keep),
        leaked=sum(1 for c in page.chrome if c in text),
        chrome=len(page.chrome),
        title=int(norm(out.title or "") == norm(page.title)),
        date=int(minute),
        day=int(day),
        author=int(norm(out.author or "") == norm(page.author)),
        ms=[ms],
    )


def evaluate(pages: Sequence[Page]) -> dict[str, dict[str, Score]]:
    """{extractor: {layout: Score}}, plus the layout "all"."""
    results: dict[str, dict[str, Score]] = {}
    for name, fn in EXTRACTORS.items():
        per: dict[str, Score] = defaultdict(Score)
        for page in pages:
            started = time.perf_counter()
            out = fn(page)
            per[page.layout].add(score(page, out, (time.perf_counter() - started) * 1000))
        total = Score()
        for s in per.values():
            total.add(s)
        results[name] = {**dict(sorted(per.items())), "all": total}
    return results


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def labelled_table(results: dict[str, dict[str, Score]]) -> str:
    rows: list[list[object]] = []
    layouts = list(next(iter(results.values())))
    for layout in layouts:
        for name, per in results.items():
            s = per[layout]
            r = s.ratios()
            rows.append(
                [
                    f"**{layout}**" if layout == "all" else layout,
                    name,
                    s.pages,
                    f"{r['recall']:.4f}",
                    f"{_pct(r['leak'])} ({s.leaked}/{s.chrome})",
                    f"{r['title']:.3f}",
                    f"{r['date']:.3f}",
                    f"{r['day']:.3f}",
                    f"{r['author']:.3f}",
                    f"{statistics.mean(s.ms):.0f}",
                ]
            )
    t = TARGETS
    rows.append(
        [
            "target",
            "",
            "",
            f"≥ {t['recall']}",
            f"≤ {_pct(t['leak'])}",
            f"≥ {t['title']}",
            f"≥ {t['date']}",
            "",
            f"≥ {t['author']}",
            "",
        ]
    )
    return table(
        [
            "layout",
            "extractor",
            "pages",
            "sentence recall",
            "chrome leak",
            "title",
            "date (minute)",
            "date (day)",
            "author",
            "ms/page",
        ],
        rows,
    )


def verdicts(results: dict[str, dict[str, Score]]) -> list[str]:
    r = results["archive.extract"]["all"].ratios()
    checks = [
        ("sentence recall", r["recall"] >= TARGETS["recall"], f"{r['recall']:.4f}"),
        ("chrome leak", r["leak"] <= TARGETS["leak"], _pct(r["leak"])),
        ("title", r["title"] >= TARGETS["title"], f"{r['title']:.3f}"),
        ("date", r["date"] >= TARGETS["date"], f"{r['date']:.3f}"),
        ("author", r["author"] >= TARGETS["author"], f"{r['author']:.3f}"),
    ]
    return [f"- {name}: {value} — {'met' if ok else '**NOT MET**'}" for name, ok, value in checks]


# -- (b) the shared benchmark ------------------------------------------------------------------
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


# -- main -------------------------------------------------------------------------------------
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


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--pages-per-portal", type=int, default=4)
    parser.add_argument("--template-pages", type=int, default=12, help="pages per hand-made layout")
    parser.add_argument(
        "--shared", type=Path, default=SHARED_BENCH, help="the article-extraction-benchmark folder"
    )
    parser.add_argument(
        "--learning-pages",
        type=int,
        default=20,
        help="(c): articles per sandbox portal (seeds 1 2) and per hand-made layout (x1.5)",
    )
    args = parser.parse_args(argv)

    started = time.monotonic()
    pages = sandbox_pages(args.seeds, args.pages_per_portal)
    pages += template_pages(sorted(SITES), args.template_pages)
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
    print("\n".join(verdicts(results)))

    print("\n## (b) article-extraction-benchmark (4-gram shingle F1)\n")
    shared = shared_benchmark(args.shared)
    if shared is None:
        print(f"skipped: {args.shared} is absent")
    else:
        print(f"{shared.pages} pages; archive.extract calls {shared.articles} of them articles\n")
        print(shared_table(shared))
        f_ours = shared.rows["archive.extract"][2]
        f_plain = shared.rows["trafilatura (plain)"][2]
        verdict = "met" if f_ours >= f_plain - 0.005 else "**NOT MET**"
        print(f"\ntarget F1 ≥ plain − 0.005 = {f_plain - 0.005:.4f}: {f_ours:.4f} — {verdict}")
        print("largest regressions vs plain trafilatura (F1 delta, page, reason):")
        for delta, key, reason in shared.worst:
            print(f"  {delta:+.3f} {key} {reason or ''}")
    print("\n## (c) template learning: portal chrome no rule knows\n")
    print(template_section(args.learning_pages))
    print(
        f"\n{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.python_version()}, "
        f"{platform.machine()}, took {time.monotonic() - started:.0f} s"
    )


if __name__ == "__main__":
    main()
