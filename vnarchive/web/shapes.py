"""The JSON the app answers with. Where a CLI command prints the same thing, its keys are the
CLI's (its functions are reused): a search hit (``vnarchive search --json``), a snapshot
(``show --json``), a job (``jobs --json``), a schedule, a portal, a health line."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from archive.catalog.labels import UnitLabels
from archive.db.models import Capture, CrawlJob, Document
from archive.documents.syndication import Publisher
from archive.search import Hit
from archive.timeutil import to_timestamp14, utcnow
from vnarchive.commands.jobs import job_json
from vnarchive.commands.search import _hit_json
from vnarchive.commands.show import unit_json
from vnarchive.web.formatting import iso, web_path


def capture_links(capture: Capture) -> dict[str, str]:
    stamp = to_timestamp14(capture.captured_at)
    return {
        "capture": web_path(stamp, capture.url),
        "content": web_path(stamp, capture.url, "if_"),
        "raw": web_path(stamp, capture.url, "id_"),
        "record": f"/captures/{capture.id}/record",
    }


def capture_json(capture: Capture) -> dict[str, Any]:
    return {
        "id": capture.id,
        "url": capture.url,
        "timestamp": to_timestamp14(capture.captured_at),
        "captured_at": iso(capture.captured_at),
        "status": capture.status,
        "mime": capture.mime,
        "record_type": capture.record_type,
        "document_id": capture.document_id,
        "links": capture_links(capture),
    }


def hit_json(hit: Hit, units: UnitLabels, story: list[Publisher] | None = None) -> dict[str, Any]:
    """A search hit: the keys of ``vnarchive search --json``, and the app's links."""
    stamp = to_timestamp14(hit.captured_at) if hit.captured_at else None
    return {
        **_hit_json(hit, units, story if story is not None else []),
        "document_id": hit.document_id,
        "timestamp": stamp,
        "links": {
            "document": f"/documents/{hit.document_id}",
            "capture": web_path(stamp, hit.url) if stamp else None,
        },
    }


def document_json(doc: Document, units: UnitLabels) -> dict[str, Any]:
    return {
        "id": doc.id,
        "url": doc.url,
        "portal": doc.host,
        "title": doc.title,
        "date": iso(doc.published_at),
        "author": doc.author,
        "category": doc.category,
        "sapo": doc.sapo,
        "text": doc.text,
        "language": doc.language,
        "extractor_version": doc.extractor_version,
        "first_captured_at": iso(doc.first_captured_at),
        "kind": doc.kind or "article",
        **unit_json(units),
    }


def job_progress(job: CrawlJob, now: datetime | None = None) -> dict[str, Any]:
    """``jobs --json``'s keys, and what a live page shows: the rate, the errors' total,
    whether the crawl is still going."""
    moment = now or utcnow()
    end = job.finished_at or moment
    seconds = max((end - job.started_at).total_seconds(), 0.0)
    pages = job.pages or int((job.stats or {}).get("pages", 0) or 0)
    return {
        **job_json(job),
        "pages": pages,
        "running": job.status in ("queued", "running"),
        "elapsed": round(seconds, 1),
        "rate": round(pages / seconds, 2) if seconds > 0 else None,
        "errors_total": sum((job.errors or {}).values()),
        "links": {"job": f"/jobs/{job.id}", "log": f"/jobs/{job.id}/log"},
    }
