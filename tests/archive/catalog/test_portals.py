"""The portal catalog in a real SQLite database: bundled portals, add, find, import, export."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from archive.catalog import Portal, add_portal, find_portal, list_portals
from archive.catalog.errors import CatalogInputError, DuplicatePortal, UnknownProvince
from archive.catalog.importer import export_csv, import_csv
from archive.catalog.labels import labels_for_host
from archive.catalog.portals import add_bundled, mark_seen
from archive.catalog.units import commune_merger
from archive.config import load_config
from archive.db.engine import open_database
from archive.db.models import CrawlJob
from archive.timeutil import utcnow

QUANG_THANH = (
    "Xã Quang Thành, Thị xã Kinh Môn, Tỉnh Hải Dương (now: Xã Nam An Phụ, Thành phố Hải Phòng)"
)


@pytest.fixture
def sessions(tmp_path: Path) -> sessionmaker[Session]:
    return open_database(load_config(tmp_path / "data"))


def test_the_bundled_catalog_is_loaded_by_the_migration_once(
    sessions: sessionmaker[Session],
) -> None:
    with sessions() as session:
        first = list_portals(session)
        add_bundled(session)  # a second load adds nothing
        assert session.scalar(select(func.count()).select_from(Portal)) == len(first) == 68
    assert len(list_portals(sessions(), level="province")) == 63


def test_bundled_portals_carry_their_units_before_and_after(
    sessions: sessionmaker[Session],
) -> None:
    with sessions() as session:
        portal = find_portal(session, "https://quangthanh.kinhmon.haiduong.gov.vn/")
        assert portal is not None and portal.level == "commune"
        assert portal.url == "https://quangthanh.kinhmon.haiduong.gov.vn/"
        assert (portal.old_province_code, portal.old_district_code) == (30, 292)
        assert portal.new_province_code == 31
        assert portal.parent is not None and portal.parent.host == "kinhmon.haiduong.gov.vn"
        assert find_portal(session, "thanhhoa.gov.vn").status == "unknown"
        assert find_portal(session, "nowhere.gov.vn") is None


def test_list_filters_by_old_or_new_province_level_and_status(
    sessions: sessionmaker[Session],
) -> None:
    with sessions() as session:
        hosts = {p.host for p in list_portals(session, province="hai duong")}
        assert hosts == {
            "haiduong.gov.vn",
            "kinhmon.haiduong.gov.vn",
            "kimthanh.haiduong.gov.vn",
            "quangthanh.kinhmon.haiduong.gov.vn",
        }
        now_hai_phong = {p.host for p in list_portals(session, province="Hải Phòng")}
        assert now_hai_phong == hosts | {"haiphong.gov.vn", "kienthuy.haiphong.gov.vn"}
        districts = list_portals(session, province="Thanh Hoá", level="district")
        assert [p.host for p in districts] == ["hatrung.thanhhoa.gov.vn"]
        assert list_portals(session, status="active") == []
        with pytest.raises(UnknownProvince):
            list_portals(session, province="Atlantis")


def test_a_sandbox_host_is_its_own_portal_with_the_units_of_the_real_one(
    sessions: sessionmaker[Session],
) -> None:
    with sessions.begin() as session:
        district = add_portal(session, "http://kinhmon.haiduong.gov.vn.test/")
        commune = add_portal(session, "http://hiepson.kinhmon.haiduong.gov.vn.test/")
    with sessions() as session:
        found = find_portal(session, "kinhmon.haiduong.gov.vn.test")
        assert found is not None and found.url == "http://kinhmon.haiduong.gov.vn.test/"
        assert (found.level, found.old_district_code) == ("district", 292)
        assert district.source == "added"
        hiepson = find_portal(session, "hiepson.kinhmon.haiduong.gov.vn.test")
        assert hiepson.parent.host == "kinhmon.haiduong.gov.vn.test"
        assert commune.old_commune_code == hiepson.old_commune_code is not None
        labels = labels_for_host(session, "quangthanh.kinhmon.haiduong.gov.vn.test")
        assert labels.describe() == (QUANG_THANH)


def test_a_unit_code_given_wins_over_the_hostname(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        portal = add_portal(session, "ubnd-quangthanh.example.vn", level="commune", unit="10705")
        assert portal.url == "https://ubnd-quangthanh.example.vn/"
        assert (portal.old_commune_code, portal.new_province_code) == (10705, 31)
        moved = add_portal(session, "https://new.example.vn/", level="province", unit="new:31")
        assert (moved.new_province_code, moved.old_province_code) == (31, None)


def test_adding_a_host_twice_is_refused(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session, pytest.raises(DuplicatePortal, match="haiduong.gov.vn"):
        add_portal(session, "https://HaiDuong.gov.vn/")


def test_an_outcome_is_recorded_with_first_and_last_seen(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        portal = find_portal(session, "haiduong.gov.vn")
        when = utcnow()
        mark_seen(portal, "moved", when, "https://haiphong.gov.vn/")
        assert (portal.first_seen, portal.last_seen) == (when, when)
        assert portal.redirect_to == "https://haiphong.gov.vn/"
    with sessions() as session:
        assert [p.host for p in list_portals(session, status="moved")] == ["haiduong.gov.vn"]


def test_export_then_import_round_trips_the_catalog(tmp_path: Path) -> None:
    source = open_database(load_config(tmp_path / "a"))
    with source.begin() as session:
        add_portal(session, "http://kinhmon.haiduong.gov.vn.test/", status="active")
    out = io.StringIO()
    with source() as session:
        assert export_csv(list_portals(session), out) == 69
    target = open_database(load_config(tmp_path / "b"))
    with target() as session:
        assert len(import_csv(session, io.StringIO(out.getvalue()))) == 69
    again = io.StringIO()
    with target() as session:
        export_csv(list_portals(session), again)
    assert again.getvalue().replace(",imported,", ",added,") == out.getvalue()


def test_a_bad_row_names_its_line_and_nothing_is_imported(
    sessions: sessionmaker[Session],
) -> None:
    csv_text = (
        "host,level,unit\na.kinhmon.haiduong.gov.vn,commune,\nb.kinhmon.haiduong.gov.vn,township,\n"
    )
    with sessions() as session:
        with pytest.raises(CatalogInputError, match="line 3: level must be one of"):
            import_csv(session, io.StringIO(csv_text))
        assert find_portal(session, "a.kinhmon.haiduong.gov.vn") is None


def test_a_host_twice_in_one_file_is_refused(sessions: sessionmaker[Session]) -> None:
    csv_text = "url\nhttps://x.haiduong.gov.vn/\nhttp://X.haiduong.gov.vn\n"
    with sessions() as session, pytest.raises(DuplicatePortal, match="lines 2 and 3"):
        import_csv(session, io.StringIO(csv_text))


def test_first_use_inside_a_writing_transaction_does_not_wait_for_itself(
    sessions: sessionmaker[Session],
) -> None:
    with sessions.begin() as session:
        session.add(CrawlJob(seeds="http://kinhmon.haiduong.gov.vn.test/", started_at=utcnow()))
        session.flush()  # this transaction now holds SQLite's write lock
        assert find_portal(session, "haiduong.gov.vn") is not None
    with sessions() as session:
        assert len(list_portals(session)) == 68
        assert session.scalar(select(func.count()).select_from(CrawlJob)) == 1


def test_reformed_portals_round_trip_through_csv_with_their_units(tmp_path: Path) -> None:
    hosts = (
        "xatanhung.haiphong.gov.vn",  # a commune since 2025
        "sotttt.haiphong.gov.vn",  # a department
        "hiepan.kinhmon.haiduong.gov.vn",  # a commune before 2025 (Phường Hiệp An, 10735)
    )
    codes = (
        "level", "old_province_code", "old_district_code", "old_commune_code",
        "new_province_code", "new_commune_code",
    )  # fmt: skip

    def units(sessions: sessionmaker[Session]) -> dict[str, tuple]:
        with sessions() as session:
            found = {h: find_portal(session, h) for h in hosts}
            return {h: tuple(getattr(p, c) for c in codes) for h, p in found.items() if p}

    source = open_database(load_config(tmp_path / "a"))
    with source.begin() as session:
        for host in hosts:
            add_portal(session, f"https://{host}/")
    made = units(source)
    assert made["sotttt.haiphong.gov.vn"][0] == "department"
    assert made["hiepan.kinhmon.haiduong.gov.vn"][-1] == commune_merger()[10735].main
    assert len(made) == 3 and all(None not in (u[1], u[4]) for u in made.values())
    out = io.StringIO()
    with source() as session:
        export_csv(list_portals(session), out)
    target = open_database(load_config(tmp_path / "b"))
    with target() as session:
        import_csv(session, io.StringIO(out.getvalue()))
    assert units(target) == made
