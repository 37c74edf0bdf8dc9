"""Reading what others wrote: JWAT's conformance files and warcio's samples, broken ones too."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.warc.validate import validate_file
from tests.conftest import SHARED, vnarchive

SAMPLES = SHARED / "warc-samples"
JWAT = sorted((SAMPLES / "jwat").glob("*.warc*"))
WARCIO_BROKEN = [
    "example-bad-non-chunked.warc.gz",
    "example-bad.warc.gz.bad",
    "example-trunc.warc",
    "example-wrong-chunks.warc.gz",
    "example-digest.warc",
]
WARCIO_GOOD = [
    "example.warc",
    "example.warc.gz",
    "example.arc",
    "example.arc.gz",
    "bad.arc",
    "example-iana.org-chunked.warc",
    "example-resource.warc.gz",
    "post-test.warc.gz",
    "example-space-in-target-uri.warc.gz",
    "example-wget-bad-target-uri.warc.gz",
]
# Why JWAT calls each invalid, in our words: every one is reported with its reason.
JWAT_REASONS = {
    "invalid-warcfile-contenttype-recommended.warc": "digest failed",
    "invalid-warcfile-contenttype-warcinfo-recommended.warc": "not the recommended",
    "invalid-warcfile-digest-fields.warc": "digest failed",
    "invalid-warcfile-duplicate-fields.warc": "is repeated",
    "invalid-warcfile-encoding-headers.warc.gz": "does not end with CRLF",
    "invalid-warcfile-fields-empty.warc": "missing or empty",
    "invalid-warcfile-fields-invalidformat.warc": "has an invalid value",
    "invalid-warcfile-fields-missing.warc": "missing or empty",
    "invalid-warcfile-lonely-continuation.warc": "without WARC-Segment-Origin-ID",
    "invalid-warcfile-lonely-monkeys.warc": "unknown WARC-Type",
    "invalid-warcfile-lonely-request-response-resource-conversion.warc": "without WARC-Target",
    "invalid-warcfile-lonely-revisit.warc": "revisit record without WARC-Profile",
    "invalid-warcfile-lonely-warcinfo-metadata.warc": "missing or empty",
    "invalid-warcfile-record-then-garbage.warc": "cannot read past record 1",
    "invalid-warcfile-segment-number-continuation.warc": "below 2",
    "invalid-warcfile-segment-number-response.warc": "(must be 1)",
}

pytestmark = pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/warc-samples missing")


@pytest.mark.parametrize(
    "path", [p for p in JWAT if p.name.startswith("valid-")], ids=lambda p: p.name
)
def test_valid_jwat_files_read_fully_without_errors(path: Path) -> None:
    report = validate_file(path)
    assert report.ok, [str(p) for p in report.errors]
    assert report.records >= 1


@pytest.mark.parametrize(
    "path", [p for p in JWAT if p.name.startswith("invalid-")], ids=lambda p: p.name
)
def test_invalid_jwat_files_are_reported_with_their_reason(path: Path) -> None:
    report = validate_file(path)
    assert any(JWAT_REASONS[path.name] in p.message for p in report.problems), report.problems
    assert all(p.message and "\n" not in p.message for p in report.problems)
    assert not any("object has no attribute" in p.message for p in report.problems)


@pytest.mark.parametrize("name", ["example.arc", "example.arc.gz", "bad.arc"])
def test_arc_files_are_read_as_arc(name: str) -> None:
    assert validate_file(SAMPLES / "warcio" / name).format == "ARC"
    assert validate_file(SAMPLES / "warcio" / "example.warc.gz").format == "WARC"


@pytest.mark.parametrize("name", WARCIO_GOOD)
def test_warcio_good_samples(name: str) -> None:
    report = validate_file(SAMPLES / "warcio" / name)
    assert report.ok, [str(p) for p in report.errors]


@pytest.mark.parametrize("name", WARCIO_BROKEN)
def test_warcio_broken_samples_are_errors(name: str) -> None:
    report = validate_file(SAMPLES / "warcio" / name)
    assert not report.ok


def test_cli_reads_every_sample_without_a_traceback() -> None:
    files = sorted(
        str(p)
        for p in SAMPLES.rglob("*")
        if p.is_file() and p.name not in ("SOURCE.txt", "LICENSE")
    )
    run = vnarchive("verify", *files)
    assert run.returncode == 1  # some are broken on purpose
    assert "Traceback" not in run.stderr + run.stdout
    assert run.stdout.count(": valid,") >= 15
    assert "2 ARC records" in run.stdout
