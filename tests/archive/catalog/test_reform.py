"""The catalog after the 2025 reform: hosts of communes directly under provinces and of
departments, the commune each old commune went into, and units found by name."""

from __future__ import annotations

import pytest

from archive.catalog.assign import apply_old_unit
from archive.catalog.errors import AmbiguousUnit, UnitNameNotFound
from archive.catalog.hosts import read_host
from archive.catalog.labels import labels_of
from archive.catalog.lookup import find_unit
from archive.catalog.models import Portal
from archive.catalog.portals import fill_units, new_portal
from archive.catalog.units import commune_merger, new_units, old_units


@pytest.mark.parametrize(
    ("host", "level", "unit"),
    [
        ("xatanhung.haiphong.gov.vn", "commune", "Phường Tân Hưng"),  # since 2025
        ("phuongtanhung.haiphong.gov.vn", "commune", "Phường Tân Hưng"),
        ("tanhung.haiphong.gov.vn.test", "commune", "Phường Tân Hưng"),
        ("sotttt.haiphong.gov.vn", "department", "Thành phố Hải Phòng"),
        ("sogddt.thanhhoa.gov.vn", "department", "Tỉnh Thanh Hóa"),
        ("sokhcn.haiduong.gov.vn", "department", "Tỉnh Hải Dương"),  # a former province's
        ("socson.hanoi.gov.vn", "district", "Huyện Sóc Sơn"),  # so… but a district
        ("kinhmon.haiduong.gov.vn", "district", "Thị xã Kinh Môn"),  # before 2025
        ("quangthanh.kinhmon.haiduong.gov.vn", "commune", "Xã Quang Thành"),
        ("haiphong.gov.vn", "province", "Thành phố Hải Phòng"),
        ("thuathienhue.gov.vn", "province", "Thành phố Huế"),
    ],
)
def test_a_host_says_its_level_and_unit(host: str, level: str, unit: str) -> None:
    reading = read_host(host)
    assert reading is not None and reading.level == level
    found = reading.new_commune or reading.old_deepest or reading.new_province
    assert found is not None and found.name == unit


@pytest.mark.parametrize("host", ["x.haiduong.gov.vn", "mof.gov.vn", "example.com"])
def test_a_host_that_says_nothing_has_no_level(host: str) -> None:
    assert read_host(host) is None


def test_the_operator_decides_how_a_label_reads() -> None:
    as_commune = read_host("kienthuy.haiphong.gov.vn", "commune")
    assert as_commune.level == "commune" and as_commune.new_commune.name == "Xã Kiến Thụy"
    assert read_host("kienthuy.haiphong.gov.vn").level == "district"


def test_most_old_communes_have_the_commune_they_went_into() -> None:
    merger = commune_merger()
    old = old_units().units("commune")
    mapped = [u for u in old if u.code in merger]
    assert len(mapped) / len(old) > 0.95  # 9677 of 10051: the rest ended before 2025
    quang_thanh = merger[10705]
    assert new_units().get("commune", quang_thanh.main).name == "Xã Nam An Phụ"
    split = [code for code, fate in merger.items() if fate.also]
    assert 300 < len(split) < 600


def portal(host: str, level: str | None = None) -> Portal:
    made = new_portal(host, f"https://{host}/", level=level)
    fill_units_without_db(made)
    return made


def fill_units_without_db(made: Portal) -> None:
    class NoTwin:
        def scalar(self, _stmt: object) -> None:
            return None

    fill_units(NoTwin(), made, None)  # type: ignore[arg-type]


def test_a_pre_2025_commune_says_what_it_is_now() -> None:
    labels = labels_of(portal("quangthanh.kinhmon.haiduong.gov.vn"))
    assert labels.current_commune == "Xã Nam An Phụ"
    assert labels.describe() == (
        "Xã Quang Thành, Thị xã Kinh Môn, Tỉnh Hải Dương (now: Xã Nam An Phụ, Thành phố Hải Phòng)"
    )


def test_a_commune_without_a_known_successor_says_so() -> None:
    gone = Portal(host="x", url="https://x/", level="commune", old_commune_code=82)
    gone.old_district_code, gone.old_province_code, gone.new_province_code = 1, 1, 1
    assert 82 not in commune_merger()  # Phường Trần Hưng Đạo, merged away in 2024
    assert labels_of(gone).describe().endswith("(now: Thành phố Hà Nội (commune mapping unknown))")
    # A commune the host does not name is unknown itself, not its successor.
    unnamed = labels_of(portal("nowhere.kinhmon.haiduong.gov.vn"))
    assert unnamed.describe() == "Thị xã Kinh Môn, Tỉnh Hải Dương (now: Thành phố Hải Phòng)"


def test_a_post_2025_commune_gets_the_old_units_it_came_from() -> None:
    made = portal("xatanhung.haiphong.gov.vn")
    assert (made.new_commune_code, made.new_province_code) == (10537, 31)
    assert made.old_province_code == 30  # Phường Tân Hưng was made of Hải Dương's wards
    department = portal("sotttt.haiphong.gov.vn")
    assert (department.level, department.old_province_code, department.new_province_code) == (
        "department", 31, 31
    )  # fmt: skip


@pytest.mark.parametrize(
    ("text", "code", "era"),
    [
        ("Tân Hưng, Hải Phòng", 10537, "2025"),
        ("phuong tan hung, hai phong", 10537, "2025"),
        ("Xã Tân Hưng, Hưng Yên", 11977, "2025"),
        ("xa tan hung, tinh hung yen", 11977, "2025"),
        ("Xã Nam An Phụ", 10705, "2025"),
        ("10705", 10705, "2024"),
        ("new:10537", 10537, "2025"),
        ("Thị xã Kinh Môn", 292, "2024"),
    ],
)
def test_a_unit_is_found_by_name_with_or_without_diacritics_or_by_code(
    text: str, code: int, era: str
) -> None:
    unit = find_unit(text)
    assert (unit.code, unit.era) == (code, era)


def test_an_ambiguous_name_lists_close_matches_in_one_line() -> None:
    with pytest.raises(AmbiguousUnit) as info:
        find_unit("Xã Tân Hưng")
    message = str(info.value)
    assert "\n" not in message and message.startswith("4 units are named 'Xã Tân Hưng': ")
    assert "Xã Tân Hưng, Tỉnh Hưng Yên (new:11977)" in message and "(1 more)" in message


def test_an_unknown_name_suggests_close_ones() -> None:
    with pytest.raises(UnitNameNotFound, match="close: .*Tân Hưng") as info:
        find_unit("Xã Tân Hưngg")
    assert isinstance(info.value, LookupError)


def test_a_split_commune_names_the_others_it_went_into() -> None:
    code, fate = next((c, f) for c, f in sorted(commune_merger().items()) if f.also)
    split = Portal(host="x", url="https://x/", level="commune")
    apply_old_unit(split, "commune", code)
    labels = labels_of(split)
    assert labels.current_commune == new_units().get("commune", fate.main).name
    others = [new_units().get("commune", c).name for c in fate.also]
    assert labels.current_commune_also == others
    assert labels.current.endswith(f" (in part also {', '.join(others)})")
