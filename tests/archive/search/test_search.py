"""Search on a real archive, the same on SQLite (FTS5) and PostgreSQL (tsvector)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session, sessionmaker

from archive.capture.record import CaptureRecorder
from archive.catalog.portals import add_portal
from archive.db.engine import open_database
from archive.documents.store import DocumentStore
from archive.extract import Extraction
from archive.search import Filters, reindex_hosts, search
from tests.archive.catalog.small_archive import exchange
from tests.conftest import Backend

# (url, title, text, published)
DOCS = [
    ("http://a.test/1", "Đảng bộ tỉnh họp", "Hội nghị lần thứ nhất.", datetime(2023, 5, 1)),
    (
        "http://a.test/2",
        "Tin kinh tế",
        "Đảng bộ xã bàn về kinh tế nông nghiệp.",
        datetime(2024, 1, 1),
    ),
    ("http://a.test/3", "Tin văn hóa", "Kế hoạch phát triển văn hóa của xã.", datetime(2024, 6, 1)),
    ("http://b.test/4", "Kinh tế công nghiệp", "Kinh tế tăng trưởng, đăng ký doanh nghiệp.", None),
    ("http://b.test/5", "Quyết định 182/QĐ-UBND", "Ban hành Quyết định số 182/QĐ-UBND.", None),
]


def extraction(title: str, text: str, published: datetime | None) -> Extraction:
    date = published.replace(tzinfo=UTC) if published else None
    return Extraction(True, title, date, None, None, None, text, "vi")


@pytest.fixture(scope="module")
def sessions(tmp_path_factory: pytest.TempPathFactory, backend: Backend) -> sessionmaker[Session]:
    config = backend.config(tmp_path_factory.mktemp("search") / "data")
    sessions = open_database(config)
    recorder = CaptureRecorder(config, sessions)
    for url, title, text, published in DOCS:
        recorded = recorder.record(exchange(url, title))
        DocumentStore(sessions).add(recorded.capture_id, extraction(title, text, published))
    recorder.close()
    return sessions


def urls(sessions: sessionmaker[Session], query: str, **options: object) -> list[str]:
    with sessions() as session:
        return [h.url.rsplit("/", 1)[1] for h in search(session, query, **options).hits]


def test_without_diacritics_every_accented_form_matches(sessions: sessionmaker[Session]) -> None:
    assert set(urls(sessions, "dang bo")) == {"1", "2"}
    assert set(urls(sessions, "dang")) == {"1", "2", "4"}  # Đảng, đăng


def test_title_matches_rank_first_then_the_newest(sessions: sessionmaker[Session]) -> None:
    assert urls(sessions, "dang bo") == ["1", "2"]
    assert urls(sessions, "kinh te") == ["4", "2"]  # "Kinh tế công nghiệp", then a body
    assert urls(sessions, "dang") == ["1", "4", "2"]  # 1 by its title, then newest first
    assert urls(sessions, "kinh OR van OR dang", limit=2, offset=1) == ["3", "2"]


def test_or_exclusion_prefix_and_phrase(sessions: sessionmaker[Session]) -> None:
    assert set(urls(sessions, "van OR nong")) == {"2", "3"}
    assert set(urls(sessions, "kinh te -nong")) == {"4"}
    assert set(urls(sessions, "ngh*")) == {"1", "2", "4"}  # nghị, nghiệp
    assert urls(sessions, '"phat trien van hoa"') == ["3"]
    assert urls(sessions, '"van hoa phat trien"') == []


def test_a_decision_number_is_found_however_it_is_typed(sessions: sessionmaker[Session]) -> None:
    for typed in ("182/QĐ-UBND", "182/QD-UBND", "182 qd ubnd"):
        assert urls(sessions, typed) == ["5"], typed


def test_totals_pages_and_capture_times(sessions: sessionmaker[Session]) -> None:
    with sessions() as session:
        page = search(session, "kinh OR van OR dang", limit=2)
        assert (page.total, page.total_exact, len(page.hits)) == (4, True, 2)
        rest = search(session, "kinh OR van OR dang", limit=2, offset=2)
    assert {h.url for h in page.hits}.isdisjoint({h.url for h in rest.hits})
    assert all(h.captured_at == datetime(2025, 3, 1, 2, 0, tzinfo=UTC) for h in page.hits)


def test_beyond_the_count_limit_the_total_is_a_lower_bound(
    sessions: sessionmaker[Session],
) -> None:
    with sessions() as session:
        page = search(session, "kinh OR van OR dang", count_limit=2)
    assert (page.total, page.total_exact) == (2, False)  # "more than 2"
    assert len(page.hits) == 4  # every match is still there to page through


def test_newest_first(sessions: sessionmaker[Session]) -> None:
    assert urls(sessions, "kinh OR van OR dang", sort="newest") == ["4", "3", "2", "1"]


def test_filters_by_portal_and_year(sessions: sessionmaker[Session]) -> None:
    assert set(urls(sessions, "kinh", filters=Filters(portal="b.test"))) == {"4"}
    assert set(urls(sessions, "dang OR van", filters=Filters(year=2024))) == {"2", "3"}


def test_a_catalog_change_reaches_the_unit_filters(sessions: sessionmaker[Session]) -> None:
    commune = Filters(level="commune")
    assert urls(sessions, "dang", filters=commune) == []
    with sessions.begin() as session:
        add_portal(session, "http://a.test/", level="commune", unit="new:10705")
        reindex_hosts(session, ["a.test"])
    assert set(urls(sessions, "dang", filters=commune)) == {"1", "2"}
    assert set(urls(sessions, "dang", filters=Filters(province="Hải Phòng"))) == {"1", "2"}


SEARCHES: list[tuple[str, dict[str, object]]] = [
    ("dang bo", {}),
    ("dang", {}),
    ("Đảng", {}),
    ("Đảng bộ", {"exact_diacritics": True}),
    ("kinh te", {}),
    ("kinh OR van OR dang", {"limit": 2, "offset": 1}),
    ("kinh OR van OR dang", {"limit": 1, "offset": 3}),
    ("kinh OR van OR dang", {"sort": "newest"}),
    ("kinh te -nong", {}),
    ("ngh*", {}),
    ('"phat trien van hoa"', {}),
    ('"van hoa phat trien"', {}),
    ("dang OR van", {"filters": Filters(year=2024)}),
]


def pages(sessions: sessionmaker[Session]) -> list[tuple[list[str], int, bool]]:
    with sessions() as session:
        found = [search(session, q, **options) for q, options in SEARCHES]  # type: ignore[arg-type]
    return [([h.url for h in p.hits], p.total, p.total_exact) for p in found]


def test_every_way_of_running_a_query_gives_the_same_page(
    sessions: sessionmaker[Session], backend: Backend, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The index picks how to run a query (tiers counted or read ahead; on PostgreSQL few
    matches ranked at once, a walk of the newest documents, or the GIN bitmap) from cheap
    estimates: whichever it picks, the page is the same."""
    from archive.search import index, postgres

    expected = pages(sessions)
    assert expected[0][0] and expected[1][1] == 3  # the searches do find something
    monkeypatch.setattr(index, "READ_AHEAD", 0)  # every tier counted first
    assert pages(sessions) == expected
    monkeypatch.undo()
    if backend.name == "postgresql":
        monkeypatch.setattr(postgres, "FEW", -1)  # never all at once
        # always a walk; a walk that gives up after two rows; always the bitmap
        for walk_us, walk_min in ((10**12, 10**6), (10**12, 2), (-1, 0)):
            monkeypatch.setattr(postgres, "WALK_US", walk_us)
            monkeypatch.setattr(postgres, "WALK_SLACK", 0)
            monkeypatch.setattr(postgres, "WALK_MIN", walk_min)
            found = pages(sessions)  # totals may be estimates now, when counting is dear
            assert [p[0] for p in found] == [p[0] for p in expected], (walk_us, walk_min)
            assert all(f[1] == e[1] for f, e in zip(found, expected, strict=True) if f[2])
