"""A small real archive: one article on each of five portals, through the real recorder and
document store."""

from __future__ import annotations

from datetime import UTC, datetime

from archive.capture.record import CaptureRecorder
from archive.config import ArchiveConfig
from archive.db.engine import open_database
from archive.documents.store import DocumentStore
from archive.extract import Extraction
from archive.warc import HttpExchange

ARTICLES = {
    "http://haiduong.gov.vn.test/tin/ke-hoach.html": "Kế hoạch phát triển kinh tế tỉnh",
    "http://kinhmon.haiduong.gov.vn.test/tin/ke-hoach.html": "Kế hoạch phát triển thị xã",
    "http://quangthanh.kinhmon.haiduong.gov.vn.test/tin/ke-hoach.html": "Kế hoạch của xã",
    "http://haiphong.gov.vn.test/tin/ke-hoach.html": "Kế hoạch phát triển thành phố",
    "http://hatrung.thanhhoa.gov.vn.test/tin/ke-hoach.html": "Kế hoạch phát triển huyện",
}


def exchange(url: str, title: str) -> HttpExchange:
    body = f"<html><head><title>{title}</title></head><body><p>{title}</p></body></html>"
    return HttpExchange(
        url=url,
        method="GET",
        request_headers=[("Host", url.split("/")[2])],
        status=200,
        response_headers=[("Content-Type", "text/html; charset=utf-8")],
        body=body.encode("utf-8"),
        fetched_at=datetime(2025, 3, 1, 2, 0, tzinfo=UTC),
    )


def extraction(title: str) -> Extraction:
    return Extraction(
        is_article=True,
        title=title,
        date=datetime(2025, 2, 28, 3, 0, tzinfo=UTC),
        author=None,
        category="Tin tức",
        sapo=None,
        text=f"{title}. Đảng bộ và chính quyền triển khai kế hoạch năm 2025.",
        language="vi",
    )


def build(config: ArchiveConfig) -> ArchiveConfig:
    sessions = open_database(config)
    recorder = CaptureRecorder(config, sessions)
    try:
        for url, title in ARTICLES.items():
            recorded = recorder.record(exchange(url, title))
            DocumentStore(sessions).add(recorded.capture_id, extraction(title))
    finally:
        recorder.close()
        sessions.kw["bind"].dispose()  # no connection left open on the file
    return config
