"""The hostile portal served on its own, once per test module: the sandbox with quick
settings (short stalls and drips), its server, and its catalogue of faults."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sandbox import Sandbox, SandboxServer
from tests.sandbox.hostile_client import QUICK


@pytest.fixture(scope="module")
def sb() -> Sandbox:
    return Sandbox(seed=1, pages_per_portal=2, hostile=QUICK)


@pytest.fixture(scope="module")
def srv(sb: Sandbox) -> Iterator[SandboxServer]:
    with SandboxServer(sb) as server:
        yield server


@pytest.fixture(scope="module")
def catalogue(sb: Sandbox) -> dict:
    assert sb.hostile is not None
    return sb.hostile.catalogue()
