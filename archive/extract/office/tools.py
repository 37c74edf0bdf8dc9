"""Running the Debian programs that read documents: bounded in time, never raising."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from dataclasses import dataclass


@dataclass(frozen=True)
class Run:
    """What a program did; ``problem`` is set when it could not run or did not finish."""

    returncode: int | None
    stdout: bytes = b""
    stderr: bytes = b""
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None and self.returncode == 0


def available(command: str) -> bool:
    """True if ``command`` (a name on PATH or a path) can be run."""
    return shutil.which(command) is not None


def run(
    argv: list[str],
    *,
    timeout: float,
    stdin: bytes | None = None,
    cwd: str | None = None,
) -> Run:
    """Run ``argv``; on a timeout the whole process group is killed."""
    if not available(argv[0]):
        return Run(None, problem=f"{argv[0]} is not installed")
    try:
        proc = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=cwd,
            start_new_session=True,
            env={**os.environ, "LC_ALL": "C.UTF-8", "OMP_THREAD_LIMIT": "1"},
        )
    except OSError as exc:
        return Run(None, problem=f"{argv[0]} could not run: {exc.strerror or exc}")
    try:
        out, err = proc.communicate(stdin, timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(proc)
        return Run(None, problem=f"{os.path.basename(argv[0])} timed out after {timeout:g} s")
    return Run(proc.returncode, out, err)


def _kill(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()
    proc.communicate()
