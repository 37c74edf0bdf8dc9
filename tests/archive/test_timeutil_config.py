"""Timestamps (UTC, Wayback style) and configuration precedence."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from archive.config import load_config
from archive.errors import InputError
from archive.timeutil import parse_timestamp14, to_local, to_timestamp14


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2024", datetime(2024, 1, 1, tzinfo=UTC)),
        ("20240227", datetime(2024, 2, 27, tzinfo=UTC)),
        ("20240227093015", datetime(2024, 2, 27, 9, 30, 15, tzinfo=UTC)),
    ],
)
def test_parse_timestamp(value: str, expected: datetime) -> None:
    assert parse_timestamp14(value) == expected


@pytest.mark.parametrize("value", ["2024-02-27", "abc", "20241399", "202", "202402271200001"])
def test_malformed_timestamp(value: str) -> None:
    with pytest.raises(InputError, match="malformed timestamp"):
        parse_timestamp14(value)


def test_local_time_is_ho_chi_minh() -> None:
    dt = datetime(2024, 2, 27, 2, 0, tzinfo=UTC)
    assert to_local(dt).isoformat() == "2024-02-27T09:00:00+07:00"
    assert to_timestamp14(to_local(dt)) == "20240227020000"


def test_config_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("VNARCHIVE_DATA_DIR", raising=False)
    assert load_config().data_dir == Path("data")
    (tmp_path / "vnarchive.toml").write_text('data_dir = "from-toml"\n')
    assert load_config().data_dir == Path("from-toml")
    monkeypatch.setenv("VNARCHIVE_DATA_DIR", "from-env")
    assert load_config().data_dir == Path("from-env")
    cfg = load_config("from-flag")
    assert cfg.data_dir == Path("from-flag")
    assert cfg.warc_dir == Path("from-flag/warcs")
    assert cfg.db_url.endswith("from-flag/archive.sqlite3")


def test_every_setting_is_documented() -> None:
    """docs/operations.md holds the registry's own table, so no setting goes undocumented
    and no documented default drifts from the code."""
    from archive.config import settings_table

    docs = (Path(__file__).resolve().parents[2] / "docs" / "operations.md").read_text()
    assert settings_table() in docs, "run scripts/docs_settings.py"


def test_toml_sections_and_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("VNARCHIVE_SCHEDULER_EVERY_COMMUNE", "VNARCHIVE_PROXY", "VNARCHIVE_EXTRACT"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / "vnarchive.toml").write_text(
        'proxy = "http://127.0.0.1:1"\nextract = false\n[scheduler]\nevery_commune = "14d"\n'
    )
    cfg = load_config()
    assert (cfg.proxy, cfg.extract, cfg.scheduler.every_commune) == (
        "http://127.0.0.1:1",
        False,
        "14d",
    )
    monkeypatch.setenv("VNARCHIVE_SCHEDULER_EVERY_COMMUNE", "2w")
    assert load_config().scheduler.every_commune == "2w"
    assert load_config(proxy="http://127.0.0.1:2").proxy == "http://127.0.0.1:2"


@pytest.mark.parametrize(
    "name, value, fragment",
    [
        ("VNARCHIVE_WARC_MAX_SIZE", "abc", "must be a whole number"),
        ("VNARCHIVE_WARC_VERSION", "2.0", "must be one of 1.1, 1.0"),
        ("VNARCHIVE_EXTRACT", "maybe", "must be true or false"),
        ("VNARCHIVE_EXTRACT_WORKERS", "-1", "must be at least 0"),
        ("VNARCHIVE_REVALIDATE_AFTER_DAYS", "nan", "must be a finite number"),
        ("VNARCHIVE_SCHEDULER_EVERY_COMMUNE", "often", "must be an interval"),
        ("VNARCHIVE_DB_URL", "mysql://x/y", "must be a sqlite:/// or postgresql"),
        ("VNARCHIVE_SEARCH_COUNT_LIMIT", "5", "must be at least 100"),
    ],
)
def test_a_bad_setting_is_a_one_line_error_naming_it(
    tmp_path: Path, name: str, value: str, fragment: str
) -> None:
    from tests.conftest import vnarchive

    run = vnarchive("search", "dang", data_dir=tmp_path, env={name: value})
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1 and name in run.stderr and fragment in run.stderr
