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
# JWAT calls this one invalid for its HTTP header encoding; we do not check that (yet).
NOT_DETECTED = {"invalid-warcfile-encoding-headers.warc.gz"}

pytestmark = pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/warc-samples missing")


@pytest.mark.parametrize(
    "path", [p for p in JWAT if p.name.startswith("valid-")], ids=lambda p: p.name
)
def test_valid_jwat_files_read_fully_without_errors(path: Path) -> None:
    report = validate_file(path)
    assert report.ok, [str(p) for p in report.errors]
    assert report.records >= 1


@pytest.mark.parametrize(
    "path",
    [p for p in JWAT if p.name.startswith("invalid-") and p.name not in NOT_DETECTED],
    ids=lambda p: p.name,
)
def test_invalid_jwat_files_are_reported(path: Path) -> None:
    report = validate_file(path)
    assert report.problems
    assert all(p.message and "\n" not in p.message for p in report.problems)


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
