"""Scoring extraction against a page's truth: the extractors, the per-page score, the sums."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import trafilatura
from _common import Page, norm

from archive.extract import extract


@dataclass
class Output:
    text: str
    title: str | None
    date: datetime | None
    author: str | None
    date_only: bool = False  # the extractor gave a day, no time
    kind: str | None = "article"  # what the extractor says the page is (plain: always article)


def ours(page: Page) -> Output:
    r = extract(page.html, page.url, content_type=page.content_type)
    return Output(r.text, r.title, r.date, r.author, kind=r.kind)


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
_FIELDS = (
    "pages", "kept", "sentences", "leaked", "chrome", "titled", "title", "dated", "date", "day",
    "authored", "author", "articles", "article_ok", "others", "other_ok",
)  # fmt: skip


@dataclass
class Score:
    """Sums over pages. Title is scored where the truth has one (articles, static pages,
    notices), the date where the truth has one, the author on articles; ``articles`` /
    ``others`` count the pages of each side and how many were given their kind."""

    pages: int = 0
    kept: int = 0
    sentences: int = 0
    leaked: int = 0
    chrome: int = 0
    titled: int = 0
    title: int = 0
    dated: int = 0
    date: int = 0
    day: int = 0
    authored: int = 0
    author: int = 0
    articles: int = 0
    article_ok: int = 0
    others: int = 0
    other_ok: int = 0
    ms: list[float] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in _FIELDS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.ms += other.ms

    def ratios(self) -> dict[str, float]:
        def ratio(a: int, b: int, empty: float = 1.0) -> float:
            return a / b if b else empty

        return {
            "recall": ratio(self.kept, self.sentences),
            "leak": ratio(self.leaked, self.chrome, 0.0),
            "title": ratio(self.title, self.titled),
            "date": ratio(self.date, self.dated),
            "day": ratio(self.day, self.dated),
            "author": ratio(self.author, self.authored),
            "articles": ratio(self.article_ok, self.articles),
            "kinds": ratio(self.other_ok, self.others),
        }


def same_minute(got: datetime | None, want: datetime, date_only: bool) -> tuple[bool, bool]:
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


def kind_score(want: str, got: str | None) -> Score:
    if want == "article":
        return Score(articles=1, article_ok=int(got == "article"))
    return Score(others=1, other_ok=int(got == want))


def score(page: Page, out: Output, ms: float) -> Score:
    text = norm(out.text)
    s = kind_score(page.kind, out.kind)
    s.pages, s.ms = 1, [ms]
    s.kept = sum(1 for x in page.keep if x in text)
    s.sentences = len(page.keep)
    s.leaked = sum(1 for c in page.chrome if c in text)
    s.chrome = len(page.chrome)
    if page.title is not None:
        s.titled, s.title = 1, int(norm(out.title or "") == norm(page.title))
    if page.date is not None:
        minute, day = same_minute(out.date, page.date, out.date_only)
        s.dated, s.date, s.day = 1, int(minute), int(day)
    if page.kind == "article":
        s.authored, s.author = 1, int(norm(out.author or "") == norm(page.author or ""))
    return s


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
