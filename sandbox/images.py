"""Tiny but valid images and other static assets the pages refer to."""

from __future__ import annotations

import struct
from functools import lru_cache


def _segment(marker: int, payload: bytes) -> bytes:
    return struct.pack(">BBH", 0xFF, marker, len(payload) + 2) + payload


@lru_cache(maxsize=8)
def gray_jpeg(width: int = 640, height: int = 360) -> bytes:
    """A baseline JPEG of one flat grey: every 8x8 block is DC 0 and end-of-block."""
    blocks = ((width + 7) // 8) * ((height + 7) // 8)
    jfif = _segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
    dqt = _segment(0xDB, b"\x00" + b"\x01" * 64)
    sof = _segment(0xC0, struct.pack(">BHHB", 8, height, width, 1) + b"\x01\x11\x00")
    one_code = b"\x01" + b"\x00" * 15 + b"\x00"  # one symbol (0) with the 1-bit code "0"
    dht = _segment(0xC4, b"\x00" + one_code + b"\x10" + one_code)
    sos = _segment(0xDA, b"\x01\x01\x00\x00\x3f\x00")
    bits = "00" * blocks  # DC difference 0, then EOB
    bits += "1" * (-len(bits) % 8)
    data = int(bits, 2).to_bytes(len(bits) // 8, "big")
    return b"\xff\xd8" + jfif + dqt + sof + dht + sos + data + b"\xff\xd9"
