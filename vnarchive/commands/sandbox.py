"""``vnarchive sandbox``: the local network of synthetic portals."""

from __future__ import annotations

import click

from vnarchive.options import data_dir_option


def _share(value: float) -> float:
    if not 0 <= value <= 1:  # FloatRange lets NaN through
        raise click.BadParameter(f"{value} is not between 0 and 1")
    return value


@click.group()
def sandbox() -> None:
    """The sandbox: synthetic Vietnamese portals on 127.0.0.1 (hostnames end in .test)."""


@sandbox.command()
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8800,
    show_default=True,
    help="Port on 127.0.0.1 (0: any free port).",
)
@click.option(
    "--pages-per-portal",
    type=click.IntRange(min=1, max=100_000),
    default=12,
    show_default=True,
    help="Articles per portal.",
)
@click.option(
    "--latency-ms",
    type=click.IntRange(min=0, max=60_000),
    default=0,
    show_default=True,
    help="Delay added to every response.",
)
@click.option(
    "--seed",
    type=click.IntRange(min=0, max=2**31 - 1),
    default=1,
    show_default=True,
    help="Seed of the generated content.",
)
@click.option(
    "--hostile",
    is_flag=True,
    help="Also serve the hostile portal (http://hostile.gov.vn.test/ and its hosts): faults a "
    "crawler must survive, catalogued at /_sandbox/hostile.json.",
)
@click.option(
    "--reposts",
    type=click.FloatRange(0, 1),
    callback=lambda ctx, param, value: _share(value),
    default=0.0,
    show_default=True,
    help="Share of district and commune articles that republish a provincial article, "
    "changed a little (ground truth: /_sandbox/truth.json, key source).",
)
@data_dir_option  # accepted as by every command; the sandbox keeps nothing there
def serve(
    port: int,
    pages_per_portal: int,
    latency_ms: int,
    seed: int,
    hostile: bool,
    reposts: float,
    data_dir: str | None,
) -> None:
    """Serve the sandbox in the foreground; it is also an HTTP proxy for its own hosts.

    Crawl it with: vnarchive crawl --proxy http://127.0.0.1:PORT http://haiduong.gov.vn.test/
    """
    from sandbox import serve as run_server

    run_server(
        port=port,
        pages_per_portal=pages_per_portal,
        latency_ms=latency_ms,
        seed=seed,
        hostile=hostile,
        reposts=reposts,
    )
