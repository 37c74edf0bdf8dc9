"""``vnarchive settings``: every setting, its value here and where the value comes from."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import click
from rich.table import Table

from archive.config import SETTINGS, mask_password, sources
from vnarchive import render
from vnarchive.options import config_for, data_dir_option, json_option


def _values(data_dir: str | None) -> dict[str, Any]:
    config = config_for(data_dir)
    flat = {k: v for k, v in asdict(config).items() if k != "scheduler"}
    flat |= {f"scheduler_{k}": v for k, v in asdict(config.scheduler).items()}
    flat["db_url"] = mask_password(config.db_url)
    flat["web_token"] = "***" if config.web_token else None  # a secret: never shown
    return {s.name: flat[s.name] for s in SETTINGS}


@click.command("settings")
@json_option
@data_dir_option
def settings_cmd(as_json: bool, data_dir: str | None) -> None:
    """Every setting with its value and its source (option, environment, vnarchive.toml,
    default). Precedence: option > VNARCHIVE_* > vnarchive.toml > default."""
    values = _values(data_dir)
    origin = sources(data_dir)
    if as_json:
        render.print_json(
            {
                s.name: {"env": s.env, "value": str(values[s.name]), "source": origin[s.name]}
                for s in SETTINGS
            }
        )
        return
    table = Table(show_header=True, box=None)
    table.add_column("setting", no_wrap=True)
    table.add_column("value", overflow="fold")
    table.add_column("from", no_wrap=True)
    for setting in SETTINGS:
        table.add_row(setting.env, render.escape(str(values[setting.name])), origin[setting.name])
    render.console.print(table)
