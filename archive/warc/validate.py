"""Check any WARC file against the standard, as far as its records can be read.

Stages, in the manner of warcio's reader: read (warcio's ``ArchiveIterator``, digests
checked) → check each record's named fields (and a ``warcinfo`` block's
``application/warc-fields``) → check references between records. Problems are collected,
never raised: an ``error`` breaks the standard or stops reading, a ``warning`` is a
recommendation not followed. An ARC file is read as ARC (``FileReport.format``), and not
held to the WARC standard's fields.
"""

from __future__ import annotations

import contextlib
import io
import ipaddress
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator

from archive.warc.digests import check_revisit_blocks

KNOWN_TYPES = {
    "warcinfo",
    "response",
    "resource",
    "request",
    "metadata",
    "revisit",
    "conversion",
    "continuation",
}
MANDATORY = ("WARC-Record-ID", "Content-Length", "WARC-Date", "WARC-Type")
REPEATABLE = {"warc-concurrent-to"}
NEEDS_TARGET = {"response", "resource", "request", "revisit", "conversion", "continuation"}
_DATE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z", re.I)
_RECORD_ID = re.compile(r"<[A-Za-z][A-Za-z0-9+.-]*:[^<>\s]+>")
_DIGEST = re.compile(r"[A-Za-z0-9-]+:[A-Za-z0-9+/=_-]+")
_MIME = re.compile(r"[\w.+-]+/[\w.+-]+(\s*;.*)?")
_URI = re.compile(r"<?[A-Za-z][A-Za-z0-9+.-]*:\S*>?")


@dataclass(frozen=True)
class Problem:
    offset: int | None
    severity: str  # "error" or "warning"
    message: str

    def __str__(self) -> str:
        where = f"offset {self.offset}" if self.offset is not None else "file"
        return f"{self.severity}: {where}: {self.message}"


@dataclass
class FileReport:
    path: Path
    records: int = 0
    problems: list[Problem] = field(default_factory=list)
    format: str = "WARC"  # "ARC" when its records are ARC records

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors


