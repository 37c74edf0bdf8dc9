"""Captures at their citation URLs, on the sandbox crawled three times: the replay page and
its banner, the archived bytes as served, links pointed into the archive and never at the
live web, revisits replayed as their original, the calendar, URL lists and WARC records."""

from __future__ import annotations

import io

import lxml.html
from warcio.archiveiterator import ArchiveIterator

from tests.conftest import Recrawl
from tests.vnarchive.web.conftest import JSON
from tests.vnarchive.web.test_wayback_api import most_captured, stamp

LINKED = "//a/@href | //img/@src | //link/@href | //script/@src | //iframe/@src | //form/@action"


def first_crawl_article(recrawl: Recrawl) -> tuple[int, str, str]:
    before = {a["url"] for a in recrawl.truth_before}
    with recrawl.db() as db:
        rows = db.execute(
            "SELECT id, url, captured_at FROM captures "
            "WHERE job_id = 1 AND record_type = 'response' AND status = 200 ORDER BY id"
        )
    return next((i, u, stamp(t)) for i, u, t in rows if u in before)


def test_the_replay_page_frames_the_capture_under_a_banner(web_recrawled, recrawled) -> None:
    url, stamps = most_captured(recrawled)
    page = web_recrawled.get(f"/web/{stamps[1]}/{url}", headers=JSON)
    assert page.status_code == 200
    data = page.json()
    assert data["url"] == url and data["timestamp"] == stamps[1]
    assert data["previous"]["timestamp"] == stamps[0] and data["next"]["timestamp"] == stamps[2]
    assert data["first"]["timestamp"] == stamps[0] and data["last"]["timestamp"] == stamps[-1]
    assert data["position"] == 2 and data["captures"] == len(stamps)
    assert ["Content-Type", "text/html; charset=utf-8"] in data["headers"] or any(
        k.lower() == "content-type" for k, _ in data["headers"]
    )
    links = data["links"]
    assert links["content"] == f"/web/{stamps[1]}if_/{url}"
    assert links["timemap"] == f"/timemap/link/{url}" and links["calendar"] == f"/web/*/{url}"
    html = web_recrawled.get(f"/web/{stamps[1]}/{url}")
    frame = lxml.html.fromstring(html.text).get_element_by_id("replay")
    assert frame.get("src") == links["content"]
    assert "allow-same-origin" not in frame.get("sandbox") and "allow-scripts" in frame.get(
        "sandbox"
    )
    assert html.headers["memento-datetime"].endswith("GMT")


def test_a_timestamp_that_names_no_capture_redirects_to_the_nearest(
    web_recrawled, recrawled
) -> None:
    url, stamps = most_captured(recrawled)
    early = web_recrawled.get(f"/web/2001/{url}", follow_redirects=False)
    assert early.status_code == 302 and early.headers["location"] == f"/web/{stamps[0]}/{url}"
    late = web_recrawled.get(f"/web/99991231235959/{url}", follow_redirects=False)
    assert late.headers["location"] == f"/web/{stamps[-1]}/{url}"


def test_id_gives_the_bytes_as_served_in_a_sandbox(web_recrawled, recrawled) -> None:
    _, url, ts = first_crawl_article(recrawled)
    raw = web_recrawled.get(f"/web/{ts}id_/{url}")
    assert raw.status_code == 200 and raw.content == recrawled.bodies_before[url]
    csp = raw.headers["content-security-policy"]
    assert csp.startswith("sandbox ") and "allow-same-origin" not in csp
    assert raw.headers["memento-datetime"].endswith("GMT")


def test_the_framed_page_points_every_link_into_the_archive(web_recrawled, recrawled) -> None:
    _, url, ts = first_crawl_article(recrawled)
    framed = web_recrawled.get(f"/web/{ts}if_/{url}")
    assert framed.status_code == 200
    assert framed.headers["content-security-policy"].startswith("sandbox ")
    tree = lxml.html.fromstring(framed.content)
    linked = [str(v).strip() for v in tree.xpath(LINKED)]
    assert len(linked) > 20
    live = [v for v in linked if v.startswith(("http:", "https:", "//"))]
    assert live == []
    into = [v for v in linked if v.startswith("/web/")]
    assert into and any("im_/" in v for v in into)
    assert all(v.split("/", 3)[2][:14].isdigit() for v in into)


