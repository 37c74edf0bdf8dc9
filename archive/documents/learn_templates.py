"""Learning portal templates from pages already archived (``vnarchive templates learn``).

A crawl learns the templates of the portals it crawled on its own (``crawler.pipelines``);
this reads the latest archived HTML pages of each portal back from the WARC files instead,
extracts them without a template and stores what ``archive.documents.templates`` learns from them.
"""

from __future__ import annotations

import os

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from archive.config import ArchiveConfig
from archive.db.models import Capture
from archive.documents import templates
from archive.documents.indexing import archived_pages, extract_pages
from archive.extract import Extraction

DEFAULT_PAGES = 300


def learn_from_archive(
    config: ArchiveConfig,
    sessions: sessionmaker[Session],
    *,
    host: str | None = None,
    pages: int = DEFAULT_PAGES,
    workers: int | None = None,
) -> list[templates.LearnedTemplate]:
    """Learn and store the template of ``host`` (or of every archived portal) from its
    latest ``pages`` archived HTML pages; portals with too few article pages are skipped."""
    if host:
        hosts = [host.lower().strip().rstrip(".")]
    else:
        with sessions() as session:
            hosts = list(session.scalars(select(Capture.host).distinct().order_by(Capture.host)))
    todo = [p for h in hosts for p in archived_pages(sessions, host=h, latest=pages)]
    workers = (os.cpu_count() or 1) if workers is None else workers
    learner = templates.TemplateLearner()
    for page, outcome in extract_pages(config, todo, min(workers, len(todo)), False):
        if isinstance(outcome, Extraction) and outcome.is_article:
            learner.add(page.host, outcome.lines)
    learned = learner.learned()
    templates.store(sessions, learned)
    return learned
