"""URL keys: SURT, as CDX tools sort and match captures."""

from __future__ import annotations

import surt


def surt_key(url: str) -> str:
    try:
        return surt.surt(url)
    except ValueError:
        return url
