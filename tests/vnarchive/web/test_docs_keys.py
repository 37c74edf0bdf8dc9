"""Every key a page answers with in JSON is documented in docs/web.md."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import Recrawl
from tests.vnarchive.web.conftest import JSON
from tests.vnarchive.web.test_documents_api import document_of, edited_url

DOC = Path(__file__).resolve().parents[3] / "docs" / "web.md"


def documented() -> set[str]:
    return set(re.findall(r"`([a-z_]+)`", DOC.read_text()))


def test_every_json_key_of_every_page_is_documented(web_recrawled, recrawled: Recrawl) -> None:
    keys: set[str] = set()

    def get(path: str) -> dict:
        r = web_recrawled.get(path, headers=JSON)
        assert r.status_code == 200, (path, r.text)
        keys.update(r.json())
        return r.json()

    found = get("/search?q=dang+bo")
    keys.update(found["hits"][0])
    keys.update(next(iter(found["facets"].values()))[0])
    doc = document_of(web_recrawled, recrawled, edited_url(recrawled))
    keys.update(doc)
    keys.update(doc["captures"][0])
    keys.update(doc["versions"][0])
    diff = get(doc["diffs"][0]["link"])
    keys.update(diff["side_by_side"][0])
    keys.update(diff["inline"][0])
    get(doc["captures"][0]["links"]["capture"])
    get(f"/web/*/{doc['url']}")
    get("/web/*/http://haiduong.gov.vn.test/*")
    for path in ("/", "/jobs", "/jobs/1/log", "/health", "/schedules", "/portals", "/warcs/"):
        get(path)
    missing = sorted(keys - documented())
    assert missing == [], f"not in docs/web.md: {missing}"
