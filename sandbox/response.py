"""One rendered answer: status, headers (duplicates allowed), identity body, transfer hints."""

from __future__ import annotations

import gzip
from dataclasses import dataclass, field, replace


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]
    body: bytes = b""
    chunked: bool = False  # the server sends it with Transfer-Encoding: chunked
    _gzipped: bytes | None = field(default=None, repr=False, compare=False)

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), None)

    def gzipped(self) -> bytes:
        """The body gzip-compressed, deterministically (mtime 0), computed once."""
        if self._gzipped is None:
            self._gzipped = gzip.compress(self.body, compresslevel=6, mtime=0)
        return self._gzipped

    def with_headers(self, extra: list[tuple[str, str]]) -> Response:
        return replace(self, headers=self.headers + extra)

    def header_dict(self) -> dict[str, str]:
        """Headers as a dict; repeated ones joined by ", " (Set-Cookie by a newline)."""
        out: dict[str, str] = {}
        for key, value in self.headers:
            if key in out:
                out[key] += ("\n" if key.lower() == "set-cookie" else ", ") + value
            else:
                out[key] = value
        return out


def html_response(
    status: int, html: str, headers: list[tuple[str, str]], chunked: bool = False
) -> Response:
    return Response(status, headers, html.encode("utf-8"), chunked)


def redirect(
    location: str,
    status: int = 301,
    headers: list[tuple[str, str]] | None = None,
) -> Response:
    body = (
        f"<html><head><title>Object moved</title></head><body><h2>Object moved to "
        f'<a href="{location}">here</a>.</h2></body></html>'
    ).encode()
    base = [("Content-Type", "text/html; charset=utf-8"), ("Location", location)]
    return Response(status, base + (headers or []), body)


def text_response(status: int, text: str, content_type: str) -> Response:
    return Response(status, [("Content-Type", content_type)], text.encode("utf-8"))
