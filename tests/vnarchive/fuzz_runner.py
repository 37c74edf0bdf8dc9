"""Runs many ``vnarchive`` command lines in one process, each as the CLI would, and reports
how each ended: for the CLI fuzz test, which would spend minutes starting a Python for each.

    python tests/vnarchive/fuzz_runner.py CASES.json RESULTS.json

Each case is ``{"argv": [...], "env": {...}}``. A case gets ``SECONDS`` before it counts as
a hang; the whole process runs under a memory limit set by the test. Each result: exit code,
stderr, whether a traceback escaped, whether it hung.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import sys
import traceback
from pathlib import Path
from typing import Any

SECONDS = 30


class Hang(BaseException):
    pass


def _alarm(_signum: int, _frame: Any) -> None:
    raise Hang


def run_case(case: dict[str, Any]) -> dict[str, Any]:
    from vnarchive.cli import main

    saved = dict(os.environ)
    os.environ.update(case.get("env", {}))
    out, err = io.StringIO(), io.StringIO()
    result: dict[str, Any] = {"argv": case["argv"], "env": case.get("env", {})}
    signal.alarm(SECONDS)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main(case["argv"])
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        result.update(code=code, traceback=None)
    except Hang:
        result.update(code=None, traceback="hang")
    except MemoryError:
        result.update(code=None, traceback="MemoryError")
    except BaseException:  # anything else escaping main() is a traceback a user would see
        result.update(code=None, traceback=traceback.format_exc()[-1500:])
    finally:
        signal.alarm(0)
        os.environ.clear()
        os.environ.update(saved)
    result["stderr"] = err.getvalue()[-2000:]
    result["stdout"] = out.getvalue()[-500:]
    return result


def main() -> None:
    cases = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    signal.signal(signal.SIGALRM, _alarm)
    results = [run_case(case) for case in cases]
    Path(sys.argv[2]).write_text(json.dumps(results, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
