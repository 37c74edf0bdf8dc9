"""Portal templates: main-content lines that repeat on many pages of one portal are chrome.

A portal's pages share their chrome: the "Liên hệ" box, a slogan banner, the unit's address
line, a links box the portal rules do not know. Learning counts, per portal, on how many
article pages each main-content line appears (``Extraction.lines``: folded, taken before a
template was applied, so a template never hides what the next one learns from). A line on
at least ``min_pages = max(MIN_PAGES, ceil(SHARE * pages))`` of them is template.

- learned at the end of every crawl from the pages it extracted (``TemplateLearner``), and
  by ``vnarchive templates learn`` from pages already archived (``learn_from_archive``);
- stored per portal, one row in ``portal_templates`` replaced at each learning; a sample
  under ``MIN_SAMPLE`` article pages (an unchanged recrawl) keeps the template there is;
- applied at extraction (``extract(..., template=...)``): after the title, date, sapo and
  byline are read, lines of the template are dropped from the text.

Lines under 12 or over 300 characters are never template (``template_key``): a short line
cannot be told from a caption, a long one is prose.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from archive.db.models import Capture, Document, PortalTemplate
from archive.db.upsert import dialect_insert
from archive.extract import template_key
from archive.timeutil import utcnow

MIN_SAMPLE = 8  # article pages of a portal needed to learn its template
MIN_PAGES = 4  # a template line is on at least this many pages…
SHARE = 0.5  # …and on at least half of them (a stock photo caption may recur on a third)
MAX_SAMPLE = 2000  # pages counted per portal and learning (memory stays flat)


@dataclass
class LearnedTemplate:
    host: str
    pages: int
    min_pages: int
    lines: dict[str, int]  # folded line → pages it is on

    def to_json(self) -> dict[str, object]:
        return {
            "host": self.host,
            "pages": self.pages,
            "min_pages": self.min_pages,
            "lines": [{"text": t, "pages": n} for t, n in self.lines.items()],
        }


@dataclass
class TemplateLearner:
    """Counts main-content lines per portal, page by page.

    A line is counted by its hash, and its text kept only once it is seen on a second page:
    most lines (the articles' own) are seen once, so memory stays flat over a long crawl.
    """

    pages: Counter[str] = field(default_factory=Counter)
    counts: dict[str, Counter[int]] = field(default_factory=dict)
    texts: dict[str, dict[int, str]] = field(default_factory=dict)

    def add(self, host: str, lines: Iterable[str]) -> None:
        """One article page of ``host`` with its (folded) main-content lines."""
        if self.pages[host] >= MAX_SAMPLE:
            return
        self.pages[host] += 1
        counts = self.counts.setdefault(host, Counter())
        texts = self.texts.setdefault(host, {})
        for line in set(lines):
            key = hash(line)
            counts[key] += 1
            if counts[key] == 2:
                texts[key] = line

    def add_counts(self, host: str, pages: int, lines: dict[str, int]) -> None:
        """Counts made elsewhere (the indexing workers', in Redis): ``pages`` article pages
        of ``host``, each line with the pages it is on."""
        self.pages[host] += min(pages, MAX_SAMPLE)
        counts = self.counts.setdefault(host, Counter())
        texts = self.texts.setdefault(host, {})
        for line, n in lines.items():
            key = hash(line)
            counts[key] += n
            if counts[key] >= 2:
                texts[key] = line

    def learned(self) -> list[LearnedTemplate]:
        """The template of every portal with enough pages (maybe with no line at all)."""
        out = []
        for host, pages in sorted(self.pages.items()):
            if pages < MIN_SAMPLE:
                continue
            min_pages = max(MIN_PAGES, math.ceil(SHARE * pages))
            counts, texts = self.counts[host], self.texts[host]
            kept = [texts[k] for k, n in counts.items() if n >= min_pages]
            lines = {t: counts[hash(t)] for t in sorted(kept, key=lambda t: (-counts[hash(t)], t))}
            out.append(LearnedTemplate(host, pages, min_pages, lines))
        return out


def store(
    sessions: sessionmaker[Session], learned: Iterable[LearnedTemplate], job_id: int | None = None
) -> list[str]:
    """Replace the stored template of each portal learned; the hosts stored."""
    hosts = []
    with sessions.begin() as session:
        for tpl in learned:
            values = {
                "host": tpl.host,
                "learned_at": utcnow(),
                "job_id": job_id,
                "pages": tpl.pages,
                "min_pages": tpl.min_pages,
                "lines": [{"text": t, "pages": n} for t, n in tpl.lines.items()],
            }
            stmt = dialect_insert(session, PortalTemplate).values(**values)
            session.execute(
                stmt.on_conflict_do_update(
                    index_elements=["host"],
                    set_={k: stmt.excluded[k] for k in values if k != "host"},
                )
            )
            hosts.append(tpl.host)
    return hosts


def load(sessions: sessionmaker[Session], host: str) -> frozenset[str]:
    """The template lines of ``host`` (empty when none was learned)."""
    with sessions() as session:
        row = session.get(PortalTemplate, host.lower())
        return frozenset(line["text"] for line in row.lines) if row is not None else frozenset()


def affected_captures(
    sessions: sessionmaker[Session], job_id: int, template_of: dict[str, frozenset[str]]
) -> list[int]:
    """Captures of job ``job_id`` whose document holds a line of its portal's template: the
    pages a crawl extracted before it learned that template."""
    stmt = (
        select(Capture.id, Capture.host, Document.text)
        .join(Document, Capture.document_id == Document.id)
        .where(Capture.job_id == job_id, Capture.record_type == "response")
        .where(Capture.host.in_(list(template_of)))
        .order_by(Capture.id)
    )
    out = []
    with sessions() as session:
        for capture_id, host, text in session.execute(stmt):
            lines = template_of[host]
            if any(template_key(p) in lines for p in text.split("\n\n")):
                out.append(capture_id)
    return out


def stored(sessions: sessionmaker[Session], host: str | None = None) -> list[PortalTemplate]:
    """The stored templates (of one host), by host."""
    stmt = select(PortalTemplate).order_by(PortalTemplate.host)
    if host:
        stmt = stmt.where(PortalTemplate.host == host.lower())
    with sessions() as session:
        return list(session.scalars(stmt))
