"""For other Wayback tools, on the sandbox crawled three times (the clock moved before the
third): the CDX server line by line against ``vnarchive cdx export``, TimeMaps and the
TimeGate per RFC 7089, the WARC files with Range requests."""

from __future__ import annotations

import gzip
import io
import json
import re
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime

from warcio.archiveiterator import ArchiveIterator

from tests.conftest import Recrawl

LINK = re.compile(r'<([^>]*)>((?:;\s*[a-z]+="[^"]*")+)')


def cdxj(text: str) -> dict[tuple[str, str, str, str], dict]:
    """CDXJ lines keyed by (urlkey, timestamp, filename, offset), each with its fields."""
    out = {}
    for line in text.splitlines():
        key, ts, blob = line.split(" ", 2)
        fields = json.loads(blob)
        out[(key, ts, fields["filename"], fields["offset"])] = fields
    return out


def stamp(value: datetime | str) -> str:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment.strftime("%Y%m%d%H%M%S")


def links(text: str) -> list[tuple[str, dict[str, str]]]:
    """A link-format document (RFC 6690) as (URI, attributes) pairs, in order."""
    return [
        (uri, dict(re.findall(r'([a-z]+)="([^"]*)"', attrs))) for uri, attrs in LINK.findall(text)
    ]


def most_captured(recrawl: Recrawl) -> tuple[str, list[str]]:
    """The article URL with the most captures, and its capture timestamps in order."""
    before = {a["url"] for a in recrawl.truth_before}
    with recrawl.db() as db:
        rows = db.execute("SELECT url, captured_at FROM captures ORDER BY captured_at, id")
    by_url: dict[str, list[str]] = {}
    for url, moment in rows:
        if url in before:
            by_url.setdefault(url, []).append(stamp(moment))
    url = max(by_url, key=lambda u: len(by_url[u]))
    return url, by_url[url]


def test_the_cdx_server_gives_cdx_export_s_lines_field_by_field(web_recrawled, recrawled) -> None:
    exported = cdxj(recrawled.cli("cdx", "export", check=True).stdout)
    served = web_recrawled.get("/cdx", params={"url": "test", "matchType": "domain"})
    assert served.status_code == 200 and served.headers["content-type"].startswith("text/plain")
    ours = cdxj(served.text)
    assert ours.keys() == exported.keys() and len(ours) > 50
    for key, fields in exported.items():
        assert ours[key] == fields, key
    keys = [tuple(line.split(" ", 2)[:2]) for line in served.text.splitlines()]
    assert keys == sorted(keys)  # key, then time order: what pywb's merge expects
    as_json = web_recrawled.get("/cdx", params={"url": "*.test", "output": "json"}).text
    for line in as_json.splitlines():
        row = json.loads(line)
        key = (row.pop("urlkey"), row.pop("timestamp"), row["filename"], row["offset"])
        assert row == exported[key]


def test_cdx_match_types_and_ranges_select_what_they_say(web_recrawled, recrawled) -> None:
    exported = cdxj(recrawled.cli("cdx", "export", check=True).stdout)

    def query(**params: str) -> dict:
        r = web_recrawled.get("/cdx", params=params)
        assert r.status_code == 200, r.text
        return cdxj(r.text)

    url, stamps = most_captured(recrawled)
    exact = query(url=url)
    assert len(exact) == len(stamps) >= 3
    assert {f["url"] for f in exact.values()} == {url}
    host = url.split("/")[2]
    by_host = query(url=host, matchType="host")
    assert by_host == {k: v for k, v in exported.items() if v["url"].split("/")[2] == host}
    prefix = url.rsplit("/", 1)[0] + "/"
    assert query(url=prefix + "*") == {
        k: v for k, v in exported.items() if v["url"].startswith(prefix)
    }
    domain = ".".join(host.split(".")[-4:])  # e.g. haiduong.gov.vn.test and its districts
    assert query(url="*." + domain) == {
        k: v
        for k, v in exported.items()
        if v["url"].split("/")[2] == domain or v["url"].split("/")[2].endswith("." + domain)
    }
    later = query(url=url, **{"from": stamps[-1]})
    assert {k[1] for k in later} == {stamps[-1]}
    earlier = query(url=url, to=stamps[0])
    assert {k[1] for k in earlier} == {stamps[0]}
    pages = query(url="*.test", filter="mime:text/html", limit="7")
    assert len(pages) == 7 and all(f["mime"] == "text/html" for f in pages.values())
    not_html = query(url="*.test", filter="!mimetype:html")  # pywb: no prefix is "contains"
    assert not_html and all("html" not in f["mime"] for f in not_html.values())
    assert not_html.keys() == exported.keys() - query(url="*.test", filter="mime:html").keys()
    redirects = query(url="*.test", filter="~statuscode:30[12]")  # "~": a regular expression
    assert redirects and all(f["status"] in ("301", "302") for f in redirects.values())
    revisits = query(url="*.test", filter="=mime:warc/revisit")
    assert revisits == {k: v for k, v in exported.items() if v["mime"] == "warc/revisit"}


