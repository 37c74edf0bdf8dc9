"""The sandbox HTTP server on 127.0.0.1: origin server and HTTP proxy for its own hostnames.

A request line with an absolute URI is routed by its host, a plain one by ``Host``. What the
sandbox serves and what it refuses is :mod:`sandbox.hostile.scope`: every request is logged,
a foreign one (another host or port, userinfo, a proxied ``127.0.0.1``) is answered 502 and
marked ``"foreign": true``; nothing is ever forwarded. The sandbox's own address serves
``/_sandbox/``.
"""

from __future__ import annotations

import select
import sys
import threading
import time
import traceback
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

from sandbox import quirks
from sandbox.control import control
from sandbox.hostile.control import hostile_control
from sandbox.hostile.scope import LOCAL_HOSTS, Named, parse, refusal
from sandbox.hostile.wire import Streamed, send_streamed
from sandbox.httputil import accepts_gzip, http_date
from sandbox.response import Response, text_response
from sandbox.sandbox import Sandbox

NO_BODY = {204, 304}
CHUNK = 4096


class BadTarget(ValueError):
    pass


def split_target(raw: str, host_header: str | None, method: str = "GET") -> Named:
    """What a request line's target and its Host header name (see sandbox.hostile.scope)."""
    try:
        return parse(raw, host_header, method)
    except ValueError as err:  # e.g. "http://[bad/", "GET nohost"
        raise BadTarget(raw) from err


def refused_response(reason: str) -> Response:
    text = f"502 Bad Gateway: refused, {reason}; the sandbox forwards nothing\n"
    return text_response(502, text, "text/plain; charset=utf-8")


def compressible(response: Response) -> bool:
    ctype = response.header("Content-Type") or ""
    if response.header("Content-Encoding"):  # a hostile answer encoded its own way
        return False
    return bool(response.body) and (
        ctype.startswith("text/") or any(t in ctype for t in ("xml", "json", "javascript"))
    )


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256
    owner: SandboxServer

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.open: set[int] = set()  # the connections a handler thread holds
        self.changed = threading.Condition()

    def process_request(self, request: Any, client_address: Any) -> None:
        with self.changed:
            self.open.add(id(request))
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        try:
            super().shutdown_request(request)
        finally:
            with self.changed:
                self.open.discard(id(request))
                self.changed.notify_all()

    def idle(self) -> bool:
        """No connection held and none waiting to be accepted."""
        waiting, _, _ = select.select([self.socket], [], [], 0)
        return not self.open and not waiting


