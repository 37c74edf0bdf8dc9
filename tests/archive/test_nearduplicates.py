"""Near-duplicate texts: reposts are one story, decisions of one template are not."""

from __future__ import annotations

import itertools

from archive.documents.nearduplicates import band_keys, numbers, same_story, words
from sandbox import Sandbox
from sandbox.model import SiteModel

DECISION = (
    "ỦY BAN NHÂN DÂN THỊ XÃ KINH MÔN\nSố: {n}/QĐ-UBND\nKinh Môn, ngày {d}/3/2024\n"
    "QUYẾT ĐỊNH\nVề việc phê duyệt kế hoạch lựa chọn nhà thầu gói thầu {name}\n"
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Căn cứ Luật Đấu "
    "thầu ngày 26 tháng 11 năm 2013; Căn cứ Nghị định số 63/2014/NĐ-CP ngày 26 tháng 6 năm "
    "2014 của Chính phủ quy định chi tiết thi hành một số điều của Luật Đấu thầu về lựa chọn "
    "nhà thầu; Xét đề nghị của Trưởng phòng Tài chính - Kế hoạch tại Tờ trình số {t}/TTr-TCKH.\n"
    "QUYẾT ĐỊNH:\nĐiều 1. Phê duyệt kế hoạch lựa chọn nhà thầu gói thầu {name} với tổng giá "
    "trị {money} đồng, nguồn vốn ngân sách thị xã, hình thức lựa chọn nhà thầu chỉ định thầu "
    "rút gọn, thời gian thực hiện hợp đồng 90 ngày.\nĐiều 2. Chánh Văn phòng HĐND và UBND thị "
    "xã, Trưởng phòng Tài chính - Kế hoạch, Chủ tịch UBND {commune} và các đơn vị có liên "
    "quan chịu trách nhiệm thi hành Quyết định này.\nCHỦ TỊCH\nNguyễn Văn An"
)


def decision(n: int, name: str, commune: str) -> str:
    return DECISION.format(n=n, d=n % 28 + 1, name=name, t=n + 7, money=f"{n}.000.000",
                           commune=commune)  # fmt: skip


def test_decisions_of_one_template_with_other_numbers_are_never_one_story() -> None:
    texts = [
        decision(120 + i, name, commune)
        for i, (name, commune) in enumerate(
            itertools.product(
                ("cải tạo đường trục xã", "xây dựng nhà văn hóa thôn", "nạo vét kênh"),
                ("xã Quang Thành", "xã Hiệp Sơn", "phường An Lưu"),
            )
        )
    ]
    assert numbers(texts[0])[0] == "120/qd-ubnd"
    for a, b in itertools.combinations(texts, 2):
        assert not same_story(a, b)
    # the same decision reposted by a commune, with its name in front: one story
    assert same_story(texts[0], "UBND xã Quang Thành thông báo: " + texts[0])


def test_sandbox_reposts_are_one_story_and_its_articles_are_not() -> None:
    model = SiteModel(5, 30, reposts=0.4)
    articles = [a for state in model.portals.values() for a in state.articles.values()]

    def text(art) -> str:
        return "\n".join(art.content(5).body)

    reposts = [a for a in articles if a.source is not None]
    assert len(reposts) >= 30
    assert all(same_story(text(a), text(a.source)) for a in reposts)
    originals = [a for a in articles if a.source is None][:120]
    assert not any(same_story(text(a), text(b)) for a, b in itertools.combinations(originals, 2))


def test_the_sandbox_documents_of_one_template_are_kept_apart() -> None:
    docs = [d["text"] for d in Sandbox(seed=1, pages_per_portal=2).documents_truth()]
    assert len(docs) >= 10
    assert not any(same_story(a, b) for a, b in itertools.combinations(docs, 2))


def test_band_keys_are_stable_and_shared_by_near_duplicates() -> None:
    a = words(decision(120, "nạo vét kênh", "xã Hiệp Sơn"))
    keys = band_keys(a)
    assert keys == band_keys(a) and len(keys) == 16
    assert set(keys) & set(band_keys(["UBND", "xã", *a]))  # a near-duplicate: a band shared
