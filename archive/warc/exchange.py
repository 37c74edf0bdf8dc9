"""One HTTP request/response pair as it crossed the wire, before any decoding."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from http import HTTPStatus
from urllib.parse import urlsplit

# Headers of a 304 that do not update the stored response (framing and content).
_NOT_FRESHENED = {
    "content-length",
    "content-encoding",
    "transfer-encoding",
    "content-type",
    "content-range",
}

# Headers that describe the framing of the original transfer, not the stored body:
# the body is stored de-chunked, so a reader must not try to de-chunk it again.
RENAMED_RESPONSE_HEADERS = {"transfer-encoding": "X-Archive-Orig-Transfer-Encoding"}


def reason_phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


@dataclass
class HttpExchange:
    url: str
    method: str
    request_headers: list[tuple[str, str]]
    status: int
    response_headers: list[tuple[str, str]]
    body: bytes
    fetched_at: datetime
    request_body: bytes = b""
    protocol: str = "HTTP/1.1"  # of the response's status line
    request_protocol: str = "HTTP/1.1"  # what the client sent (Twisted always speaks 1.1)
    reason: str | None = None
    ip_address: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
    # the response's status line and headers, and the request's, as they crossed the wire
    # (up to the blank line): written as the records' HTTP heads when known
    raw_response_head: bytes | None = None
    raw_request_head: bytes | None = None

    @property
    def host(self) -> str:
        return (urlsplit(self.url).hostname or "").lower()

    @property
    def request_target(self) -> str:
        parts = urlsplit(self.url)
        return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")

    @property
    def status_line(self) -> str:
        return f"{self.status} {self.reason or reason_phrase(self.status)}"

    def header(self, name: str) -> str | None:
        lname = name.lower()
        for key, value in self.response_headers:
            if key.lower() == lname:
                return value
        return None

    @property
    def mime(self) -> str | None:
        ctype = self.header("Content-Type")
        return ctype.split(";")[0].strip().lower() if ctype else None

    def archived_response_headers(self) -> list[tuple[str, str]]:
        return [(RENAMED_RESPONSE_HEADERS.get(k.lower(), k), v) for k, v in self.response_headers]

    def archived_request_headers(self) -> list[tuple[str, str]]:
        names = {k.lower() for k, _ in self.request_headers}
        headers = [(k, v) for k, v in self.request_headers if k.lower() != "proxy-authorization"]
        if "host" not in names:
            netloc = urlsplit(self.url).netloc
            headers.insert(0, ("Host", netloc))
        return headers


def freshen(not_modified: HttpExchange, status: int, stored: list[tuple[str, str]]) -> HttpExchange:
    """The stored response updated by a 304's headers, as an HTTP cache does."""
    updates = {
        k.lower(): k for k, _ in not_modified.response_headers if k.lower() not in _NOT_FRESHENED
    }
    headers = [(k, v) for k, v in stored if k.lower() not in updates]
    headers += [(k, v) for k, v in not_modified.response_headers if k.lower() in updates]
    # the stored answer as the 304 freshened it: made here, so there is no wire head for it
    return replace(
        not_modified,
        status=status,
        reason=None,
        response_headers=headers,
        raw_response_head=None,
    )
