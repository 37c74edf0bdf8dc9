"""The sandbox portals: who they are, where they sit, which layout renders them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sandbox.slug import slugify


@dataclass(frozen=True)
class Category:
    name: str
    group: str  # topic group of the phrase bank; "mix" draws from every group
    tab: int  # the ASP.NET layout's tabid
    weight: int = 1

    @property
    def slug(self) -> str:
        return slugify(self.name)


CATEGORIES = {
    "news": Category("Tin tức - Sự kiện", "mix", 95, 3),
    "economy": Category("Chính trị - Kinh tế", "economy", 96, 2),
    "society": Category("Văn hóa - Xã hội", "society", 97, 2),
    "directive": Category("Chỉ đạo điều hành", "directive", 98, 1),
    "party": Category("Xây dựng Đảng - Chính quyền", "party", 99, 1),
    "security": Category("Quốc phòng - An ninh", "security", 100, 1),
}


@dataclass(frozen=True)
class PortalSpec:
    host: str
    name: str
    level: str  # province | district | commune
    parent: str | None
    province: str
    layout: str  # aspnet | bootstrap | sharepoint | newspaper
    date_style: str  # a key of sandbox.dates.STYLES
    kind: str  # "tỉnh", "thị xã", "huyện", "xã", "phường"
    place: str  # "Kinh Môn"
    subunits: tuple[str, ...]
    editor: str
    address: str
    phone: str
    email: str
    categories: tuple[str, ...]
    has_sitemap: bool = False
    has_rss: bool = False
    charset_in_header: bool = True

    @property
    def unit(self) -> str:
        return f"{self.kind} {self.place}"

    @property
    def party(self) -> str:
        return {"tỉnh": "Tỉnh ủy", "thị xã": "Thị ủy", "huyện": "Huyện ủy"}.get(
            self.kind, f"Đảng ủy {self.kind}"
        )

    def category_list(self) -> list[Category]:
        return [CATEGORIES[key] for key in self.categories]


ALL = ("news", "economy", "society", "directive", "party", "security")
PORTALS: tuple[PortalSpec, ...] = (
    PortalSpec(
        host="haiduong.gov.vn.test",
        name="Cổng thông tin điện tử tỉnh Hải Dương",
        level="province",
        parent=None,
        province="Hải Dương",
        layout="newspaper",
        date_style="dmy_hm",
        kind="tỉnh",
        place="Hải Dương",
        subunits=(
            "thị xã Kinh Môn",
            "huyện Kim Thành",
            "thành phố Chí Linh",
            "huyện Nam Sách",
            "huyện Thanh Hà",
            "huyện Cẩm Giàng",
            "huyện Gia Lộc",
            "huyện Tứ Kỳ",
        ),
        editor="Ông Phạm Văn Long - Phó Chủ tịch UBND tỉnh",
        address="Số 45 đường Quang Trung, TP Hải Dương, tỉnh Hải Dương",
        phone="0220.3854.210",
        email="banbientap@haiduong.gov.vn.test",
        categories=ALL,
        has_sitemap=True,
        has_rss=True,
    ),
    PortalSpec(
        host="kinhmon.haiduong.gov.vn.test",
        name="Cổng thông tin điện tử thị xã Kinh Môn",
        level="district",
        parent="haiduong.gov.vn.test",
        province="Hải Dương",
        layout="aspnet",
        date_style="capnhat_ampm",
        kind="thị xã",
        place="Kinh Môn",
        subunits=(
            "phường Hiệp Sơn",
            "xã Quang Thành",
            "phường An Lưu",
            "xã Lạc Long",
            "phường Minh Tân",
            "xã Thăng Long",
            "phường Phú Thứ",
            "xã Hiệp Hòa",
        ),
        editor="Ông Đỗ Quang Bình - Phó Chủ tịch UBND thị xã",
        address="Đường Nguyễn Đại Năng, phường An Lưu, thị xã Kinh Môn, tỉnh Hải Dương",
        phone="0220.3821.307",
        email="ubnd@kinhmon.haiduong.gov.vn.test",
        categories=("news", "economy", "society", "directive", "party"),
        has_rss=True,
        charset_in_header=False,
    ),
    PortalSpec(
        host="kimthanh.haiduong.gov.vn.test",
        name="Cổng thông tin điện tử huyện Kim Thành",
        level="district",
        parent="haiduong.gov.vn.test",
        province="Hải Dương",
        layout="bootstrap",
        date_style="ngaydang",
        kind="huyện",
        place="Kim Thành",
        subunits=(
            "xã Kim Xuyên",
            "xã Kim Anh",
            "xã Ngũ Phúc",
            "xã Cộng Hòa",
            "xã Đồng Cẩm",
            "xã Kim Đính",
            "xã Tuấn Việt",
            "thị trấn Phú Thái",
        ),
        editor="Bà Trịnh Thị Hương - Phó Chủ tịch UBND huyện",
        address="Thị trấn Phú Thái, huyện Kim Thành, tỉnh Hải Dương",
        phone="0220.3717.126",
        email="vanphong@kimthanh.haiduong.gov.vn.test",
        categories=("news", "economy", "society", "directive", "security"),
        has_sitemap=True,
    ),
    PortalSpec(
        host="quangthanh.kinhmon.haiduong.gov.vn.test",
        name="Trang thông tin điện tử xã Quang Thành",
        level="commune",
        parent="kinhmon.haiduong.gov.vn.test",
        province="Hải Dương",
        layout="sharepoint",
        date_style="dmy_hms",
        kind="xã",
        place="Quang Thành",
        subunits=(
            "thôn Vân Xá",
            "thôn Đồng Lạc",
            "thôn Bích Nhôi",
            "thôn Phù Tải",
            "khu dân cư số 3",
            "thôn Tân Lập",
        ),
        editor="Ông Ngô Đình Khánh - Chủ tịch UBND xã",
        address="Xã Quang Thành - Thị xã Kinh Môn - Tỉnh Hải Dương",
        phone="0220.3561.048",
        email="ubndquangthanh@kinhmon.haiduong.gov.vn.test",
        categories=("news", "economy", "society", "directive"),
    ),
    PortalSpec(
        host="hiepson.kinhmon.haiduong.gov.vn.test",
        name="Trang thông tin điện tử phường Hiệp Sơn",
        level="commune",
        parent="kinhmon.haiduong.gov.vn.test",
        province="Hải Dương",
        layout="aspnet",
        date_style="dmy_hm",
        kind="phường",
        place="Hiệp Sơn",
        subunits=(
            "khu dân cư Huề Trì",
            "khu dân cư Trại Xanh",
            "khu dân cư Tống Xá",
            "khu dân cư Ngư Đại",
            "khu dân cư Bến Tràng",
        ),
        editor="Ông Tạ Văn Sơn - Chủ tịch UBND phường",
        address="Phường Hiệp Sơn, thị xã Kinh Môn, tỉnh Hải Dương",
        phone="0220.3822.519",
        email="hiepson@kinhmon.haiduong.gov.vn.test",
        categories=("news", "economy", "society", "party"),
    ),
    PortalSpec(
        host="thanhhoa.gov.vn.test",
        name="Cổng thông tin điện tử tỉnh Thanh Hóa",
        level="province",
        parent=None,
        province="Thanh Hóa",
        layout="newspaper",
        date_style="weekday_long",
        kind="tỉnh",
        place="Thanh Hóa",
        subunits=(
            "huyện Hà Trung",
            "huyện Nga Sơn",
            "thị xã Bỉm Sơn",
            "huyện Thọ Xuân",
            "huyện Hoằng Hóa",
            "huyện Hậu Lộc",
            "huyện Vĩnh Lộc",
            "thị xã Nghi Sơn",
        ),
        editor="Ông Lê Đức Trung - Phó Chủ tịch UBND tỉnh",
        address="Số 35 Đại lộ Lê Lợi, TP Thanh Hóa, tỉnh Thanh Hóa",
        phone="0237.3852.455",
        email="bbt@thanhhoa.gov.vn.test",
        categories=ALL,
        has_sitemap=True,
        has_rss=True,
    ),
    PortalSpec(
        host="hatrung.thanhhoa.gov.vn.test",
        name="Cổng thông tin điện tử huyện Hà Trung",
        level="district",
        parent="thanhhoa.gov.vn.test",
        province="Thanh Hóa",
        layout="sharepoint",
        date_style="sp_vi",
        kind="huyện",
        place="Hà Trung",
        subunits=(
            "xã Hà Long",
            "xã Hà Lĩnh",
            "xã Hà Bắc",
            "xã Hà Ngọc",
            "xã Hà Đông",
            "xã Hà Tiến",
            "thị trấn Hà Trung",
            "xã Hà Sơn",
        ),
        editor="Ông Đinh Văn Cường - Phó Chủ tịch UBND huyện",
        address="Thị trấn Hà Trung, huyện Hà Trung, tỉnh Thanh Hóa",
        phone="0237.3836.112",
        email="vanphong@hatrung.thanhhoa.gov.vn.test",
        categories=("news", "economy", "society", "directive", "security"),
        has_sitemap=True,
    ),
)


class PortalsByHost(dict[str, PortalSpec]):
    """Specs by host; a copy's host (``…gov2.vn.test``, ``Sandbox(copies=…)``) finds the spec
    it copies."""

    def __missing__(self, host: str) -> PortalSpec:
        base = re.sub(r"\.gov\d+\.vn\.test$", ".gov.vn.test", host)
        if base == host:
            raise KeyError(host)
        return self[base]


def specs_by_host() -> PortalsByHost:
    return PortalsByHost({spec.host: spec for spec in PORTALS})
