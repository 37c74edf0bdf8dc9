"""Every command, every option, fed malformed values: a one-line error and exit code 2,
never a traceback, a hang, an out-of-memory or a silent acceptance.

The cases are made from the commands' own declarations (click's parameter types and
ranges), plus the values real operators got wrong (``--proxy ""``, a file where a folder
goes, ``/dev/zero`` as input…) and bad settings in the environment. They run in one process
(``fuzz_runner.py``) under a memory limit, against a small real archive.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest

from archive.config import SETTINGS
from tests.archive.catalog.small_archive import build
from tests.conftest import Backend

MEMORY_LIMIT = 2 * 1024**3
RUNNER = Path(__file__).with_name("fuzz_runner.py")

# values that a parameter of this name must refuse
NAMED: dict[str, list[str]] = {
    "proxy": ["not a proxy", "socks5://127.0.0.1:1080", "", "http://", "http://host:99999"],
    "url": ["not a url", "http://", "ftp://x.test/", "http://bad host/", "http://x.test:0/"],
    "portal_urls": ["not-a-url", "http://169.254.169.254/", "http://[::1]/", "http://x.test\x00/"],
    "portal": ["not a host", "", "http://"],
    "host": ["not a host", ""],
    "province": ["Nowhere", ""],
    "since": ["2024-13-01", "yesterday", "20240101"],
    "at": ["2024-02-30", "abc", "202"],
    "unit": ["abc", "new:", "999999999999999999999"],
    "cron": ["* *", "61 * * * *", ""],
    "every": ["1s", "-1d", "often", "0m"],
    "jitter": ["x", "-5m"],
    "window": ["25:00-26:00", "nonsense"],
    "schedule_id": ["crawl:nothing"],
    "allow_networks": ["not-a-cidr", "300.0.0.0/8"],
    "suffix": ["bad suffix", "/x"],
    "query": ["", '"unclosed', "OR", "-only", "*"],
}


def _commands(
    group: click.Group, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))
        else:
            yield (*path, name), command


def _bad_values(param: click.Parameter, tmp: Path) -> list[str]:
    kind = param.type
    out: list[str] = []
    if isinstance(kind, click.types._NumberRangeBase):
        if kind.min is not None:
            out.append(str(kind.min - 1))
        assert kind.max is not None, f"{param.name}: every number needs a maximum"
        out.append(str(kind.max + 1))
        out += ["abc", "1e400", "99999999999999999999999"]
        if isinstance(kind, click.FloatRange):
            out += ["nan", "inf"]
    elif isinstance(kind, click.types.IntParamType | click.types.FloatParamType):
        raise AssertionError(f"{param.name}: a number without a range")
    elif isinstance(kind, click.Choice):
        out.append("bogus")
    elif isinstance(kind, click.Path | click.File):
        if param.name == "data_dir":
            out += ["/dev/null", str(tmp / "a-file")]
        elif getattr(kind, "dir_okay", True) is False or isinstance(kind, click.File):
            out += ["/proc/vnarchive-none/x"]  # a folder that cannot be made
    out += NAMED.get(param.name or "", [])
    return list(dict.fromkeys(out))


def _base_args(command: click.Command) -> list[str]:
    """Valid values for the required parameters, so that one bad value is tried at a time."""
    args: list[str] = []
    for param in command.params:
        if not param.required:
            continue
        if isinstance(param, click.Argument):
            args.append(VALID.get(param.name or "", "x"))
        else:
            args += [param.opts[0], VALID.get(param.name or "", "x")]
    return args


VALID = {
    "portal_urls": "http://haiduong.gov.vn.test/",
    "url": "http://haiduong.gov.vn.test/",
    "query": "ke hoach",
    "file": str(RUNNER),
    "job_id": "1",
    "schedule_id": "crawl:haiduong.gov.vn",
    "province": "Hải Dương",
    "output": "/tmp/vnarchive-fuzz-out.wacz",
}


def cases(data: str, tmp: Path) -> list[dict[str, Any]]:
    from vnarchive.cli import cli

    (tmp / "a-file").write_text("x")
    out: list[dict[str, Any]] = []
    for path, command in _commands(cli):
        base = _base_args(command)
        for param in command.params:
            for value in _bad_values(param, tmp):
                if param.name == "data_dir":
                    argv = [*path, *base, "--data-dir", value]
                elif isinstance(param, click.Argument):
                    args = [value if VALID.get(param.name or "") == b else b for b in base]
                    if value not in args:
                        args = [value, *args]
                    argv = [*path, *args, "--data-dir", data]
                else:
                    argv = [*path, *base, param.opts[0], value, "--data-dir", data]
                out.append({"argv": argv, "env": {}})
    # the environment: every setting with a value it must refuse
    for setting in SETTINGS:
        bad = {int: "abc", float: "abc", bool: "maybe"}.get(type(setting.default), None)
        if bad is not None:
            out.append({"argv": ["search", "dang", "--data-dir", data], "env": {setting.env: bad}})
    out += [
        {"argv": ["extract", "/dev/zero", "--url", "http://x.test/"], "env": {}},
        {"argv": ["extract", str(tmp), "--url", "http://x.test/"], "env": {}},
        {
            "argv": ["crawl", "http://x.test/", "--data-dir", data],
            "env": {"VNARCHIVE_WARC_DIR": "/etc/passwd"},
        },  # fmt: skip
        {"argv": ["verify", "/dev/zero", "--data-dir", data], "env": {}},
        {"argv": ["show", "http://never.test/", "--data-dir", data], "env": {}},
    ]
    return out


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    tmp = tmp_path_factory.mktemp("fuzz")
    config = build(Backend("sqlite").config(tmp / "archive"))
    todo = cases(str(config.data_dir), tmp)
    (tmp / "cases.json").write_text(json.dumps(todo), encoding="utf-8")
    subprocess.run(
        [sys.executable, str(RUNNER), str(tmp / "cases.json"), str(tmp / "results.json")],
        check=True,
        preexec_fn=_limit_memory,
        timeout=1800,
    )
    return json.loads((tmp / "results.json").read_text(encoding="utf-8"))


def _shown(result: dict[str, Any]) -> str:
    env = " ".join(f"{k}={v}" for k, v in result["env"].items())
    return f"{env} vnarchive {' '.join(map(repr, result['argv']))}".strip()


def test_no_command_lets_a_traceback_out_or_hangs(results: list[dict[str, Any]]) -> None:
    broken = [f"{_shown(r)}: {r['traceback'][-300:]}" for r in results if r["traceback"]]
    assert not broken, "\n".join(broken[:20])


def test_every_malformed_value_is_a_one_line_error_with_exit_2(
    results: list[dict[str, Any]],
) -> None:
    wrong = []
    for r in results:
        if r["traceback"]:
            continue
        lines = [line for line in r["stderr"].splitlines() if line.strip()]
        one_line = len(lines) == 1 and lines[0].startswith("vnarchive: error:")
        if r["code"] != 2 or not one_line:
            wrong.append(f"{_shown(r)} → exit {r['code']}: {r['stderr'][-200:]!r}")
    assert not wrong, f"{len(wrong)} of {len(results)}:\n" + "\n".join(wrong[:40])


def test_enough_cases_were_tried(results: list[dict[str, Any]]) -> None:
    assert len(results) >= 250


def test_a_damaged_database_is_one_line_everywhere_and_verify_says_so(
    tmp_path: Path,
) -> None:
    from tests.conftest import vnarchive

    config = build(Backend("sqlite").config(tmp_path / "archive"))
    db = config.data_dir / "archive.sqlite3"
    import sqlite3

    with sqlite3.connect(db) as connection:  # everything into the file, then break it
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("PRAGMA journal_mode=DELETE")
    raw = bytearray(db.read_bytes())
    for offset in range(4096 * 2, len(raw) - 4096, 4096 * 2):  # every other page is garbage
        raw[offset : offset + 4096] = b"\xa5" * 4096
    db.write_bytes(bytes(raw))
    for args in (("search", "ke hoach"), ("show", "http://haiduong.gov.vn.test/tin/ke-hoach.html")):
        run = vnarchive(*args, data_dir=config.data_dir)
        assert "Traceback" not in run.stderr
        assert run.returncode in (0, 2) and len(run.stderr.strip().splitlines()) <= 1, run
    verified = vnarchive("verify", data_dir=config.data_dir)
    assert verified.returncode == 1
    assert "database" in verified.stdout and "Traceback" not in verified.stderr


def test_a_read_only_archive_is_read_without_writing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As root, permissions cannot be taken away: the folder is made to look read-only."""
    import os

    from archive.db.engine import make_engine, read_only_sqlite
    from archive.search import search

    config = build(Backend("sqlite").config(tmp_path / "archive"))
    real_access = os.access
    folder = str(config.data_dir)
    monkeypatch.setattr(
        os, "access", lambda p, mode: False if str(p).startswith(folder) else real_access(p, mode)
    )
    assert read_only_sqlite(config) is not None

    def stamps() -> dict[str, int]:  # the shared-memory index is not data
        return {
            p.name: p.stat().st_mtime_ns
            for p in config.data_dir.iterdir()
            if not p.name.endswith("-shm")
        }

    before = stamps()
    from sqlalchemy.orm import sessionmaker

    sessions = sessionmaker(make_engine(config))
    with sessions() as session:
        assert len(search(session, "ke hoach").hits) == 5
    assert stamps() == before
