"""A TrueType font with Vietnamese glyphs for the generated files: DejaVu (Serif, Sans).

DejaVu ships with Debian's ``fonts-dejavu-core`` (on the base image, and installed by
``scripts/system-packages.sh`` elsewhere) and with matplotlib; the first one found is used.
``VNARCHIVE_SANDBOX_FONT`` names another TTF.
"""

from __future__ import annotations

import glob
import os
from functools import lru_cache

CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSerif.ttf",
    "/usr/share/fonts/TTF/DejaVuSerif.ttf",
    "/Library/Fonts/DejaVuSerif.ttf",
)


class FontMissing(RuntimeError):
    pass


@lru_cache(maxsize=1)
def font_path() -> str:
    """The path of a TTF with Vietnamese glyphs, or FontMissing saying what to install."""
    env = os.environ.get("VNARCHIVE_SANDBOX_FONT")
    found = [env] if env else []
    found += list(CANDIDATES)
    found += sorted(glob.glob("/usr/share/fonts/**/DejaVuSerif.ttf", recursive=True))
    for path in found:
        if path and os.path.isfile(path):
            return path
    raise FontMissing(
        "the sandbox's documents need the DejaVu fonts: run scripts/system-packages.sh "
        "(Debian fonts-dejavu-core) or set VNARCHIVE_SANDBOX_FONT to a TTF with Vietnamese glyphs"
    )


def bold_path() -> str:
    path = font_path()
    bold = path.replace(".ttf", "-Bold.ttf")
    return bold if os.path.isfile(bold) else path
