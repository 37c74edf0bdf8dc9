"""A level schedule crawls every crawlable catalog portal of its level; health is per portal."""

from __future__ import annotations

import json
from pathlib import Path

from sandbox import SandboxServer
from tests.conftest import vnarchive
from tests.scheduler.conftest import add_portal, jobs

COMMUNES = ("quangthanh.kinhmon.haiduong.gov.vn.test", "hiepson.kinhmon.haiduong.gov.vn.test")
BUNDLED = "quangthanh.kinhmon.haiduong.gov.vn"  # in the bundled catalog, unreachable here


def test_a_level_schedule_crawls_each_commune_and_health_reports_each(
    tmp_path: Path, sandbox_server: SandboxServer
) -> None:
    for host in COMMUNES:
        add_portal(tmp_path, host)
    vnarchive(
        "schedule",
        "add",
        "--level",
        "commune",
        "--proxy",
        sandbox_server.proxy_url,
        "--delay",
        "0",
        "--max-pages",
        "5",
        data_dir=tmp_path,
        check=True,
    )
    now = vnarchive("schedule", "run-now", "crawl:level:commune", data_dir=tmp_path, check=True)
    job = jobs(tmp_path)[-1]
    assert f"job {job['id']} succeeded" in now.stdout
    assert job["portal"] == "level:commune" and job["trigger"] == "manual"
    assert {f"http://{h}/" for h in COMMUNES} | {f"https://{BUNDLED}/"} <= set(job["seeds"])

    health = {
        p["portal"]: p for p in json.loads(vnarchive("health", "--json", data_dir=tmp_path).stdout)
    }
    for host in COMMUNES:
        assert health[host]["last_success"] and health[host]["pages_per_crawl"][0] > 0
        assert health[host]["interval_seconds"] == 7 * 86400  # the commune default
    unreachable = health[BUNDLED]
    assert unreachable["last_success"] is None and unreachable["consecutive_failures"] == 1
    assert unreachable["last_error_rate"] == 1.0 and not unreachable["stale"]
