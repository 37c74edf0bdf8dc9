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


def test_every_setting_is_documented_in_the_readme() -> None:
    from archive.config import SETTINGS

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    missing = [s.env for s in SETTINGS if s.env not in readme]
    assert not missing
