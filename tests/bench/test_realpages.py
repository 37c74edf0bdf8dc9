"""bench/realpages holds locations, hashes and labels only, and keeps a third held out."""

from __future__ import annotations

import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parents[2] / "bench" / "realpages"
MANIFEST = json.loads((HERE / "manifest.json").read_text(encoding="utf-8"))["items"]
TRUTH = json.loads((HERE / "truth.json").read_text(encoding="utf-8"))["pages"]
SHA1 = re.compile(r"^[0-9a-f]{40}$")


def test_every_page_is_located_and_has_truth() -> None:
    assert len(MANIFEST) >= 40
    assert {i["id"] for i in MANIFEST} == {t["id"] for t in TRUTH}
    for item in MANIFEST:
        assert re.fullmatch(r"[0-9a-f]{40}", item["commit"]) and len(item["sha256"]) == 64
        assert item["repo"].count("/") == 1 and item["path"] and item["split"] in ("dev", "heldout")


def test_a_third_is_held_out_and_every_kind_is_there() -> None:
    held = sum(i["split"] == "heldout" for i in MANIFEST)
    assert 3 * held >= len(MANIFEST)
    assert {t["kind"] for t in TRUTH} == {"article", "notice", "listing", "page", "home"}


def test_truth_keeps_hashes_not_text() -> None:
    for t in TRUTH:
        assert t["title"] is None or SHA1.match(t["title"])
        assert t["author"] == "" or SHA1.match(t["author"])
        assert all(SHA1.match(h) for h in t["keep"])
        assert all(SHA1.match(h) and isinstance(n, int) for h, n in t["chrome"])
