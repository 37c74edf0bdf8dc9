"""``vnarchive db``: the archive's database schema."""

from __future__ import annotations

import click

from archive.db.engine import HEAD, check_schema, make_engine, upgrade
from vnarchive import render
from vnarchive.options import config_for, data_dir_option, json_option


@click.group("db")
def db_group() -> None:
    """The archive's database: its schema revision and migrations."""


@db_group.command("upgrade")
@data_dir_option
def upgrade_cmd(data_dir: str | None) -> None:
    """Apply every pending migration to the database (VNARCHIVE_DB_URL, or the data dir's
    SQLite file). Several processes may run it at once: on PostgreSQL one migrates, the
    others wait for it. The embedded SQLite default is also upgraded when opened."""
    config = config_for(data_dir)
    engine = make_engine(config)
    before = check_schema(engine)
    upgrade(engine)
    after = check_schema(engine)
    if before == after:
        render.console.print(f"{config.safe_db_url}: at revision {after}, nothing to do")
    else:
        render.console.print(f"{config.safe_db_url}: upgraded from {before or 'empty'} to {after}")


@db_group.command("status")
@json_option
@data_dir_option
def status_cmd(as_json: bool, data_dir: str | None) -> None:
    """The database's schema revision, and the one this vnarchive needs."""
    config = config_for(data_dir)
    current = check_schema(make_engine(config))
    if as_json:
        render.print_json(
            {
                "database": config.safe_db_url,
                "revision": current,
                "needed": HEAD,
                "up_to_date": current == HEAD,
            }
        )
        return
    state = "up to date" if current == HEAD else "run 'vnarchive db upgrade'"
    render.console.print(
        f"{config.safe_db_url}: revision {current or 'none (empty)'}, needed {HEAD}: {state}"
    )
