"""Search filtered by administrative unit, on a small real archive of sandbox hosts."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from archive.catalog.errors import UnknownProvince
from archive.db.engine import open_database
from archive.errors import InputError
from archive.search import Filters, search
from tests.archive.catalog.small_archive import build
from tests.conftest import Backend


@pytest.fixture(scope="module")
def sessions(tmp_path_factory: pytest.TempPathFactory, backend: Backend) -> sessionmaker[Session]:
    data_dir = tmp_path_factory.mktemp("units") / "data"
    return open_database(build(backend.config(data_dir)))


def hosts(sessions: sessionmaker[Session], **filters: str) -> set[str]:
    with sessions() as session:
        return {h.host for h in search(session, "ke hoach", filters=Filters(**filters)).hits}


def test_without_filters_every_portal_matches(sessions: sessionmaker[Session]) -> None:
    assert len(hosts(sessions)) == 5


def test_an_old_province_matches_its_own_portals_only(sessions: sessionmaker[Session]) -> None:
    assert hosts(sessions, province="Hải Dương") == {
        "haiduong.gov.vn.test",
        "kinhmon.haiduong.gov.vn.test",
        "quangthanh.kinhmon.haiduong.gov.vn.test",
    }


def test_a_new_province_includes_the_old_ones_merged_into_it(
    sessions: sessionmaker[Session],
) -> None:
    assert hosts(sessions, province="hai phong") == hosts(sessions, province="Hải Dương") | {
        "haiphong.gov.vn.test"
    }


def test_level_and_province_combine(sessions: sessionmaker[Session]) -> None:
    assert hosts(sessions, province="haiduong", level="commune") == {
        "quangthanh.kinhmon.haiduong.gov.vn.test"
    }
    assert hosts(sessions, level="district") == {
        "kinhmon.haiduong.gov.vn.test",
        "hatrung.thanhhoa.gov.vn.test",
    }
    assert hosts(sessions, province="Thanh Hóa", level="commune") == set()


def test_bad_filters_are_input_errors(sessions: sessionmaker[Session]) -> None:
    with pytest.raises(UnknownProvince, match="did you mean 'Tỉnh Thanh Hóa'"):
        hosts(sessions, province="Thanh Hao")
    with pytest.raises(InputError, match="level must be one of"):
        hosts(sessions, level="hamlet")