def test_a_revisit_replays_as_its_original(web_recrawled, recrawled) -> None:
    before = {a["url"] for a in recrawled.truth_before}
    with recrawled.db() as db:
        rows = db.execute(
            "SELECT url, captured_at FROM captures WHERE job_id = 2 AND record_type = 'revisit'"
        )
    url, moment = next((u, t) for u, t in rows if u in before)
    raw = web_recrawled.get(f"/web/{stamp(moment)}id_/{url}")
    assert raw.status_code == 200 and raw.content == recrawled.bodies_before[url]
    page = web_recrawled.get(f"/web/{stamp(moment)}/{url}", headers=JSON).json()
    assert page["record_type"] == "revisit"


def test_a_page_never_archived_or_a_bad_path_is_one_line(web_recrawled) -> None:
    for path, status in (
        ("/web/20240101000000/http://never.archived.test/", 404),
        ("/web/20240101000000zz_/http://x.test/", 400),
        ("/web/2024-01-01/http://x.test/", 400),
        ("/web/*/http://never.archived.test/", 404),
        ("/captures/999999/record", 404),
    ):
        r = web_recrawled.get(path, headers=JSON, follow_redirects=False)
        assert r.status_code == status, (path, r.text)
        assert r.json()["error"] and "\n" not in r.json()["error"]


def test_the_calendar_lists_every_capture_of_a_url(web_recrawled, recrawled) -> None:
    url, stamps = most_captured(recrawled)
    data = web_recrawled.get(f"/web/*/{url}", headers=JSON).json()
    assert [c["timestamp"] for c in data["captures"]] == stamps
    assert data["total"] == len(stamps) and not data["truncated"]
    page = web_recrawled.get(f"/web/*/{url}")
    assert page.status_code == 200 and all(f"/web/{s}/" in page.text for s in stamps)


def test_the_urls_under_a_prefix_come_in_pages(web_recrawled, recrawled) -> None:
    host = "http://haiduong.gov.vn.test/"
    with recrawled.db() as db:
        (expected,) = db.execute(
            "SELECT count(DISTINCT surt) FROM captures WHERE url LIKE ?", (host + "%",)
        ).fetchone()
    first = web_recrawled.get(f"/web/*/{host}*", headers=JSON).json()
    seen = [u["url"] for u in first["urls"]]
    link = first["next_link"]
    while link:
        more = web_recrawled.get(link, headers=JSON).json()
        seen += [u["url"] for u in more["urls"]]
        link = more["next_link"]
    assert len(seen) == len(set(seen)) == expected > 0
    assert all(u.startswith(host) for u in seen)
    keys = [u["urlkey"] for u in first["urls"]]
    assert keys == sorted(keys)


def test_a_capture_s_warc_record_downloads_as_stored(web_recrawled, recrawled) -> None:
    capture_id, url, _ = first_crawl_article(recrawled)
    with recrawled.db() as db:
        filename, offset, length = db.execute(
            "SELECT warc_filename, warc_offset, warc_length FROM captures WHERE id = ?",
            (capture_id,),
        ).fetchone()
    whole = (recrawled.data_dir / "warcs" / filename).read_bytes()
    r = web_recrawled.get(f"/captures/{capture_id}/record")
    assert r.status_code == 200 and r.content == whole[offset : offset + length]
    assert "attachment" in r.headers["content-disposition"]
    record = next(iter(ArchiveIterator(io.BytesIO(r.content))))
    assert record.rec_headers.get_header("WARC-Target-URI") == url
    assert record.content_stream().read() == recrawled.bodies_before[url]