def test_cdx_closest_comes_nearest_first(web_recrawled, recrawled) -> None:
    url, stamps = most_captured(recrawled)
    r = web_recrawled.get(
        "/cdx", params={"url": url, "sort": "closest", "closest": stamps[-1], "output": "json"}
    )
    got = [json.loads(line)["timestamp"] for line in r.text.splitlines()]
    assert got[0] == stamps[-1] and sorted(got) == sorted(stamps)
    moment = datetime.strptime(stamps[-1], "%Y%m%d%H%M%S")
    distance = [abs(datetime.strptime(s, "%Y%m%d%H%M%S") - moment) for s in got]
    assert distance == sorted(distance)
    fl = web_recrawled.get("/cdx", params={"url": url, "fl": "timestamp,status", "output": "text"})
    assert [line.split(" ")[0] for line in fl.text.splitlines()] == stamps


def test_a_bad_cdx_query_is_one_line_with_status_400(web_recrawled) -> None:
    for params in (
        {},
        {"url": "x.test", "matchType": "fuzzy"},
        {"url": "x.test", "sort": "closest"},
        {"url": "x.test", "output": "xml"},
        {"url": "x.test", "limit": "-1"},
        {"url": "x.test", "from": "2024-01"},
        {"url": "x.test", "fl": "url,colour"},
        {"url": "x.test", "filter": "~mime:["},
        {"url": "x.test", "filter": "colour:red"},
    ):
        r = web_recrawled.get("/cdx", params=params, headers={"Accept": "application/json"})
        assert r.status_code == 400, (params, r.text)
        assert r.json()["error"] and "\n" not in r.json()["error"]
    for far in ("9999", "999912", "99991231235959"):  # the end of time is a bound, not a 500
        assert web_recrawled.get("/cdx", params={"url": "x.test", "to": far}).status_code == 200
    none = web_recrawled.get("/cdx", params={"url": "never.archived.test"})
    assert none.status_code == 200 and none.text == ""


def test_a_timemap_lists_every_memento_per_rfc_7089(web_recrawled, recrawled) -> None:
    url, stamps = most_captured(recrawled)
    r = web_recrawled.get(f"/timemap/link/{url}")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/link-format")
    entries = links(r.text)
    (original, _), (me, self_attrs), (gate, gate_attrs) = entries[:3]
    assert original == url and entries[0][1] == {"rel": "original"}
    assert me == f"/timemap/link/{url}" and self_attrs["rel"] == "self"
    assert self_attrs["type"] == "application/link-format"
    assert gate == f"/timegate/{url}" and gate_attrs["rel"] == "timegate"
    mementos = entries[3:]
    assert [uri for uri, _ in mementos] == [f"/web/{s}/{url}" for s in stamps]
    assert mementos[0][1]["rel"] == "first memento" and mementos[-1][1]["rel"] == "last memento"
    assert all(a["rel"] == "memento" for _, a in mementos[1:-1])
    dates = [parsedate_to_datetime(a["datetime"]) for _, a in mementos]
    assert [d.strftime("%Y%m%d%H%M%S") for d in dates] == stamps
    assert all(a["datetime"].endswith(" GMT") for _, a in mementos)
    assert self_attrs["from"] == mementos[0][1]["datetime"]
    assert self_attrs["until"] == mementos[-1][1]["datetime"]
    for uri, attrs in mementos[:2]:  # each Memento says when it is, and of what
        memento = web_recrawled.get(uri)
        assert memento.status_code == 200
        assert memento.headers["memento-datetime"] == attrs["datetime"]
        rels = {a["rel"] for _, a in links(memento.headers["link"])}
        assert {"original", "timegate", "timemap"} <= rels
    assert web_recrawled.get("/timemap/link/http://never.archived.test/").status_code == 404


