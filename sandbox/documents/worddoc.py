"""A minimal Word 97-2003 binary document (.doc), written in pure Python.

No Debian or PyPI tool writes .doc without LibreOffice, so the sandbox writes the smallest
file antiword and catdoc read: an OLE2 compound file ([MS-CFB], 512-byte sectors, every
stream at least 4096 bytes so no mini stream is needed) holding a ``WordDocument`` stream
(a 900-byte FIB, [MS-DOC] 2.5, then the text as UTF-16) and a ``1Table`` stream with one
piece table (Clx) that says where the text is. Paragraphs end in CR, as Word's do.
"""

from __future__ import annotations

import struct

SECTOR = 512
FREE, END, FATSECT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
FIB_SIZE = 900
MIN_STREAM = 4096


def word97(text: str) -> bytes:
    """A .doc whose main text is ``text`` (lines become paragraphs)."""
    body = (text.replace("\r\n", "\n").replace("\n", "\r") + "\r").encode("utf-16-le")
    ccp = len(body) // 2
    table = _clx(FIB_SIZE, ccp)
    word = _fib(ccp, len(body), fc_clx=0, lcb_clx=len(table)) + body
    return _compound({"WordDocument": _pad(word), "1Table": _pad(table)})


def _clx(fc_text: int, ccp: int) -> bytes:
    # one piece: CPs [0, ccp], PCD {flags 0, fc (bit 30 clear: UTF-16), prm 0}
    plc = struct.pack("<II", 0, ccp) + struct.pack("<HIH", 0, fc_text, 0)
    return b"\x02" + struct.pack("<I", len(plc)) + plc


def _fib(ccp: int, text_bytes: int, fc_clx: int, lcb_clx: int) -> bytes:
    base = struct.pack(
        "<HHHHHHHIBBHHII",
        0xA5EC,  # wIdent
        0x00C1,  # nFib: Word 97
        0,
        0x0409,  # lid
        0,
        0x1200,  # fWhichTblStm (1Table) | fExtChar
        0x00BF,  # nFibBack
        0,
        0,
        0,
        0,
        0,
        FIB_SIZE,  # (fcMin, as old readers take it) the text starts after the FIB
        FIB_SIZE + text_bytes,  # (fcMac)
    )
    rgw = struct.pack("<H", 14) + b"\x00" * 28
    lw = [0] * 22
    lw[0] = FIB_SIZE + text_bytes  # cbMac
    lw[3] = ccp  # ccpText
    rglw = struct.pack("<H", 22) + struct.pack("<22I", *lw)
    pairs = [0] * (93 * 2)
    pairs[33 * 2], pairs[33 * 2 + 1] = fc_clx, lcb_clx  # fcClx, lcbClx
    rgfc = struct.pack("<H", 93) + struct.pack(f"<{93 * 2}I", *pairs)
    fib = base + rgw + rglw + rgfc + struct.pack("<H", 0)
    assert len(fib) == FIB_SIZE, len(fib)
    return fib


def _pad(data: bytes) -> bytes:
    size = max(MIN_STREAM, -(-len(data) // SECTOR) * SECTOR)
    return data + b"\x00" * (size - len(data))


def _compound(streams: dict[str, bytes]) -> bytes:
    names = list(streams)
    fat: list[int] = []
    starts = {}
    data = b""
    for name in names:
        count = len(streams[name]) // SECTOR
        starts[name] = len(fat)
        fat += [len(fat) + i + 1 for i in range(count - 1)] + [END]
        data += streams[name]
    dir_sector = len(fat)
    fat.append(END)
    fat_sectors = -(-(len(fat) + 1) // (SECTOR // 4))
    fat_start = len(fat)
    fat += [FATSECT] * fat_sectors
    fat += [FREE] * (fat_sectors * (SECTOR // 4) - len(fat))
    directory = _directory(names, starts, streams)
    difat = [fat_start + i for i in range(fat_sectors)] + [FREE] * (109 - fat_sectors)
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 16
        + struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6)
        + b"\x00" * 6
        + struct.pack("<IIIIIIIII", 0, fat_sectors, dir_sector, 0, MIN_STREAM, END, 0, END, 0)
        + struct.pack("<109I", *difat)
    )
    assert len(header) == SECTOR
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat)
    return header + data + directory + fat_bytes


def _entry(name: str, kind: int, left: int, right: int, child: int, start: int, size: int) -> bytes:
    encoded = (name + "\x00").encode("utf-16-le")
    return (
        encoded.ljust(64, b"\x00")
        + struct.pack("<HBBIII", len(encoded), kind, 1, left, right, child)
        + b"\x00" * 16
        + struct.pack("<IQQIQ", 0, 0, 0, start, size)
    )


def _directory(names: list[str], starts: dict[str, int], streams: dict[str, bytes]) -> bytes:
    # entries: 0 root, 1.. the streams; the tree: root's child is the last stream, each
    # stream's left sibling the one before it (names sorted by length, then upper-case)
    ordered = sorted(names, key=lambda n: (len(n), n.upper()))
    ids = {name: i + 1 for i, name in enumerate(ordered)}
    entries = [_entry("Root Entry", 5, FREE, FREE, ids[ordered[-1]], END, 0)]
    for i, name in enumerate(ordered):
        left = ids[ordered[i - 1]] if i > 0 else FREE
        entries.append(_entry(name, 2, left, FREE, FREE, starts[name], len(streams[name])))
    while len(entries) < SECTOR // 128:
        entries.append(
            b"\x00" * 64 + struct.pack("<HBBIII", 0, 0, 0, FREE, FREE, FREE) + b"\x00" * 48
        )
    return b"".join(entries)
