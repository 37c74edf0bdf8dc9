"""Searching through the app: the CLI's semantics and keys, facets, pages, one-line errors."""

from __future__ import annotations

import json

from tests.conftest import Crawl
from tests.vnarchive.web.conftest import JSON


def search(web, **params: str) -> dict:
    r = web.get("/search", params=params, headers=JSON)
    assert r.status_code == 200, r.text
    return r.json()


def test_a_query_without_diacritics_finds_the_accented_words(web) -> None:
    found = search(web, q="dang bo")
    assert found["total"] > 0
    assert any("Đảng" in h["snippet"] or "đảng" in h["snippet"] for h in found["hits"])
    assert all(h["captured_at"] and h["timestamp"] for h in found["hits"])


def test_the_app_and_the_cli_give_the_same_hits_with_the_same_keys(web, crawled: Crawl) -> None:
    for query, flags in (("dang bo", []), ("đảng", ["--exact-diacritics"]), ("kinh te -nong", [])):
        cli = json.loads(crawled.cli("search", query, "--json", "--limit", "10", *flags).stdout)
        params = {"q": query, "per_page": "10"} | ({"exact": "1"} if flags else {})
        app = search(web, **params)["hits"]
        assert [h["url"] for h in app] == [h["url"] for h in cli], query
        for ours, theirs in zip(app, cli, strict=True):
            assert {k: ours[k] for k in theirs} == theirs


def test_exact_diacritics_keeps_only_the_form_typed(web) -> None:
    loose = search(web, q="đảng")
    exact = search(web, q="đảng", exact="1")
    assert 0 < exact["total"] <= loose["total"]
    assert all("[[đảng]]" in h["snippet"].lower() for h in exact["hits"])


def test_pages_do_not_overlap_and_say_where_they_are(web) -> None:
    first = search(web, q="dang", per_page="5")
    second = search(web, q="dang", per_page="5", page="2")
    assert first["total"] > 10 and first["pages"] >= 3
    assert second["offset"] == 5 and second["previous"] and first["next"]
    assert not {h["url"] for h in first["hits"]} & {h["url"] for h in second["hits"]}


def test_facets_count_the_matches_and_filter_them(web) -> None:
    found = search(web, q="dang")
    facets = found["facets"]
    assert {"old_province", "new_province", "level", "portal", "year"} <= set(facets)
    assert found["facets_complete"] and found["facets_counted"] == found["total"]
    for name in ("portal", "year", "level"):
        assert sum(v["count"] for v in facets[name]) <= found["total"]
    portal = facets["portal"][0]
    narrowed = search(web, q="dang", portal=portal["value"])
    assert narrowed["total"] == portal["count"]
    assert {h["portal"] for h in narrowed["hits"]} == {portal["value"]}
    old = facets["old_province"][0]
    by_code = search(web, q="dang", old_province=old["value"])
    assert by_code["total"] == old["count"]


def test_a_date_range_keeps_the_documents_dated_inside(web) -> None:
    year = search(web, q="dang")["facets"]["year"][0]
    within = search(web, q="dang", **{"from": f"01/01/{year['value']}", "to": year["value"]})
    assert within["total"] == year["count"]
    assert all(h["date"] is None or h["date"][:4] == year["value"] for h in within["hits"])


def test_newest_first(web) -> None:
    hits = search(web, q="dang", sort="newest", per_page="20")["hits"]
    ids = [h["document_id"] for h in hits]
    assert ids == sorted(ids, reverse=True)


def test_bad_input_is_one_line_with_status_400(web) -> None:
    for params in (
        {"q": '"unclosed'},
        {"q": "OR"},
        {"q": "dang", "from": "31/02/2024"},
        {"q": "dang", "level": "village"},
        {"q": "dang", "sort": "random"},
        {"q": "dang", "province": "Atlantis"},
        {"q": "dang", "page": "0"},
    ):
        r = web.get("/search", params=params, headers=JSON)
        assert r.status_code == 400, (params, r.text)
        assert "\n" not in r.json()["error"] and r.json()["error"]
        html = web.get("/search", params=params)
        assert html.status_code == 400 and 'id="error"' in html.text


def test_the_search_page_renders_hits_and_facets(web) -> None:
    page = web.get("/search", params={"q": "dang bo"})
    assert page.status_code == 200
    assert "<mark>" in page.text and 'id="facets"' in page.text
    english = web.get("/search", params={"q": "dang bo", "lang": "en"})
    total = english.text.split('id="total"', 1)[1].split("</p>", 1)[0]
    assert "results" in total and "Filter" in english.text and "Lọc" not in english.text


def test_official_documents_have_their_type_facet_and_filters(web, crawled: Crawl) -> None:
    truth = [d for d in crawled.sandbox.documents_truth() if not d["scanned"]]
    doc = truth[0]
    typed = doc["number"].replace("Đ", "D")  # as typed on a keyboard without Vietnamese
    found = search(web, q=typed)
    kinds = {h["url"]: h["kind"] for h in found["hits"]}
    assert kinds.get(doc["url"]) == "document" and kinds.get(doc["notice_url"]) == "notice"
    types = {v["value"]: v["count"] for v in found["facets"]["doctype"]}
    assert doc["doc_type"] in types
    narrowed = search(web, q=typed, doctype=doc["doc_type"], kind="document")
    assert [h["url"] for h in narrowed["hits"]] == [doc["url"]]
    issued = doc["issued_date"].split("-")
    day = f"{issued[2]}/{issued[1]}/{issued[0]}"
    same_day = search(web, q=typed, issued_from=day, issued_to=day, kind="document")
    assert [h["url"] for h in same_day["hits"]] == [doc["url"]]
    page = web.get(same_day["hits"][0]["links"]["document"], headers=JSON).json()
    assert page["kind"] == "document"
    assert page["official"]["number"] == doc["number"]
    assert {c["role"] for c in page["official"]["captures"]} >= {"file", "notice", "registry"}
    html = web.get(same_day["hits"][0]["links"]["document"]).text
    assert doc["number"] in html and "Cơ quan ban hành" in html