class _TeeReader:
    """The connection's reader, keeping a copy of the bytes of the current request."""

    def __init__(self, reader: Any) -> None:
        self._reader, self.copy = reader, bytearray()

    def readline(self, *args: Any) -> bytes:
        line: bytes = self._reader.readline(*args)
        self.copy += line
        return line

    def read(self, *args: Any) -> bytes:
        data: bytes = self._reader.read(*args)
        self.copy += data
        return data

    def __getattr__(self, name: str) -> Any:
        return getattr(self._reader, name)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    default_request_version = "HTTP/1.0"  # answer malformed request lines with a status line
    timeout = 30  # idle keep-alive connections are closed after this many seconds
    server: _HTTPServer
    rfile: Any

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def setup(self) -> None:
        super().setup()
        self.rfile = _TeeReader(self.rfile)

    def handle_one_request(self) -> None:
        self.rfile.copy = bytearray()  # the bytes of this request only
        super().handle_one_request()

    def request_head(self) -> bytes:
        """The current request's line and headers, as received."""
        copy = bytes(self.rfile.copy)
        end = copy.find(b"\r\n\r\n")
        return copy[: end + 4] if end >= 0 else copy

    def do_GET(self) -> None:
        self.dispatch()

    do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_CONNECT = do_GET

    def dispatch(self) -> None:
        owner, method = self.server.owner, self.command
        received = time.time()  # logged after the answer is ready: a killed client's request
        self.drain_body()
        named: Named | None = None
        refused: str | None = None
        try:
            named = split_target(self.path, self.headers.get("Host"), method)
            refused = refusal(named, owner.sandbox.knows, owner.port)
            response = refused_response(refused) if refused else self.answer(owner, named)
        except BadTarget:
            refused = "malformed request target"
            response = text_response(400, "400 Bad Request\n", "text/plain; charset=utf-8")
        except Exception:  # a sandbox bug must not kill the connection silently
            traceback.print_exc(file=sys.stderr)
            response = text_response(500, "500 Internal Server Error\n", "text/plain")
        if named is not None and not refused and named.host == quirks.HOST and method != "CONNECT":
            self.send_quirk(owner, named, received)
            return
        if owner.latency_ms:
            time.sleep(owner.latency_ms / 1000)
        owner.record(
            named.host if named else "",
            method,
            named.target if named else self.path,
            dict(self.headers.items()),
            response.status,
            url=named.url if named else self.path,
            refused=refused,
            received=received,
        )
        self.send(response, method)

    def send_quirk(self, owner: SandboxServer, named: Named, received: float) -> None:
        """An answer of the quirks portal, written byte for byte and logged as sent."""
        sent = quirks.answer(named.target)
        status = int(sent.head.split(b" ", 2)[1])
        owner.record(named.host, self.command, named.target, dict(self.headers.items()),
                     status, url=named.url, received=received)  # fmt: skip
        owner.wire.add(self.request_head(), sent)
        try:
            self.wfile.write(sent.head if self.command == "HEAD" else sent.wire)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass
        if sent.close or self.request_version != "HTTP/1.1":
            self.close_connection = True

    def drain_body(self) -> None:
        length = self.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > 0:
            self.rfile.read(min(int(length), 1 << 20))

    def answer(self, owner: SandboxServer, named: Named) -> Response:
        method, host, target = self.command, named.host, named.target
        if host in LOCAL_HOSTS:
            return hostile_control(owner, method, target) or control(owner, method, target)
        if method == "CONNECT":  # no TLS in the sandbox
            return text_response(501, "501 Not Implemented\n", "text/plain")
        if method not in ("GET", "HEAD"):
            response = text_response(405, "405 Method Not Allowed\n", "text/plain")
            return response.with_headers([("Allow", "GET, HEAD")])
        return owner.sandbox.respond(f"http://{host}{target}", dict(self.headers.items()))

    def send(self, response: Response, method: str) -> None:
        if isinstance(response, Streamed):
            send_streamed(self, response, method, self.server.owner.stopping)
            return
        body = response.body
        headers = [
            (k, v)
            for k, v in response.headers
            if k.lower() not in ("content-length", "transfer-encoding")
        ]
        if compressible(response) and accepts_gzip(self.headers.get("Accept-Encoding")):
            body = response.gzipped()
            headers.append(("Content-Encoding", "gzip"))
        names = {k.lower() for k, _ in headers}
        headers += [] if "date" in names else [("Date", http_date_now())]
        headers += [] if "server" in names else [("Server", "vnarchive-sandbox")]
        chunked = response.chunked and self.request_version == "HTTP/1.1"
        if response.status in NO_BODY:
            body = b""
        elif chunked:
            headers.append(("Transfer-Encoding", "chunked"))
        else:
            headers.append(("Content-Length", str(len(body))))
        try:
            self.send_response_only(response.status)
            for key, value in headers:
                self.send_header(key, value)
            self.end_headers()
            if method != "HEAD" and response.status not in NO_BODY:
                self.write_body(body, chunked)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def write_body(self, body: bytes, chunked: bool) -> None:
        if not chunked:
            self.wfile.write(body)
            return
        for i in range(0, len(body), CHUNK):
            piece = body[i : i + CHUNK]
            self.wfile.write(b"%X\r\n%s\r\n" % (len(piece), piece))
        self.wfile.write(b"0\r\n\r\n")

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Malformed requests (bad request line, huge headers): log them, then answer."""
        path = getattr(self, "path", "") or ""
        self.server.owner.record(
            "", getattr(self, "command", "") or "", path, {}, code, url=path, refused="malformed"
        )
        super().send_error(code, message, explain)


def http_date_now() -> str:
    return http_date(datetime.now(UTC))


class SandboxServer:
    """The sandbox on a local port; ``start()`` runs it in a daemon thread."""

    def __init__(
        self, sandbox: Sandbox, host: str = "127.0.0.1", port: int = 0, latency_ms: int = 0
    ) -> None:
        self.sandbox, self.host, self.latency_ms = sandbox, host, latency_ms
        self._port = port
        self.requests: list[dict[str, Any]] = []
        self.wire = quirks.WireLog()  # the quirks portal's exchanges, byte for byte
        self._lock = threading.Lock()
        self.stopping = threading.Event()  # set by stop(): slow hostile answers end early
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self._port

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def proxy_url(self) -> str:
        return self.url

    def record(
        self,
        host: str,
        method: str,
        path: str,
        headers: dict[str, str],
        status: int,
        url: str = "",
        refused: str | None = None,
        received: float | None = None,
    ) -> None:
        """Log one request. ``url`` is the URL as received; ``foreign`` is true when the
        sandbox refused it (``refused`` says why); ``fault`` is the hostile fault the request
        counts to (None outside the hostile portal)."""
        entry = {
            "host": host,
            "method": method,
            "path": path,
            "headers": headers,
            "status": status,
            "time": time.time(),
            "received": time.time() if received is None else received,
            "url": url,
            "foreign": refused is not None,
            "refused": refused,
            "fault": self.sandbox.fault_of(url) if url else None,
        }
        with self._lock:
            self.requests.append(entry)

    def foreign_requests(self) -> list[dict[str, Any]]:
        """Every logged request the sandbox refused: to hosts, ports or forms it never serves."""
        with self._lock:
            return [r for r in self.requests if r["foreign"]]

    def start(self) -> SandboxServer:
        if self._httpd is None:
            self.stopping.clear()
            self._httpd = _HTTPServer((self.host, self._port), Handler)
            self._httpd.owner = self
            self._port = self._httpd.server_address[1]
            self._thread = threading.Thread(
                target=self._httpd.serve_forever,
                kwargs={"poll_interval": 0.1},
                name=f"sandbox-{self.port}",
                daemon=True,
            )
            self._thread.start()
        return self

    def wait_idle(self, timeout: float = 120.0) -> None:
        """Return once every connection is closed and none waits to be accepted: the requests
        of a client that was killed are then all answered and logged (a loaded machine may
        read them well after the kill, and the request log is in the order they were read)."""
        httpd = self._httpd
        if httpd is None:
            return
        deadline = time.monotonic() + timeout
        with httpd.changed:
            while not httpd.idle():
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"the sandbox still holds {len(httpd.open)} connections")
                # woken when a connection closes; a connection waiting to be accepted has no
                # event of its own, so the wait is short
                httpd.changed.wait(min(left, 0.05))

    def stop(self) -> None:
        httpd, self._httpd = self._httpd, None
        self.stopping.set()
        if httpd is not None:
            httpd.shutdown()
            httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
