"""Bad input to the scheduler's commands: one line on stderr, exit code 2, nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import vnarchive
from tests.scheduler.conftest import PORTAL, add_portal

TIMING = [
    (["--cron", "0 2 * *"], "invalid cron expression '0 2 * *'"),
    (["--every", "0s"], "must be more than zero"),
    (["--every", "-3d"], "invalid --every '-3d'"),
    (["--every", "1d", "--jitter", "soon"], "invalid --jitter 'soon'"),
    (["--every", "1d", "--window", "25:00-05:00"], "invalid --window"),
    (["--every", "1s"], "--every 1s would start runs 1s apart; the minimum is 1m"),
    (["--every", "59s"], "the minimum is 1m (VNARCHIVE_SCHEDULER_MIN_INTERVAL)"),
]


def assert_one_line_error(run, expected: str) -> None:
    assert run.returncode == 2, run
    assert run.stdout == ""
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("vnarchive: error: "), run.stderr
    assert expected in lines[0]


@pytest.mark.parametrize(("args", "expected"), TIMING, ids=[" ".join(a) for a, _ in TIMING])
def test_bad_timing_is_refused_before_anything_is_written(
    tmp_path: Path, args: list[str], expected: str
) -> None:
    run = vnarchive("schedule", "add", PORTAL, *args, data_dir=tmp_path / "archive")
    assert_one_line_error(run, expected)
    assert not (tmp_path / "archive").exists()


def test_an_unknown_portal_is_refused_and_no_schedule_is_written(tmp_path: Path) -> None:
    run = vnarchive("schedule", "add", "nowhere.gov.vn.test", "--every", "1d", data_dir=tmp_path)
    assert_one_line_error(run, "unknown portal 'nowhere.gov.vn.test': not in the catalog")
    listed = vnarchive("schedule", "list", "--json", data_dir=tmp_path, check=True)
    assert json.loads(listed.stdout) == []


def test_host_and_level_are_exclusive(tmp_path: Path) -> None:
    run = vnarchive("schedule", "add", PORTAL, "--level", "commune", data_dir=tmp_path)
    assert_one_line_error(run, "either HOST or --level")
    both = vnarchive("schedule", "add", PORTAL, "--cron", "0 2 * * *", "--every", "1d")
    assert_one_line_error(both, "either --cron or --every")


@pytest.mark.parametrize("action", ["pause", "run-now"])
def test_no_such_schedule_names_the_id(tmp_path: Path, action: str) -> None:
    run = vnarchive("schedule", action, "crawl:nowhere.test", data_dir=tmp_path)
    assert_one_line_error(run, "no schedule 'crawl:nowhere.test'")


def test_no_such_job_names_the_id(tmp_path: Path) -> None:
    assert_one_line_error(vnarchive("logs", "42", data_dir=tmp_path), "no crawl job 42")


def test_schedules_list_pause_resume_remove(tmp_path: Path) -> None:
    add_portal(tmp_path)
    made = json.loads(
        vnarchive(
            "schedule",
            "add",
            PORTAL,
            "--cron",
            "0 2 * * *",
            "--window",
            "22:00-05:00",
            "--jitter",
            "30m",
            "--json",
            data_dir=tmp_path,
            check=True,
        ).stdout
    )
    assert made["id"] == f"crawl:{PORTAL}"
    assert made["when"] == "cron 0 2 * * *, window 22:00-05:00, jitter 30m"
    assert made["next_run"].endswith("+07:00") and "T02:" in made["next_run"]
    level = vnarchive(
        "schedule", "add", "--level", "district", "--json", data_dir=tmp_path, check=True
    )
    assert json.loads(level.stdout)["when"] == "every 3d"  # the district default
    vnarchive("schedule", "pause", f"crawl:{PORTAL}", data_dir=tmp_path, check=True)
    listed = {
        s["id"]: s
        for s in json.loads(vnarchive("schedule", "list", "--json", data_dir=tmp_path).stdout)
    }
    assert listed[f"crawl:{PORTAL}"]["paused"] and not listed["crawl:level:district"]["paused"]
    vnarchive("schedule", "resume", f"crawl:{PORTAL}", data_dir=tmp_path, check=True)
    vnarchive("schedule", "remove", "crawl:level:district", data_dir=tmp_path, check=True)
    listed = json.loads(vnarchive("schedule", "list", "--json", data_dir=tmp_path).stdout)
    assert [(s["id"], s["paused"]) for s in listed] == [(f"crawl:{PORTAL}", False)]
    text = vnarchive("schedule", "list", data_dir=tmp_path, check=True).stdout
    assert f"crawl:{PORTAL}" in text and "cron 0 2 * * *" in text


def test_the_minimum_interval_is_a_setting(tmp_path: Path) -> None:
    add_portal(tmp_path)
    hourly = {"VNARCHIVE_SCHEDULER_MIN_INTERVAL": "1h"}
    run = vnarchive("schedule", "add", PORTAL, "--cron", "*/30 * * * *", data_dir=tmp_path,
                    env=hourly)  # fmt: skip
    assert_one_line_error(run, "--cron '*/30 * * * *' would start runs 30m apart")
    level = vnarchive("schedule", "add", "--level", "commune", data_dir=tmp_path,
                      env={"VNARCHIVE_SCHEDULER_EVERY_COMMUNE": "30m", **hourly})  # fmt: skip
    assert_one_line_error(level, "the default interval of commune portals (30m)")
    ok = vnarchive("schedule", "add", PORTAL, "--every", "1h", "--json", data_dir=tmp_path,
                   env=hourly)  # fmt: skip
    assert ok.returncode == 0 and json.loads(ok.stdout)["when"] == "every 1h"
    bad = vnarchive("schedule", "list", data_dir=tmp_path,
                    env={"VNARCHIVE_SCHEDULER_MIN_INTERVAL": "soon"})  # fmt: skip
    assert_one_line_error(bad, "VNARCHIVE_SCHEDULER_MIN_INTERVAL must be an interval")
