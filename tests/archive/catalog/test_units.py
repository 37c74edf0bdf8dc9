"""The administrative units before and after 2025, and the names they give hostnames."""

from __future__ import annotations

import pytest

from archive.catalog.errors import UnknownProvince, UnknownUnit
from archive.catalog.hosts import level_of_host, read_host
from archive.catalog.lookup import resolve_province
from archive.catalog.names import (
    catalog_host,
    commune_host,
    district_host,
    folded_name,
    host_label,
    normalize_host,
    province_host,
    strip_type,
    unaccent,
)
from archive.catalog.units import merged_from, new_units, old_units, province_merger


def test_the_old_hierarchy_has_63_provinces_about_700_districts_and_10000_communes() -> None:
    counts = old_units().counts()
    assert counts["province"] == 63
    assert 690 <= counts["district"] <= 710
    assert 10_000 <= counts["commune"] <= 10_700


def test_the_new_hierarchy_has_34_provinces_and_3321_communes_and_wards() -> None:
    assert new_units().counts() == {"province": 34, "commune": 3321}


def test_the_data_files_record_their_source_package_and_version() -> None:
    assert any("vietnam-provinces 0.6.0" in line for line in old_units().metadata)
    assert any("vietnam-provinces 2025." in line for line in new_units().metadata)


def test_every_old_province_maps_to_one_of_the_34_new_ones() -> None:
    merger = province_merger()
    assert set(merger) == {u.code for u in old_units().units("province")}
    assert set(merger.values()) == {u.code for u in new_units().units("province")}


def test_hai_duong_went_into_hai_phong_and_thanh_hoa_stayed_itself() -> None:
    hai_duong = resolve_province("Hải Dương")
    assert hai_duong.old_codes == {30} and not hai_duong.new_codes
    assert new_units().get("province", province_merger()[30]).name == "Thành phố Hải Phòng"
    assert [u.name for u in merged_from(31)] == ["Tỉnh Hải Dương", "Thành phố Hải Phòng"]
    assert province_merger()[38] == 38


def test_the_old_hierarchy_is_linked_commune_to_district_to_province() -> None:
    quang_thanh = old_units().get("commune", 10705)
    kinh_mon = old_units().parent_of(quang_thanh)
    assert (quang_thanh.name, kinh_mon.name) == ("Xã Quang Thành", "Thị xã Kinh Môn")
    assert old_units().parent_of(kinh_mon).name == "Tỉnh Hải Dương"
    assert quang_thanh in old_units().children_of(kinh_mon)


def test_an_unknown_code_is_a_lookup_error_naming_it() -> None:
    with pytest.raises(UnknownUnit, match="99999") as info:
        old_units().get("commune", 99999)
    assert isinstance(info.value, LookupError)


@pytest.mark.parametrize(
    "name, folded, label",
    [
        ("Thị xã Kinh Môn", "kinh mon", "kinhmon"),
        ("Huyện Kiến Thuỵ", "kien thuy", "kienthuy"),  # old-style tone placement
        ("Tỉnh Đắk Lắk", "dak lak", "daklak"),
        ("Thành phố Hải Phòng", "hai phong", "haiphong"),
        ("Thị trấn Hà Trung", "ha trung", "hatrung"),
        ("Phường Hiệp Sơn", "hiep son", "hiepson"),
        ("Tỉnh Bà Rịa - Vũng Tàu", "ba ria vung tau", "bariavungtau"),
        ("Xã Ea H'leo", "ea h'leo", "eahleo"),
    ],
)
def test_unit_names_fold_to_comparison_keys_and_hostname_labels(
    name: str, folded: str, label: str
) -> None:
    assert folded_name(name) == folded
    assert host_label(name) == label


def test_unaccent_and_strip_type_keep_the_rest_of_the_name() -> None:
    assert unaccent("Đảng bộ xã Quang Thành") == "Dang bo xa Quang Thanh"
    assert strip_type("Xã Quang Thành") == "Quang Thành"
    assert strip_type("thi xa kinh mon") == "kinh mon"
    assert strip_type("Xã") == "Xã"


def test_hostname_candidates_are_built_from_unit_names() -> None:
    assert province_host("Tỉnh Thanh Hóa") == "thanhhoa.gov.vn"
    assert district_host("Huyện Kim Thành", "Tỉnh Hải Dương") == "kimthanh.haiduong.gov.vn"
    assert (
        commune_host("Xã Quang Thành", "Thị xã Kinh Môn", "Tỉnh Hải Dương")
        == "quangthanh.kinhmon.haiduong.gov.vn"
    )


def test_hosts_are_normalised_and_sandbox_hosts_stand_for_real_ones() -> None:
    assert normalize_host("HTTPS://KinhMon.HaiDuong.gov.vn:443/a?b") == "kinhmon.haiduong.gov.vn"
    assert catalog_host("kinhmon.haiduong.gov.vn.test") == "kinhmon.haiduong.gov.vn"
    assert level_of_host("quangthanh.kinhmon.haiduong.gov.vn.test") == "commune"
    assert level_of_host("example.com") is None


def test_a_portal_host_spells_its_units() -> None:
    units = read_host("quangthanh.kinhmon.haiduong.gov.vn.test")
    assert units.level == "commune"
    assert (units.old_province.code, units.old_district.code, units.old_commune.code) == (
        30, 292, 10705
    )  # fmt: skip
    assert read_host("hochiminhcity.gov.vn").old_province.name == "Thành phố Hồ Chí Minh"


@pytest.mark.parametrize("name", ["Hải Dương", "hai duong", "HAIDUONG", "Tỉnh Hải Dương"])
def test_a_province_is_found_with_or_without_diacritics_and_type_word(name: str) -> None:
    assert resolve_province(name).old_codes == {30}


def test_a_new_province_name_matches_the_old_and_the_new_unit() -> None:
    match = resolve_province("hai phong")
    assert match.old_codes == {31} and match.new_codes == {31}


def test_an_unknown_province_suggests_the_closest_name() -> None:
    with pytest.raises(UnknownProvince, match="did you mean 'Tỉnh Hải Dương'") as info:
        resolve_province("Hai Duongg")
    assert isinstance(info.value, LookupError)


def test_looking_up_a_level_an_era_lacks_leaves_the_table_as_it_was() -> None:
    assert new_units().find("district", 292) is None and new_units().units("district") == []
    assert new_units().counts() == {"province": 34, "commune": 3321}
