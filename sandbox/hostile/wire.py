"""Answers written straight to the wire: streamed bodies never held whole, drips and stalls.

A :class:`Streamed` answer's body is a generator of pieces, made while it is sent. Slow
answers wait through :meth:`Wire.wait`, which gives up as soon as the client hangs up or the
server stops, so no server thread outlives its bound. Streamed answers close the connection.
"""

from __future__ import annotations

import select
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler

from sandbox.httputil import http_date
from sandbox.response import Response


class Wire:
    """The connection of one streamed answer, as its pieces see it."""

    def __init__(self, sock: socket.socket, stopping: threading.Event) -> None:
        self.sock, self.stopping = sock, stopping

    def wait(self, seconds: float) -> bool:
        """Wait up to ``seconds``; False as soon as the server stops or the client is gone."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            if self.stopping.is_set() or self.hung_up(min(left, 0.2)):
                return False
        return not self.stopping.is_set()

    def hung_up(self, timeout: float) -> bool:
        try:
            readable, _, _ = select.select([self.sock], [], [], timeout)
            if readable and not self.sock.recv(1, socket.MSG_PEEK):
                return True
        except (OSError, ValueError):
            return True
        if readable:  # the client sent more (a pipelined request): do not spin on it
            self.stopping.wait(timeout)
        return False


def _nothing(wire: Wire) -> Iterator[bytes]:
    yield from ()


@dataclass
class Streamed(Response):
    """A hostile answer: ``pieces(wire)`` makes the body while it is sent."""

    pieces: Callable[[Wire], Iterator[bytes]] = field(default=_nothing, repr=False)
    length: int | None = None  # the Content-Length sent; None: chunked (HTTP/1.1)
    silent: bool = False  # no status line at all: the pieces only wait


def send_streamed(
    handler: BaseHTTPRequestHandler, response: Streamed, method: str, stopping: threading.Event
) -> None:
    wire = Wire(handler.connection, stopping)
    handler.close_connection = True
    try:
        if response.silent:
            for _ in response.pieces(wire):
                pass
            return
        chunked = response.length is None and handler.request_version == "HTTP/1.1"
        _send_head(handler, response, chunked)
        if method == "HEAD" or response.status in (204, 304):
            return
        for piece in response.pieces(wire):
            if piece:
                handler.wfile.write(b"%X\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
        if chunked:
            handler.wfile.write(b"0\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError, TimeoutError):
        pass


def _send_head(handler: BaseHTTPRequestHandler, response: Streamed, chunked: bool) -> None:
    handler.send_response_only(response.status)
    names = {k.lower() for k, _ in response.headers}
    for key, value in response.headers:
        if key.lower() not in ("content-length", "transfer-encoding", "connection"):
            handler.send_header(key, value)
    if "date" not in names:
        handler.send_header("Date", http_date(datetime.now(UTC)))
    if chunked:
        handler.send_header("Transfer-Encoding", "chunked")
    elif response.length is not None:
        handler.send_header("Content-Length", str(response.length))
    handler.send_header("Connection", "close")
    handler.end_headers()
