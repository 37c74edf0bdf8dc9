"""archive.extract against the sandbox portals' ground truth (every article, seeds 1 and 2)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any
from urllib.parse import urljoin

import pytest

from archive.extract import Extraction, extract
from sandbox import Sandbox

SEEDS = (1, 2)
PAGES = 12
CHROME = (
    "Đang truy cập", "Hôm nay:", "Tất cả:", "Trong tuần:", "Thống kê truy cập",
    "Kết quả giải quyết TTHC", "đã giải quyết:", "Số hồ sơ xử lý", "Trước & đúng hạn",
    "Tỉ lệ trễ hạn", "Cập nhật lúc", "Trưởng Ban Biên tập", "Ghi rõ nguồn", "Địa chỉ:",
    "Điện thoại:", "Tin mới nhất", "Nổi bật", "Các tin khác", "Các tin mới hơn",
    "Các tin cũ hơn", "Các bài liên quan", "Tin liên quan", "Liên kết website", "-- Chọn --",
    "In bài viết", "Gửi email", "Chia sẻ", "Facebook", "Zalo", "Quay lại", "Xem tiếp",
    "Bình luận", "Từ khóa:", "Lượt xem", "Trang chủ", "Đăng nhập", "Quản trị", ".jpg",
)  # fmt: skip


@dataclass(frozen=True)
class Case:
    truth: dict[str, Any]
    html: bytes
    result: Extraction


def fetch(sb: Sandbox, url: str) -> tuple[int, dict[str, str], bytes, str]:
    """Render ``url``, following redirects as a browser would."""
    for _ in range(5):
        status, headers, body = sb.render(url)
        location = {k.lower(): v for k, v in headers.items()}.get("location")
        if status in (301, 302, 303, 307, 308) and location:
            url = urljoin(url, location)
            continue
        return status, headers, body, url
    raise AssertionError(f"redirect loop at {url}")


def run(sb: Sandbox, url: str) -> tuple[bytes, Extraction]:
    status, headers, body, final = fetch(sb, url)
    assert status == 200, (url, status)
    content_type = {k.lower(): v for k, v in headers.items()}.get("content-type")
    return body, extract(body, final, content_type=content_type)


@cache
def sandbox(seed: int) -> Sandbox:
    return Sandbox(seed=seed, pages_per_portal=PAGES)


@cache
def cases(seed: int) -> tuple[Case, ...]:
    sb = sandbox(seed)
    return tuple(Case(truth, *run(sb, truth["url"])) for truth in sb.ground_truth())


def failures(seed: int, check) -> list[str]:
    bad = [f"{c.truth['layout']} {c.truth['url']}: {msg}" for c in cases(seed) if (msg := check(c))]
    return bad


def _minute(value: datetime | None) -> datetime | None:
    return value.replace(second=0, microsecond=0) if value else None


def test_sandbox_has_articles() -> None:
    for seed in SEEDS:
        layouts = {c.truth["layout"] for c in cases(seed)}
        assert len(cases(seed)) >= 40
        assert layouts >= {"aspnet", "bootstrap", "sharepoint", "newspaper"}


@pytest.mark.parametrize("seed", SEEDS)
def test_is_article(seed: int) -> None:
    assert not failures(seed, lambda c: None if c.result.is_article else c.result.reason)


@pytest.mark.parametrize("seed", SEEDS)
def test_title(seed: int) -> None:
    assert not failures(
        seed, lambda c: None if c.result.title == c.truth["title"] else repr(c.result.title)
    )


@pytest.mark.parametrize("seed", SEEDS)
def test_date_to_the_minute(seed: int) -> None:
    def check(c: Case) -> str | None:
        want = _minute(datetime.fromisoformat(c.truth["date"]))
        got = c.result.date
        if got is None or got.tzinfo is None or got.utcoffset() != want.utcoffset():
            return f"{got!r} (want {want.isoformat()})"
        return None if _minute(got) == want else f"{got.isoformat()} != {want.isoformat()}"

    assert not failures(seed, check)


@pytest.mark.parametrize("seed", SEEDS)
def test_author(seed: int) -> None:
    assert not failures(
        seed, lambda c: None if c.result.author == c.truth["author"] else repr(c.result.author)
    )


@pytest.mark.parametrize("seed", SEEDS)
def test_category(seed: int) -> None:
    assert not failures(
        seed,
        lambda c: None if c.result.category == c.truth["category"] else repr(c.result.category),
    )


@pytest.mark.parametrize("seed", SEEDS)
def test_every_body_paragraph_in_text(seed: int) -> None:
    def check(c: Case) -> str | None:
        missing = [p[:60] for p in c.truth["body"] if p not in c.result.text]
        return f"missing {missing}" if missing else None

    assert not failures(seed, check)


@pytest.mark.parametrize("seed", SEEDS)
def test_sapo(seed: int) -> None:
    def check(c: Case) -> str | None:
        sapo = c.truth["sapo"]
        if c.result.sapo != sapo:
            return f"sapo {c.result.sapo!r}"
        return None if c.result.text.startswith(sapo) else "text does not start with the sapo"

    assert not failures(seed, check)


@pytest.mark.parametrize("seed", SEEDS)
def test_no_chrome_in_text(seed: int) -> None:
    def check(c: Case) -> str | None:
        found = [s for s in CHROME if s in c.result.text]
        return f"chrome {found}" if found else None

    assert not failures(seed, check)


@pytest.mark.parametrize("seed", SEEDS)
def test_no_related_titles_in_text(seed: int) -> None:
    titles = {c.truth["title"] for c in cases(seed)}

    def check(c: Case) -> str | None:
        own = " ".join([c.truth["title"], c.truth["sapo"], *c.truth["body"], *c.truth["captions"]])
        page = c.html.decode("utf-8", "replace")
        listed = [t for t in titles if t in page and t not in own]
        leaked = [t for t in listed if t in c.result.text]
        return f"related titles {leaked}" if leaked else None

    assert not failures(seed, check)


@pytest.mark.parametrize("seed", SEEDS)
def test_home_and_listing_pages_are_not_articles(seed: int) -> None:
    sb = sandbox(seed)
    bad = []
    for site in sb.sites.values():
        urls = [f"{site.base}/"] + [
            site.base + site.layout.listing_path(cat, page)
            for cat in site.categories
            for page in range(1, min(2, site.pages(cat)) + 1)
        ]
        for url in urls:
            _, result = run(sb, url)
            if result.is_article:
                bad.append(f"{site.layout.name} {url}: {result.title!r}")
    assert not bad
