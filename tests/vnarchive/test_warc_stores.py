"""WARC stores: two machines write their own WARC folders into one database; a reader finds
every capture's file through the store its row names (``show --raw``, export, reextract,
verify); verify checks each store and never flags another machine's live file; an archive
made before stores existed keeps working."""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from pathlib import Path

from tests.conftest import vnarchive


def _crawl(data: Path, urls: list[str], proxy: str, env: dict[str, str]) -> None:
    run = vnarchive("crawl", *urls, "--proxy", proxy, "--delay", "0", data_dir=data, env=env)
    assert run.returncode == 0, run.stdout + run.stderr


def _rows(data: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(data / "archive.sqlite3") as conn:
        return conn.execute(sql).fetchall()


def test_two_machines_write_their_own_stores_and_a_reader_finds_both(
    tmp_path: Path, sandbox, sandbox_server
) -> None:
    data = tmp_path / "data"  # the database every machine shares
    a_dir, b_dir = tmp_path / "a" / "warcs", tmp_path / "b" / "warcs"
    urls = sandbox.portal_urls()
    a = {"VNARCHIVE_WARC_DIR": str(a_dir), "VNARCHIVE_WARC_STORE": "a"}
    b = {"VNARCHIVE_WARC_DIR": str(b_dir), "VNARCHIVE_WARC_STORE": "b"}
    _crawl(data, urls[:3], sandbox_server.proxy_url, a)
    _crawl(data, urls[3:], sandbox_server.proxy_url, b)
    assert list(a_dir.glob("*.warc.gz")) and list(b_dir.glob("*.warc.gz"))
    stores = dict(_rows(data, "SELECT warc_store, count(*) FROM captures GROUP BY warc_store"))
    assert set(stores) == {"a", "b"}

    # machine a reads b's store where it is mounted
    reader = {**a, "VNARCHIVE_WARC_STORES": f"b={b_dir}"}
    [(url, host)] = _rows(
        data,
        "SELECT url, host FROM captures WHERE warc_store = 'b' AND status = 200 AND "
        "mime LIKE 'text/html%' AND record_type = 'response' ORDER BY id LIMIT 1",
    )
    raw = vnarchive("show", url, "--raw", data_dir=data, env=reader)
    assert raw.returncode == 0 and "<html" in raw.stdout.lower(), raw.stderr
    wacz = tmp_path / "b.wacz"
    out = vnarchive("export", "wacz", "--portal", host, "-o", str(wacz), data_dir=data, env=reader)
    assert out.returncode == 0 and wacz.stat().st_size > 0, out.stderr
    again = vnarchive("reextract", "--portal", host, "--json", data_dir=data, env=reader)
    assert again.returncode == 0 and '"failed": 0' in again.stdout, again.stdout + again.stderr
    verify = vnarchive("verify", data_dir=data, env=reader)
    assert verify.returncode == 0, verify.stdout + verify.stderr

    # without the mount, b's files are missing, and verify says from which store
    alone = vnarchive("verify", data_dir=data, env=a)
    assert alone.returncode == 1 and "missing from store b" in alone.stdout, alone.stdout
    cut = vnarchive("show", url, "--raw", data_dir=data, env=a)
    assert cut.returncode != 0 and len(cut.stderr.strip().splitlines()) == 1, cut.stderr

    # a file b is still writing (unlocked here: a mount need not carry b's lock) is live
    live = b_dir / "vnarchive-b-live.warc.gz.open"
    shutil.copy(next(b_dir.glob("*.warc.gz")), live)
    seen = vnarchive("verify", data_dir=data, env=reader)
    assert seen.returncode == 0, seen.stdout
    # …until it has not been written for longer than a crawl's heartbeat: left open
    old = time.time() - 600
    os.utime(live, (old, old))
    stale = vnarchive("verify", data_dir=data, env=reader)
    assert stale.returncode == 1 and "vnarchive-b-live.warc.gz.open" in stale.stdout


def test_an_archive_made_before_stores_keeps_working(
    tmp_path: Path, sandbox, sandbox_server
) -> None:
    data = tmp_path / "data"
    _crawl(data, sandbox.portal_urls()[:2], sandbox_server.proxy_url, {})
    with sqlite3.connect(data / "archive.sqlite3") as conn:  # as migration 0011 left it
        conn.execute("ALTER TABLE captures DROP COLUMN warc_store")
        conn.execute("UPDATE alembic_version SET version_num = '0011'")
    [(url,)] = _rows(
        data,
        "SELECT url FROM captures WHERE status = 200 AND mime LIKE 'text/html%' "
        "AND record_type = 'response' ORDER BY id LIMIT 1",
    )
    verify = vnarchive("verify", data_dir=data)  # opening it upgrades it
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert _rows(data, "SELECT DISTINCT warc_store FROM captures") == [("local",)]
    assert _rows(data, "SELECT version_num FROM alembic_version") == [("0012",)]
    # the old WARC folder moved to a mount of its own; this machine writes elsewhere now
    moved = tmp_path / "old-warcs"
    (data / "warcs").rename(moved)
    env = {"VNARCHIVE_WARC_STORE": "m2", "VNARCHIVE_WARC_STORES": f"local={moved}"}
    raw = vnarchive("show", url, "--raw", data_dir=data, env=env)
    assert raw.returncode == 0 and "<html" in raw.stdout.lower(), raw.stderr
    assert vnarchive("verify", data_dir=data, env=env).returncode == 0


def test_bad_store_settings_are_one_line_errors(tmp_path: Path) -> None:
    for env, said in (
        ({"VNARCHIVE_WARC_STORE": "a b"}, "VNARCHIVE_WARC_STORE must be a name"),
        ({"VNARCHIVE_WARC_STORES": "b"}, "VNARCHIVE_WARC_STORES must be NAME=FOLDER pairs"),
        ({"VNARCHIVE_WARC_STORES": "b=s3://bucket/w"}, "must name local folders or mounts"),
    ):
        run = vnarchive("verify", data_dir=tmp_path / "d", env=env)
        assert run.returncode == 2, run.stderr
        assert len(run.stderr.strip().splitlines()) == 1 and said in run.stderr, run.stderr
