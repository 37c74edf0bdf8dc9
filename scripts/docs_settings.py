"""Write the settings registry's table into docs/operations.md (between its markers).

.venv/bin/python scripts/docs_settings.py
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from archive.config import settings_table  # noqa: E402

DOC = ROOT / "docs" / "operations.md"
BLOCK = re.compile(r"<!-- settings -->.*?<!-- /settings -->", re.S)


def main() -> None:
    text = DOC.read_text(encoding="utf-8")
    table = f"<!-- settings -->\n{settings_table()}\n<!-- /settings -->"
    DOC.write_text(BLOCK.sub(lambda _: table, text), encoding="utf-8")


if __name__ == "__main__":
    main()
