"""The ``vnarchive`` command: every subcommand, and the one place errors become messages."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

import click
from sqlalchemy.exc import SQLAlchemyError

from archive.errors import VnarchiveError

# name → "module:attribute": a command's module (and what it imports: SQLAlchemy, Scrapy,
# trafilatura…) is loaded only when that command runs, so that a search starts fast
COMMANDS = {
    "cdx": "vnarchive.commands.cdx:cdx",
    "crawl": "vnarchive.commands.crawl:crawl",
    "db": "vnarchive.commands.db:db_group",
    "dedup": "vnarchive.commands.dedup:dedup_cmd",
    "demo": "vnarchive.commands.demo:demo",
    "diff": "vnarchive.commands.history:diff_cmd",
    "documents": "vnarchive.commands.documents:documents_cmd",
    "export": "vnarchive.commands.export:export",
    "extract": "vnarchive.commands.extract:extract_cmd",
    "health": "vnarchive.commands.health:health_cmd",
    "history": "vnarchive.commands.history:history_cmd",
    "jobs": "vnarchive.commands.jobs:jobs_cmd",
    "logs": "vnarchive.commands.logs:logs_cmd",
    "portals": "vnarchive.commands.portals:portals",
    "reextract": "vnarchive.commands.reextract:reextract_cmd",
    "sandbox": "vnarchive.commands.sandbox:sandbox",
    "schedule": "vnarchive.commands.schedule:schedule",
    "scheduler": "vnarchive.commands.scheduler_run:scheduler_group",
    "search": "vnarchive.commands.search:search_cmd",
    "settings": "vnarchive.commands.settings:settings_cmd",
    "show": "vnarchive.commands.show:show",
    "templates": "vnarchive.commands.templates:templates_group",
    "verify": "vnarchive.commands.verify:verify_cmd",
    "web": "vnarchive.commands.web:web",
    "worker": "vnarchive.commands.worker:worker_group",
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported when used (click's documented pattern)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, _, attribute = target.partition(":")
        return getattr(importlib.import_module(module), attribute)  # type: ignore[no-any-return]


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="vnarchive")
def cli() -> None:
    """vnarchive: a web archive for Vietnamese local-government portals.

    Crawl portals into WARC files, extract the article text, and search and read the archive
    through time. Every command takes --data-dir (or VNARCHIVE_DATA_DIR; default ./data).
    """


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
    except click.ClickException as exc:  # a file that cannot be opened, a bad parameter
        fail(exc.format_message().replace("\n", " "))
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
