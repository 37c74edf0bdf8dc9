"""The ASGI app: its routes, error handlers and security headers, in one place.

``create_app(config, token=…)`` opens the archive's database and returns a Starlette app;
``vnarchive web`` serves it with uvicorn. Every page is server-rendered HTML that works
without JavaScript, and answers as JSON when asked (``Accept: application/json``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from archive.config import ArchiveConfig
from archive.db.engine import open_database
from vnarchive.web.errors import HANDLERS
from vnarchive.web.formatting import FILTERS
from vnarchive.web.routes import (
    browse,
    documents,
    home,
    jobs,
    portals,
    ranges,
    replay,
    schedules,
    search,
    wayback,
)
from vnarchive.web.state import HERE, WebState

APP_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "frame-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'self'"
)

ROUTES = [
    Route("/", home.home),
    Route("/lang/{code}", home.set_language),
    Route("/login", home.login_form, methods=["GET"]),
    Route("/login", home.login, methods=["POST"]),
    Route("/logout", home.logout, methods=["POST"]),
    Route("/search", search.search_page),
    Route("/documents/{document_id:int}", documents.document_page),
    Route("/diff", documents.diff_form),
    Route("/diff/{a:int}/{b:int}", documents.diff_page),
    Route("/browse", browse.browse),
    Route("/urls", browse.urls_page),
    Route("/web/{rest:path}", replay.replay),
    Route("/captures/{capture_id:int}/record", browse.record),
    Route("/cdx", wayback.cdx),
    Route("/timegate/{rest:path}", wayback.timegate),
    Route("/timemap/link/{rest:path}", wayback.timemap),
    Route("/warcs/", ranges.warc_list),
    Route("/warcs/{filename}", ranges.warc_file, methods=["GET", "HEAD"]),
    Route("/jobs", jobs.jobs_page),
    Route("/jobs/{job_id:int}", jobs.job_page),
    Route("/jobs/{job_id:int}/events", jobs.job_events),
    Route("/jobs/{job_id:int}/log", jobs.log_page),
    Route("/jobs/{job_id:int}/log/events", jobs.log_events),
    Route("/health", schedules.health_page),
    Route("/schedules", schedules.schedules_page, methods=["GET"]),
    Route("/schedules", schedules.add_schedule, methods=["POST"]),
    Route("/schedules/{schedule_id}/{action}", schedules.change_schedule, methods=["POST"]),
    Route("/portals", portals.portals_page, methods=["GET"]),
    Route("/portals", portals.add_portal_form, methods=["POST"]),
    Route("/portals/discover", portals.discover, methods=["POST"]),
    Route("/portals/discover/{number:int}", portals.discovery_page),
    Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
]


class SecurityHeaders:
    """The app's own pages get a strict CSP and no sniffing; archived content (which sets
    its own sandboxing CSP) is left as it is."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                if b"content-security-policy" not in names:
                    headers += [
                        (b"content-security-policy", APP_CSP.encode()),
                        (b"x-content-type-options", b"nosniff"),
                    ]
                headers.append((b"referrer-policy", b"same-origin"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def templates() -> Jinja2Templates:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS)
    return Jinja2Templates(env=env)


def create_app(
    config: ArchiveConfig, *, token: Any = "from-config", poll_interval: float = 1.0
) -> Starlette:
    """The app on ``config``'s archive; ``token`` overrides ``config.web_token``."""
    sessions = open_database(config)
    state = WebState(
        config=config,
        sessions=sessions,
        templates=templates(),
        token=config.web_token if token == "from-config" else token,
        poll_interval=poll_interval,
    )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        state.close()

    app = Starlette(routes=ROUTES, exception_handlers=HANDLERS, lifespan=lifespan)  # type: ignore[arg-type]
    app.state.web = state
    app.add_middleware(SecurityHeaders)
    return app
