"""The ``vnarchive`` command: every subcommand, and the one place errors become messages."""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click
from sqlalchemy.exc import SQLAlchemyError

from archive.errors import VnarchiveError
from vnarchive.commands.cdx import cdx
from vnarchive.commands.crawl import crawl
from vnarchive.commands.db import db_group
from vnarchive.commands.demo import demo
from vnarchive.commands.export import export
from vnarchive.commands.extract import extract_cmd
from vnarchive.commands.health import health_cmd
from vnarchive.commands.jobs import jobs_cmd
from vnarchive.commands.logs import logs_cmd
from vnarchive.commands.portals import portals
from vnarchive.commands.reextract import reextract_cmd
from vnarchive.commands.sandbox import sandbox
from vnarchive.commands.schedule import schedule
from vnarchive.commands.scheduler_run import scheduler_group
from vnarchive.commands.search import search_cmd
from vnarchive.commands.settings import settings_cmd
from vnarchive.commands.show import show
from vnarchive.commands.templates import templates_group
from vnarchive.commands.verify import verify_cmd
from vnarchive.commands.web import web


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="vnarchive")
def cli() -> None:
    """vnarchive: a web archive for Vietnamese local-government portals.

    Crawl portals into WARC files, extract the article text, and search and read the archive
    through time. Every command takes --data-dir (or VNARCHIVE_DATA_DIR; default ./data).
    """


for command in (
    cdx,
    crawl,
    demo,
    export,
    extract_cmd,
    reextract_cmd,
    sandbox,
    search_cmd,
    show,
    verify_cmd,
    web,
):
    cli.add_command(command)
cli.add_command(portals)
cli.add_command(db_group)
cli.add_command(settings_cmd)
for command in (schedule, scheduler_group, jobs_cmd, logs_cmd, health_cmd, templates_group):
    cli.add_command(command)


def fail(message: str, code: int = 2) -> None:
    click.echo(f"vnarchive: error: {message}", err=True)
    sys.exit(code)


def main(argv: Sequence[str] | None = None) -> None:
    try:
        result = cli.main(
            args=list(argv) if argv is not None else None,
            prog_name="vnarchive",
            standalone_mode=False,
        )
    except click.UsageError as exc:
        hint = f" (try '{exc.ctx.command_path} --help')" if exc.ctx else ""
        fail(exc.format_message().replace("\n", " ") + hint)
    except click.ClickException as exc:
        fail(exc.format_message().replace("\n", " "), exc.exit_code)
    except click.Abort:
        fail("aborted", 130)
    except VnarchiveError as exc:
        fail(str(exc).replace("\n", " "))
    except SQLAlchemyError as exc:  # the database refused: say why in one line
        detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        fail(f"database error: {exc.__class__.__name__}: {detail[0] if detail else ''}")
    except KeyboardInterrupt:
        fail("interrupted", 130)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(0)
    sys.exit(result if isinstance(result, int) else 0)
