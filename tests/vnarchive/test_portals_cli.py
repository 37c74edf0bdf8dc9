"""``vnarchive portals`` and the unit filters of search/show, through the real CLI."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from sandbox import Sandbox, SandboxServer
from tests.archive.catalog.small_archive import build
from tests.conftest import Backend, Run, vnarchive

QUANG_THANH = (
    "Xã Quang Thành, Thị xã Kinh Môn, Tỉnh Hải Dương (now: Xã Nam An Phụ, Thành phố Hải Phòng)"
)


def one_line_error(run: Run, *fragments: str) -> None:
    assert run.returncode == 2, run
    assert run.stderr.count("\n") == 1 and run.stderr.startswith("vnarchive: error: "), run
    for fragment in fragments:
        assert fragment in run.stderr


def test_add_then_list_shows_the_portal_with_its_units(tmp_path: Path, backend: Backend) -> None:
    vnarchive(
        "portals",
        "add",
        "http://kinhmon.haiduong.gov.vn.test/",
        data_dir=tmp_path,
        env=backend.env(tmp_path),
        check=True,
    )
    run = vnarchive(
        "portals",
        "list",
        "--province",
        "hai duong",
        "--json",
        data_dir=tmp_path,
        env=backend.env(tmp_path),
    )
    portals = {p["host"]: p for p in json.loads(run.stdout)}
    sandbox = portals["kinhmon.haiduong.gov.vn.test"]
    assert sandbox["url"] == "http://kinhmon.haiduong.gov.vn.test/"
    assert sandbox["units"]["district"] == "Thị xã Kinh Môn"
    assert sandbox["units"]["current_province"] == "Thành phố Hải Phòng"
    assert sandbox["codes"]["old_district"] == 292
    assert "haiduong.gov.vn" in portals and "thanhhoa.gov.vn" not in portals
    text = vnarchive(
        "portals",
        "list",
        "--level",
        "commune",
        data_dir=tmp_path,
        env=backend.env(tmp_path),
        check=True,
    )
    assert "quangthanh.kinhmon.haiduong.gov.vn" in text.stdout
    assert QUANG_THANH in (" ".join(text.stdout.split()))


def test_export_and_import_round_trip_through_a_file(tmp_path: Path, backend: Backend) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    vnarchive(
        "portals",
        "add",
        "https://hiepson.kinhmon.haiduong.gov.vn/",
        data_dir=a,
        env=backend.env(a),
        check=True,
    )
    out = tmp_path / "portals.csv"
    vnarchive("portals", "export", "-o", str(out), data_dir=a, env=backend.env(a), check=True)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 69
    hiepson = next(r for r in rows if r["host"].startswith("hiepson."))
    assert (hiepson["level"], hiepson["commune"], hiepson["district"]) == (
        "commune", "Phường Hiệp Sơn", "Thị xã Kinh Môn"
    )  # fmt: skip
    run = vnarchive("portals", "import", str(out), data_dir=b, env=backend.env(b), check=True)
    assert "imported 69 portal(s)" in run.stdout
    again = vnarchive("portals", "export", data_dir=b, env=backend.env(b), check=True).stdout
    assert len(list(csv.DictReader(io.StringIO(again)))) == 69
    assert "hiepson.kinhmon.haiduong.gov.vn,https://hiepson.kinhmon.haiduong.gov.vn/" in again


def test_discover_finds_the_sandbox_portals_of_hai_duong(
    sandbox: Sandbox, sandbox_server: SandboxServer, tmp_path: Path, backend: Backend
) -> None:
    args = ["portals", "discover", "--province", "Hải Dương", "--level", "all"]
    args += ["--suffix", ".test", "--proxy", sandbox_server.proxy_url, "--json"]
    probes = json.loads(
        vnarchive(*args, data_dir=tmp_path, env=backend.env(tmp_path), check=True).stdout
    )
    active = {p["host"] for p in probes if p["result"] == "active"}
    expected = {
        p["host"]
        for p in sandbox.portals()
        if p["province"] == "Hải Dương" and p["level"] != "province"
    }
    assert active == expected
    failed = [p for p in probes if p["result"] == "failed"]
    assert len(failed) == len(probes) - len(expected) > 200
    assert all(p["error"] for p in failed)
    listed = vnarchive(
        "portals",
        "list",
        "--status",
        "active",
        "--json",
        data_dir=tmp_path,
        env=backend.env(tmp_path),
    )
    assert {p["host"] for p in json.loads(listed.stdout)} == expected


def test_search_filters_by_province_and_level_and_names_units(
    tmp_path: Path, backend: Backend
) -> None:
    data = build(backend.config(tmp_path / "data")).data_dir
    run = vnarchive(
        "search",
        "ke hoach",
        "--province",
        "Hải Dương",
        "--json",
        data_dir=data,
        env=backend.env(data),
    )
    hits = json.loads(run.stdout)
    assert {h["portal"] for h in hits} == {
        "haiduong.gov.vn.test",
        "kinhmon.haiduong.gov.vn.test",
        "quangthanh.kinhmon.haiduong.gov.vn.test",
    }
    commune = next(h for h in hits if h["portal"].startswith("quangthanh."))
    assert {"title", "url", "snippet", "score", "date"} <= set(commune)
    assert (commune["commune"], commune["current_province"]) == (
        "Xã Quang Thành", "Thành phố Hải Phòng"
    )  # fmt: skip
    level = vnarchive("search", "ke hoach", "--province", "hai phong", "--level", "commune",
                      data_dir=data, env=backend.env(data), check=True)  # fmt: skip
    assert "quangthanh.kinhmon.haiduong.gov.vn.test" in level.stdout
    assert QUANG_THANH in (level.stdout)
    assert "hatrung" not in level.stdout


def test_show_names_the_unit_then_and_now(tmp_path: Path, backend: Backend) -> None:
    data = build(backend.config(tmp_path / "data")).data_dir
    url = "http://hatrung.thanhhoa.gov.vn.test/tin/ke-hoach.html"
    shown = json.loads(
        vnarchive("show", url, "--json", data_dir=data, env=backend.env(data), check=True).stdout
    )
    assert shown["title"] == "Kế hoạch phát triển huyện"
    assert (shown["district"], shown["province"], shown["current_province"]) == (
        "Huyện Hà Trung", "Tỉnh Thanh Hóa", "Tỉnh Thanh Hóa"
    )  # fmt: skip
    text = vnarchive("show", url, data_dir=data, env=backend.env(data), check=True).stdout
    assert "Huyện Hà Trung, Tỉnh Thanh Hóa" in text


@pytest.mark.parametrize(
    "args, fragments",
    [
        (("portals", "list", "--province", "Hai Duongg"), ("did you mean 'Tỉnh Hải Dương'",)),
        (("search", "x", "--province", "Thanh Hao"), ("no province named 'Thanh Hao'",)),
        (("portals", "discover", "--province", "Kinh Mon"), ("no province named",)),
        (("portals", "add", "https://haiduong.gov.vn/"), ("haiduong.gov.vn is already",)),
        (("portals", "add", "not a url"), ("not a portal URL",)),
        (("portals", "add", "https://x.example.vn/"), ("cannot tell the level",)),
        (("portals", "add", "https://x.haiduong.gov.vn/", "--unit", "99999"), ("99999",)),
        (
            ("portals", "add", "https://x.example.vn/", "--unit", "Xã Tân Hưng"),
            ("4 units are named 'Xã Tân Hưng'", "(new:11977)"),
        ),
        (("portals", "remove", "nowhere.gov.vn"), ("no portal nowhere.gov.vn",)),
        (
            ("portals", "edit", "haiduong.gov.vn", "--url", "https://haiphong.gov.vn/"),
            ("a portal's host does not change",),
        ),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    args: tuple[str, ...], fragments: tuple[str, ...], tmp_path: Path, backend: Backend
) -> None:
    one_line_error(vnarchive(*args, data_dir=tmp_path, env=backend.env(tmp_path)), *fragments)


def test_a_malformed_csv_row_names_its_line_and_imports_nothing(
    tmp_path: Path, backend: Backend
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "host,level,unit\n"
        "ok.kinhmon.haiduong.gov.vn,commune,10705\n"
        "also.kinhmon.haiduong.gov.vn,commune,new:99999\n",
        encoding="utf-8",
    )
    one_line_error(
        vnarchive("portals", "import", str(bad), data_dir=tmp_path, env=backend.env(tmp_path)),
        "line 3",
    )
    dup = tmp_path / "dup.csv"
    dup.write_text("url\nhttps://a.haiduong.gov.vn/\nhttps://A.haiduong.gov.vn/\n")
    one_line_error(
        vnarchive("portals", "import", str(dup), data_dir=tmp_path, env=backend.env(tmp_path)),
        "a.haiduong.gov.vn",
        "lines 2 and 3",
    )
    listed = vnarchive(
        "portals",
        "list",
        "--level",
        "commune",
        "--json",
        data_dir=tmp_path,
        env=backend.env(tmp_path),
    )
    assert [p["host"] for p in json.loads(listed.stdout)] == ["quangthanh.kinhmon.haiduong.gov.vn"]


def cli(
    data: Path, backend: Backend, *args: str, check: bool = False, env: dict | None = None
) -> Run:
    return vnarchive(*args, data_dir=data, env={**backend.env(data), **(env or {})}, check=check)


def test_post_2025_communes_and_departments_get_their_own_level(
    tmp_path: Path, backend: Backend
) -> None:
    def added(*args: str) -> dict:
        run = cli(tmp_path, backend, "portals", "add", *args, "--no-probe", "--json", check=True)
        return json.loads(run.stdout)

    commune = added("xatanhung.haiphong.gov.vn")
    assert commune["level"] == "commune" and commune["url"] == "https://xatanhung.haiphong.gov.vn/"
    assert commune["units"]["current_commune"] == "Phường Tân Hưng"
    assert commune["parent"] == "haiphong.gov.vn"
    department = added("sotttt.haiphong.gov.vn")
    assert department["level"] == "department"
    assert department["units"]["current_province"] == "Thành phố Hải Phòng"
    by_name = added("ubnd-tanhung.example.vn", "--unit", "tan hung, hai phong")
    assert by_name["level"] == "commune" and by_name["codes"]["new_commune"] == 10537
    listed = cli(tmp_path, backend, "portals", "list", "--level", "department", "--json")
    assert [p["host"] for p in json.loads(listed.stdout)] == ["sotttt.haiphong.gov.vn"]


def test_a_bare_host_is_asked_over_https_then_http(
    tmp_path: Path, backend: Backend, sandbox_server: SandboxServer
) -> None:
    proxy = ["--proxy", sandbox_server.proxy_url, "--json"]
    answered = cli(tmp_path, backend, "portals", "add", "kinhmon.haiduong.gov.vn.test", *proxy)
    portal = json.loads(answered.stdout)
    assert portal["url"] == "http://kinhmon.haiduong.gov.vn.test/"  # the sandbox has no TLS
    assert portal["status"] == "active" and portal["last_seen"]
    silent = cli(tmp_path, backend, "portals", "add", "nowhere.haiduong.gov.vn.test",
                 "--level", "commune", *proxy)  # fmt: skip
    assert silent.returncode == 0, silent
    assert json.loads(silent.stdout)["url"] == "https://nowhere.haiduong.gov.vn.test/"
    assert json.loads(silent.stdout)["status"] == "unknown"
    assert "answered neither over https nor http" in silent.stderr


def test_edit_then_remove_a_portal_keeps_its_captures(tmp_path: Path, backend: Backend) -> None:
    data = build(backend.config(tmp_path / "data")).data_dir
    host = "kinhmon.haiduong.gov.vn.test"
    cli(data, backend, "portals", "add", f"http://{host}/", check=True)
    edited = json.loads(cli(data, backend, "portals", "edit", host, "--status", "active",
                            "--url", f"https://{host}/", "--json", check=True).stdout)  # fmt: skip
    assert (edited["status"], edited["url"]) == ("active", f"https://{host}/")
    relevel = cli(data, backend, "portals", "edit", "kienthuy.haiphong.gov.vn", "--level",
                  "commune", "--json", check=True)  # fmt: skip
    assert json.loads(relevel.stdout)["units"]["current_commune"] == "Xã Kiến Thụy"

    cli(data, backend, "schedule", "add", host, "--every", "1d", check=True)
    refused = cli(data, backend, "portals", "remove", host)
    one_line_error(refused, f"portal {host} is crawled by crawl:{host}")
    cli(data, backend, "schedule", "remove", f"crawl:{host}", check=True)
    counts = "SELECT (SELECT count(*) FROM captures), (SELECT count(*) FROM documents)"
    before = backend.rows(data, counts)
    removed = cli(data, backend, "portals", "remove", host, check=True)
    assert f"removed {host} from the catalog (its captures are kept)" in removed.stdout
    assert backend.rows(data, counts) == before
    hits = cli(data, backend, "search", "ke hoach", "--portal", host, "--json", check=True)
    assert [h["portal"] for h in json.loads(hits.stdout)] == [host]
    gone = cli(data, backend, "portals", "list", "--json", check=True)
    assert host not in {p["host"] for p in json.loads(gone.stdout)}


def test_the_portal_list_fits_80_columns_and_never_cuts_a_host(
    tmp_path: Path, backend: Backend
) -> None:
    cli(tmp_path, backend, "portals", "add", "http://quangthanh.kinhmon.haiduong.gov.vn.test/",
        check=True)  # fmt: skip
    run = cli(tmp_path, backend, "portals", "list", env={"COLUMNS": "80"})
    lines = run.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    hosts = {line.split()[0] for line in lines if ".gov.vn" in line.split()[0]}
    assert "quangthanh.kinhmon.haiduong.gov.vn.test" in hosts and len(hosts) == 69


def test_every_command_takes_data_dir() -> None:
    """As the CLI's help and docs/operations.md say (the sandbox accepts it and keeps
    nothing there)."""
    import click

    from vnarchive.cli import cli as root

    def leaves(group: click.Group, path: str) -> list[tuple[str, click.Command]]:
        found = []
        for name, command in group.commands.items():
            if isinstance(command, click.Group):
                found += leaves(command, f"{path} {name}")
            else:
                found.append((f"{path} {name}", command))
        return found

    missing = [
        path
        for path, command in leaves(root, "vnarchive")
        if not any("--data-dir" in getattr(p, "opts", []) for p in command.params)
    ]
    assert missing == []