def _check_formats(fields: dict[str, str]) -> list[str]:
    checks = {
        "WARC-Date": lambda v: _DATE.fullmatch(v),
        "WARC-Record-ID": lambda v: _RECORD_ID.fullmatch(v),
        "Content-Length": lambda v: v.isdigit(),
        "Content-Type": lambda v: _MIME.fullmatch(v),
        "WARC-Block-Digest": lambda v: _DIGEST.fullmatch(v),
        "WARC-Payload-Digest": lambda v: _DIGEST.fullmatch(v),
        "WARC-Segment-Number": lambda v: v.isdigit() and int(v) >= 1,
        # warcio turns the blanks around a URI into %20 before we see it
        "WARC-Target-URI": lambda v: _URI.fullmatch(v.strip().removeprefix("%20")),
        "WARC-IP-Address": _is_ip,
    }
    return [
        f"{name} has an invalid value {fields[name]!r}"
        for name, ok in checks.items()
        if fields.get(name) and not ok(fields[name])
    ]


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def check_fields(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Problems in one record's named fields, as (severity, message)."""
    counts = Counter(name.lower() for name, _ in headers)
    fields = {_canonical(name): value.strip() for name, value in headers}
    out = [
        ("error", f"{name} is repeated")
        for name, n in counts.items()
        if n > 1 and name not in REPEATABLE and name.startswith(("warc-", "content-"))
    ]
    out += [
        ("error", f"mandatory {name} is missing or empty")
        for name in MANDATORY
        if not fields.get(name)
    ]
    out += [("error", msg) for msg in _check_formats(fields)]
    out += _check_type(fields)
    return out


def _canonical(name: str) -> str:
    special = {
        "warc-record-id": "WARC-Record-ID",
        "warc-ip-address": "WARC-IP-Address",
        "warc-target-uri": "WARC-Target-URI",
        "warc-warcinfo-id": "WARC-Warcinfo-ID",
        "warc-segment-origin-id": "WARC-Segment-Origin-ID",
    }
    low = name.lower()
    if low in special:
        return special[low]
    return "-".join("WARC" if p == "warc" else p.capitalize() for p in low.split("-"))


def _check_type(fields: dict[str, str]) -> list[tuple[str, str]]:
    rtype = fields.get("WARC-Type", "").lower()
    out: list[tuple[str, str]] = []
    if rtype and rtype not in KNOWN_TYPES:
        out.append(("warning", f"unknown WARC-Type {rtype!r}"))
    if rtype in NEEDS_TARGET and not fields.get("WARC-Target-URI"):
        out.append(("error", f"{rtype} record without WARC-Target-URI"))
    if rtype == "revisit" and not fields.get("WARC-Profile"):
        out.append(("error", "revisit record without WARC-Profile"))
    segment = fields.get("WARC-Segment-Number", "")
    if rtype == "continuation":
        if not fields.get("WARC-Segment-Origin-ID"):
            out.append(("error", "continuation record without WARC-Segment-Origin-ID"))
        if segment.isdigit() and int(segment) < 2:
            out.append(("error", "continuation record with WARC-Segment-Number below 2"))
    elif segment.isdigit() and int(segment) != 1:
        out.append(("error", f"{rtype} record with WARC-Segment-Number {segment} (must be 1)"))
    length = fields.get("Content-Length", "0")
    if (
        rtype != "continuation"
        and length.isdigit()
        and int(length) > 0
        and not fields.get("Content-Type")
    ):
        out.append(("warning", f"{rtype} record with a block but no Content-Type"))
    ctype = fields.get("Content-Type", "")
    if rtype == "warcinfo" and ctype and not ctype.startswith("application/warc-fields"):
        out.append(
            (
                "warning",
                f"warcinfo Content-Type is {ctype!r}, not the recommended application/warc-fields",
            )
        )
    return out


_FIELD_NAME = re.compile(rb"[!#$%&'*+.^_`|~0-9A-Za-z-]+")


def check_warc_fields(block: bytes) -> list[tuple[str, str]]:
    """Problems in an ``application/warc-fields`` block: lines of ``name: value`` ended by
    CRLF (WARC 1.1 section 5.2), UTF-8."""
    out: list[tuple[str, str]] = []
    lines = block.split(b"\r\n")
    for number, line in enumerate(lines[:-1] if block.endswith(b"\r\n") else lines, 1):
        if not line:
            continue
        name, colon, _ = line.partition(b":")
        if b"\n" in line or b"\r" in line:
            out.append(("error", f"warc-fields line {number} does not end with CRLF"))
        elif not colon or not _FIELD_NAME.fullmatch(name):
            out.append(("error", f"warc-fields line {number} is not a 'name: value' field"))
        if len(out) >= 3:
            break
    try:
        block.decode("utf-8")
    except UnicodeDecodeError:
        out.append(("error", "warc-fields block is not UTF-8"))
    return out


def _digest_problems(record: Any) -> list[tuple[str, str]]:
    checker = getattr(record, "digest_checker", None)
    out = []
    for problem in getattr(checker, "problems", []) or []:
        severity = "warning" if "unknown hash algorithm" in problem else "error"
        out.append((severity, problem))
    return out


def _reader_notes(text: str) -> list[str]:
    notes = [line.strip() for line in text.splitlines() if line.strip()]
    return [" ".join(notes)] if notes else []


def _lonely_segments(segmented: set[str], continued: set[str]) -> list[Problem]:
    return [
        Problem(
            None,
            "error",
            f"record {rid} has WARC-Segment-Number 1 but no continuation record in this file",
        )
        for rid in sorted(segmented - continued)
    ]


class _TolerantLoader:
    """warcio's record loader, not failing on a record without WARC-Target-URI (warcio
    reads its HTTP headers by the URI's scheme): the field checks report it instead."""

    def __init__(self, loader: Any) -> None:
        self._load = loader.load_http_headers
        loader.load_http_headers = self.load_http_headers

    def load_http_headers(self, rec_type: str, uri: str | None, stream: Any, length: Any) -> Any:
        return self._load(rec_type, uri or "", stream, length)


def validate_file(path: Path) -> FileReport:
    """Read every record of ``path`` and report what breaks the WARC standard."""
    report = FileReport(Path(path))
    segmented: set[str] = set()
    continued: set[str] = set()
    noise = io.StringIO()
    try:
        with (
            open(path, "rb") as fh,
            contextlib.redirect_stderr(noise),
            contextlib.redirect_stdout(noise),
        ):
            iterator = ArchiveIterator(fh, check_digests=True)
            _TolerantLoader(iterator.loader)
            check_revisit_blocks(iterator.loader)
            for record in iterator:
                warcinfo = record.format.startswith("warc") and record.rec_type == "warcinfo"
                block = b""
                while chunk := record.raw_stream.read(1 << 20):  # digests over stored bytes
                    if warcinfo and len(block) < 1 << 20:
                        block += chunk
                offset = iterator.get_record_offset()  # reads the record to its end
                report.records += 1
                found = _digest_problems(record)
                if record.format.startswith("arc"):
                    report.format = "ARC"
                else:
                    headers = list(record.rec_headers.headers)
                    found += check_fields(headers)
                    ctype = record.rec_headers.get_header("Content-Type") or ""
                    if warcinfo and ctype.startswith("application/warc-fields"):
                        found += check_warc_fields(block)
                    _note_segments(headers, segmented, continued)
                report.problems += [Problem(offset, sev, msg) for sev, msg in found]
    except Exception as exc:  # noqa: BLE001 - any reader failure is a finding, not a crash
        report.problems.append(Problem(None, "error", _read_failure(exc, report.records)))
    report.problems += [Problem(None, "warning", n) for n in _reader_notes(noise.getvalue())]
    report.problems += _lonely_segments(segmented, continued)
    return report


def _note_segments(
    headers: list[tuple[str, str]], segmented: set[str], continued: set[str]
) -> None:
    fields = {name.lower(): value.strip() for name, value in headers}
    if fields.get("warc-segment-number") == "1":
        segmented.add(fields.get("warc-record-id", "?"))
    if fields.get("warc-segment-origin-id"):
        continued.add(fields["warc-segment-origin-id"])


def _read_failure(exc: Exception, records: int) -> str:
    detail = " ".join(str(exc).split())[:200] or exc.__class__.__name__
    return f"cannot read past record {records}: {detail}"