def test_the_timegate_redirects_to_the_memento_nearest_accept_datetime(
    web_recrawled, recrawled
) -> None:
    url, stamps = most_captured(recrawled)

    def http_date(ts: str) -> str:
        return format_datetime(
            datetime.strptime(ts, "%Y%m%d%H%M%S").replace(tzinfo=UTC), usegmt=True
        )

    for wanted in (stamps[0], stamps[-1]):
        r = web_recrawled.get(
            f"/timegate/{url}",
            headers={"Accept-Datetime": http_date(wanted)},
            follow_redirects=False,
        )
        assert r.status_code == 302
        assert r.headers["location"] == f"/web/{wanted}/{url}"
        assert r.headers["vary"].lower() == "accept-datetime"
        rels = {a["rel"]: uri for uri, a in links(r.headers["link"])}
        assert rels["original"] == url and rels["timemap"] == f"/timemap/link/{url}"
    long_ago = web_recrawled.get(
        f"/timegate/{url}",
        headers={"Accept-Datetime": "Thu, 01 Jan 1998 00:00:00 GMT"},
        follow_redirects=False,
    )
    assert long_ago.headers["location"] == f"/web/{stamps[0]}/{url}"
    latest = web_recrawled.get(f"/timegate/{url}", follow_redirects=False)
    assert latest.headers["location"] == f"/web/{stamps[-1]}/{url}"
    bad = web_recrawled.get(
        f"/timegate/{url}",
        headers={"Accept-Datetime": "yesterday", "Accept": "application/json"},
        follow_redirects=False,
    )
    assert bad.status_code == 400 and "\n" not in bad.json()["error"]
    unknown = web_recrawled.get("/timegate/http://never.archived.test/", follow_redirects=False)
    assert unknown.status_code == 404


def a_record(recrawl: Recrawl) -> tuple[str, int, int, str]:
    with recrawl.db() as db:
        filename, offset, length, url = db.execute(
            "SELECT warc_filename, warc_offset, warc_length, url FROM captures "
            "WHERE record_type = 'response' AND warc_offset > 0 ORDER BY id LIMIT 1"
        ).fetchone()
    return filename, int(offset), int(length), url


def test_a_range_request_reads_one_warc_record(web_recrawled, recrawled) -> None:
    filename, offset, length, url = a_record(recrawled)
    whole = (recrawled.data_dir / "warcs" / filename).read_bytes()
    r = web_recrawled.get(
        f"/warcs/{filename}", headers={"Range": f"bytes={offset}-{offset + length - 1}"}
    )
    assert r.status_code == 206
    assert r.headers["content-range"] == f"bytes {offset}-{offset + length - 1}/{len(whole)}"
    assert r.headers["accept-ranges"] == "bytes"
    assert r.content == whole[offset : offset + length]
    record = next(iter(ArchiveIterator(io.BytesIO(r.content))))
    assert record.rec_headers.get_header("WARC-Target-URI") == url
    assert gzip.decompress(r.content).startswith(b"WARC/1.")


def test_open_ended_suffix_and_impossible_ranges(web_recrawled, recrawled) -> None:
    filename, offset, _, _ = a_record(recrawled)
    whole = (recrawled.data_dir / "warcs" / filename).read_bytes()
    path = f"/warcs/{filename}"
    tail = web_recrawled.get(path, headers={"Range": f"bytes={offset}-"})
    assert tail.status_code == 206 and tail.content == whole[offset:]
    last = web_recrawled.get(path, headers={"Range": "bytes=-100"})
    assert last.status_code == 206 and last.content == whole[-100:]
    beyond = web_recrawled.get(path, headers={"Range": f"bytes={len(whole)}-"})
    assert beyond.status_code == 416 and beyond.headers["content-range"] == f"bytes */{len(whole)}"
    full = web_recrawled.get(path)
    assert full.status_code == 200 and full.content == whole
    several = web_recrawled.get(path, headers={"Range": "bytes=0-1,5-6"})
    assert several.status_code == 200 and several.content == whole
    head = web_recrawled.head(path, headers={"Range": "bytes=0-9"})
    assert head.status_code == 206 and head.headers["content-length"] == "10"
    for name in ("nothing.warc.gz", "..%2Farchive.sqlite3", ".hidden"):
        assert web_recrawled.get(f"/warcs/{name}").status_code in (400, 404), name
    listing = web_recrawled.get("/warcs/", headers={"Accept": "application/json"}).json()
    assert filename in {w["filename"] for w in listing["warcs"]}
