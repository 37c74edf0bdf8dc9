"""bench/extraction.py stays runnable: its hand-made layouts carry their ground truth, and
its scores see a leak or a loss when there is one."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    sys.path.insert(0, str(BENCH))
    try:
        spec = importlib.util.spec_from_file_location("bench_extraction", BENCH / "extraction.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # its dataclasses look themselves up there
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(BENCH))


def test_hand_made_layouts_carry_truth_and_chrome(bench: ModuleType) -> None:
    pages = bench.template_pages(["joomla", "liferay"], 2)
    assert [p.layout for p in pages] == ["joomla", "joomla", "liferay", "liferay"]
    for page in pages:
        shown = bench.visible_text(page.html)
        assert page.title in shown and page.author in shown
        assert page.keep and all(s in shown for s in page.keep)
        for label in ("Tin mới nhất", "Thống kê truy cập", "Trưởng Ban Biên tập"):
            assert label in page.chrome
        assert sum(1 for c in page.chrome if c not in bench.CHROME) >= 5  # related titles


def test_scores_count_losses_and_leaks(bench: ModuleType) -> None:
    page = bench.template_pages(["joomla"], 1)[0]
    perfect = bench.Output(" ".join(page.keep), page.title, page.date, page.author)
    r = bench.score(page, perfect, 1.0).ratios()
    assert (r["recall"], r["leak"], r["title"], r["date"], r["author"]) == (1, 0, 1, 1, 1)
    noisy = bench.Output(" ".join(page.keep[1:] + page.chrome[:2]), None, None, "x")
    s = bench.score(page, noisy, 1.0)
    assert (s.kept, s.leaked, s.title, s.date, s.author) == (len(page.keep) - 1, 2, 0, 0, 0)


def test_shared_benchmark_absent_is_skipped(bench: ModuleType, tmp_path: Path) -> None:
    assert bench.shared_benchmark(tmp_path) is None
