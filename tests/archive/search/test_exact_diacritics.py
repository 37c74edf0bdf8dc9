"""Diacritics typed are diacritics meant: exact forms first, or only them; date ranges,
categories and facet counts. The same on SQLite (FTS5) and PostgreSQL (tsvector)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy.orm import Session, sessionmaker

from archive.capture.record import CaptureRecorder
from archive.catalog.portals import add_portal
from archive.db.engine import open_database
from archive.documents.store import DocumentStore
from archive.errors import InputError
from archive.extract import Extraction
from archive.search import Filters, reindex_hosts, search
from archive.search.facet_counts import facet_counts
from archive.search.folding import exact_form
from tests.archive.catalog.small_archive import exchange
from tests.conftest import Backend

# (url, title, text, published, category)
DOCS = [
    ("http://a.test/1", "Tin mới", "Đảng bộ xã họp bàn.", datetime(2023, 12, 31, 20), "Tin tức"),
    ("http://a.test/2", "Đăng ký kinh doanh", "Hướng dẫn đăng ký.", datetime(2024, 2, 27),
     "Tin tức"),
    ("http://a.test/3", "Dang ca", "Dang dở công trình.", datetime(2024, 3, 1), "Thông báo"),
    ("http://b.test/4", "Đảng ủy", "Nghị quyết của Đảng ủy xã Hòa Bình.", None, None),
    ("http://b.test/5", "Xã Hoà Bình", "Tin từ xã Hoà Bình, đăng ngày 5/3.", datetime(2024, 3, 5),
     None),
]  # fmt: skip


def extraction(title: str, text: str, published: datetime | None, category: str | None):
    date_ = published.replace(tzinfo=UTC) if published else None
    return Extraction(True, title, date_, None, category, None, text, "vi")


@pytest.fixture(scope="module")
def sessions(tmp_path_factory: pytest.TempPathFactory, backend: Backend) -> sessionmaker[Session]:
    config = backend.config(tmp_path_factory.mktemp("exact") / "data")
    sessions = open_database(config)
    recorder = CaptureRecorder(config, sessions)
    for url, title, text, published, category in DOCS:
        recorded = recorder.record(exchange(url, title))
        DocumentStore(sessions).add(
            recorded.capture_id, extraction(title, text, published, category)
        )
    recorder.close()
    with sessions.begin() as session:
        add_portal(session, "http://b.test/", level="commune", unit="10705")
        reindex_hosts(session, ["b.test"])
    return sessions


def urls(sessions: sessionmaker[Session], query: str, **options: object) -> list[str]:
    with sessions() as session:
        return [h.url.rsplit("/", 1)[1] for h in search(session, query, **options).hits]


def test_exact_forms_keep_letters_and_tone_not_where_the_tone_sits() -> None:
    assert exact_form("đảng") != exact_form("đăng") != exact_form("Đang")
    assert exact_form("ĐẢNG") == exact_form("đảng")
    assert exact_form("hoà") == exact_form("hòa")  # old and new tone placement: one word
    assert exact_form("dang") is None


def test_without_diacritics_every_form_matches_alike(sessions: sessionmaker[Session]) -> None:
    assert set(urls(sessions, "dang")) == {"1", "2", "3", "4", "5"}


def test_with_diacritics_exact_matches_come_first(sessions: sessionmaker[Session]) -> None:
    # exact in the title, in the body; then the others: in the title, in the body
    assert urls(sessions, "đảng") == ["4", "1", "3", "2", "5"]
    assert urls(sessions, "đăng")[:2] == ["2", "5"]
    assert urls(sessions, "Hòa Bình")[:2] == ["5", "4"]  # "Hoà" is "Hòa"


def test_exact_diacritics_keeps_only_exact_matches(sessions: sessionmaker[Session]) -> None:
    assert urls(sessions, "đảng", exact_diacritics=True) == ["4", "1"]
    assert urls(sessions, "đăng", exact_diacritics=True) == ["2", "5"]
    assert urls(sessions, '"đảng ủy"', exact_diacritics=True) == ["4"]
    assert urls(sessions, "dang", exact_diacritics=True) == urls(sessions, "dang")
    with sessions() as session:
        page = search(session, "đảng", exact_diacritics=True)
    assert (page.total, page.total_exact) == (2, True)


def test_an_exclusion_typed_with_diacritics_excludes_that_form_only(
    sessions: sessionmaker[Session],
) -> None:
    assert urls(sessions, "dang -đăng", exact_diacritics=True) == ["4", "3", "1"]
    assert urls(sessions, "dang -đăng") == []  # folded, "-đăng" excludes every "dang"


def test_exact_first_pages_through_every_match_once(sessions: sessionmaker[Session]) -> None:
    pages = [urls(sessions, "đảng", limit=2, offset=o) for o in (0, 2, 4)]
    assert sum(pages, []) == urls(sessions, "đảng")


def test_date_ranges_by_day_month_and_year(sessions: sessionmaker[Session]) -> None:
    def between(start: date | None, end: date | None) -> set[str]:
        return set(urls(sessions, "dang", filters=Filters(date_from=start, date_to=end)))

    assert between(date(2024, 1, 1), date(2024, 12, 31)) == {"1", "2", "3", "5"}
    assert between(date(2024, 2, 27), date(2024, 3, 1)) == {"2", "3"}
    assert between(date(2024, 3, 2), None) == {"4", "5"}
    # 20:00 UTC on 31/12/2023 is 1 January 2024 in Asia/Ho_Chi_Minh: dates are local
    assert between(None, date(2023, 12, 31)) == set()
    assert between(date(2024, 1, 1), date(2024, 1, 1)) == {"1"}
    with pytest.raises(InputError, match="starts after it ends"):
        Filters(date_from=date(2024, 2, 1), date_to=date(2024, 1, 1)).groups()


def test_undated_documents_are_dated_when_first_archived(sessions: sessionmaker[Session]) -> None:
    assert set(urls(sessions, "dang", filters=Filters(year=2025))) == {"4"}


def test_facet_counts_name_units_portals_categories_and_years(
    sessions: sessionmaker[Session],
) -> None:
    with sessions() as session:
        counts = facet_counts(session, "dang")
        assert (counts.counted, counts.complete) == (5, True)
        facets = {
            name: {v.label: v.count for v in values} for name, values in counts.facets.items()
        }
        assert facets["portal"] == {"a.test": 3, "b.test": 2}
        assert facets["category"] == {"Tin tức": 2, "Thông báo": 1}
        assert facets["level"] == {"commune": 2}
        assert facets["commune"] == {"Xã Quang Thành (Thị xã Kinh Môn)": 2}
        assert facets["old_province"] == {"Tỉnh Hải Dương": 2}
        assert facets["new_province"] == {"Thành phố Hải Phòng": 2}
        years = [v.value for v in counts.facets["year"]]
        assert years == sorted(years, reverse=True)
        sampled = facet_counts(session, "dang", limit=2)
    assert (sampled.counted, sampled.complete) == (2, False)


def test_a_facet_value_filters_the_search(sessions: sessionmaker[Session]) -> None:
    with sessions() as session:
        counts = facet_counts(session, "dang")
    category = next(v for v in counts.facets["category"] if v.label == "Thông báo")
    assert urls(sessions, "dang", filters=Filters(category=category.value)) == ["3"]
    commune = counts.facets["commune"][0]
    assert set(urls(sessions, "dang", filters=Filters(commune=int(commune.value)))) == {"4", "5"}
