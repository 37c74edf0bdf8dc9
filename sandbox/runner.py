"""Run the sandbox in the foreground until SIGINT/SIGTERM."""

from __future__ import annotations

import signal
import threading
from types import FrameType

from sandbox.sandbox import Sandbox
from sandbox.server import SandboxServer


def serve(
    port: int = 8800,
    pages_per_portal: int = 12,
    latency_ms: int = 0,
    seed: int = 1,
    hostile: bool = False,
    reposts: float = 0.0,
) -> None:
    """Serve the sandbox on 127.0.0.1:port; print the proxy URL and the portal URLs (and,
    with ``hostile``, a second line: the hostile portal's seeds and its catalogue)."""
    sandbox = Sandbox(
        seed=seed, pages_per_portal=pages_per_portal, hostile=hostile, reposts=reposts
    )
    server = SandboxServer(sandbox, port=port, latency_ms=latency_ms).start()
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, on_signal)
        signal.signal(signal.SIGTERM, on_signal)
    print(f"Sandbox proxy {server.proxy_url} serving {' '.join(sandbox.portal_urls())}", flush=True)
    if sandbox.hostile is not None:
        seeds = " ".join(sandbox.hostile.seeds())
        catalogue = f"{server.url}/_sandbox/hostile.json"
        print(f"Hostile portal {seeds} (faults: {catalogue})", flush=True)
    try:
        while not stop.wait(0.5):
            pass
    finally:
        server.stop()
