"""``vnarchive web``: the archive in a browser, and its CDX, Memento and WARCs over HTTP."""

from __future__ import annotations

import ipaddress

import click

from archive.errors import ConfigError
from vnarchive.options import config_for, data_dir_option


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@click.command("web")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8080, show_default=True, help="Port."
)
@data_dir_option
def web(host: str, port: int, data_dir: str | None) -> None:
    """Serve the archive: search, read and compare snapshots; watch crawls, logs and health;
    a CDX server, Memento TimeGates and TimeMaps, and the WARC files for Wayback tools.

    Reading is open to anyone who can reach the address; changes (schedules, portals) need
    the token in VNARCHIVE_WEB_TOKEN. Without a token the app listens on loopback only.
    """
    config = config_for(data_dir)
    if not is_loopback(host) and not config.web_token:
        raise ConfigError(
            f"refusing to listen on {host} without VNARCHIVE_WEB_TOKEN: set a token, "
            "or listen on 127.0.0.1"
        )
    import uvicorn

    from vnarchive.web.app import create_app

    app = create_app(config)
    click.echo(f"vnarchive web: http://{host}:{port}/ (archive {config.data_dir})", err=True)
    uvicorn.run(app, host=host, port=port, log_level="info", access_log=False)
