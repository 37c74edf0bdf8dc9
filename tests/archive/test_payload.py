"""``archive.warc.payload``: a record's payload decoded as a reader sees it.

- Every encoding a crawl accepts decodes — ``gzip``/``x-gzip``, ``deflate`` (zlib-wrapped
  and raw), ``br``, ``zstd``, ``identity`` — from bytes, from a file and from a stream cut
  in pieces of any size (one byte at a time too), and stacked (``gzip, br``).
- Several gzip members and several zstd frames (skippable ones too) are all decoded; zero
  padding or garbage after the last one is ignored, as ``gzip -d`` does — in linear time
  however many members and however much padding.
- Decoding streams: the first output comes before the whole input is read.
- A bomb in each encoding stops at the cap and is reported ``truncated``, without the
  expansion ever being in memory (``tracemalloc``'s peak stays far below it).
- A corrupt or unknown encoding is a ``PayloadError``, never another exception; a stream cut
  short gives what it holds.
- ``dechunk``: HTTP/1.1 chunked bodies, with extensions, capped, malformed sizes refused.
"""

from __future__ import annotations

import gzip
import io
import random
import struct
import tracemalloc
import zlib
from collections.abc import Callable, Iterator

import brotli
import pytest

from archive.warc.payload import (
    Payload,
    PayloadError,
    dechunk,
    decode,
    decoded_chunks,
    encodings_of,
    zstd,
)

MB = 1 << 20
TEXT = ("Ủy ban nhân dân xã Quang Thành, huyện Kinh Môn. " * 4000).encode()
NOISE = random.Random(15).randbytes(200_000)  # incompressible: stored blocks, many chunks
BODY = TEXT + NOISE + TEXT


def gzip_of(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=6, mtime=0)


def zlib_of(data: bytes) -> bytes:
    return zlib.compress(data)


def raw_deflate_of(data: bytes) -> bytes:
    obj = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return obj.compress(data) + obj.flush()


def br_of(data: bytes) -> bytes:
    return brotli.compress(data, quality=5)


def zstd_of(data: bytes) -> bytes:
    return zstd.compress(data)


ENCODERS: dict[str, tuple[str, Callable[[bytes], bytes]]] = {
    "gzip": ("gzip", gzip_of),
    "x-gzip": ("x-gzip", gzip_of),
    "deflate-zlib": ("deflate", zlib_of),
    "deflate-raw": ("deflate", raw_deflate_of),
    "br": ("br", br_of),
    "zstd": ("zstd", zstd_of),
    "identity": ("identity", lambda data: data),
}


def pieces(data: bytes, size: int) -> Iterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


# -- every encoding ----------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(ENCODERS))
def test_each_encoding_decodes_from_bytes_and_from_a_file(name: str) -> None:
    encoding, encode = ENCODERS[name]
    raw = encode(BODY)
    assert decode(raw, encoding) == Payload(BODY, False)
    assert decode(io.BytesIO(raw), encoding) == Payload(BODY, False)
    assert decode(raw, encoding.upper()) == Payload(BODY, False)  # case-insensitive


@pytest.mark.parametrize("size", [1, 2, 3, 7, 4095, 4097, 65_536])
@pytest.mark.parametrize("name", sorted(ENCODERS))
def test_each_encoding_decodes_from_pieces_of_any_size(name: str, size: int) -> None:
    """A chunked body, as a foreign WARC may store it, arrives in pieces of any size: even
    the two bytes that tell zlib-wrapped from raw deflate may come one by one."""
    encoding, encode = ENCODERS[name]
    data = TEXT if size < 8 else BODY  # one byte at a time: the short body
    assert b"".join(decoded_chunks(pieces(encode(data), size), encoding)) == data


def test_no_encoding_is_identity() -> None:
    assert decode(BODY, None) == Payload(BODY, False)
    assert decode(BODY, "") == Payload(BODY, False)
    assert decode(b"", "gzip") == Payload(b"", False)
    assert decode(b"", "br") == Payload(b"", False)


@pytest.mark.parametrize(
    ("header", "encode"),
    [
        ("gzip, br", lambda d: br_of(gzip_of(d))),
        ("deflate, zstd", lambda d: zstd_of(raw_deflate_of(d))),
        ("br,gzip", lambda d: gzip_of(br_of(d))),
        ("identity, gzip", gzip_of),
        ("gzip, gzip", lambda d: gzip_of(gzip_of(d))),
    ],
)
def test_stacked_encodings_are_undone_last_first(
    header: str, encode: Callable[[bytes], bytes]
) -> None:
    raw = encode(BODY)
    assert decode(raw, header) == Payload(BODY, False)
    assert b"".join(decoded_chunks(pieces(raw, 1000), header)) == BODY


def test_encodings_of() -> None:
    assert encodings_of("gzip, br") == ["gzip", "br"]
    assert encodings_of(" GZIP ,, Br ") == ["gzip", "br"]
    assert encodings_of(None) == [] and encodings_of("") == []


def test_decoding_streams() -> None:
    """The first piece of output comes while most of the input is still unread."""
    raw = gzip_of(BODY * 4)
    read = 0

    def source() -> Iterator[bytes]:
        nonlocal read
        for piece in pieces(raw, 4096):
            read += len(piece)
            yield piece

    stream = decoded_chunks(source(), "gzip")
    first = next(stream)
    assert first and BODY.startswith(first)
    assert read < len(raw) / 4
    assert first + b"".join(stream) == BODY * 4


# -- members, frames and what follows them -----------------------------------------------
def test_concatenated_gzip_members_are_all_decoded() -> None:
    raw = gzip_of(b"first ") + gzip_of(b"second ") + gzip_of(b"third")
    assert decode(raw, "gzip").data == b"first second third"
    for size in (1, 2, 5, 30):
        assert b"".join(decoded_chunks(pieces(raw, size), "gzip")) == b"first second third"


@pytest.mark.parametrize("tail", [b"\0", b"\0" * 9, b"\0" * 100_000, b"garbage!", b"\x1f"])
def test_padding_or_garbage_after_the_last_member_is_ignored(tail: bytes) -> None:
    """gzip -d: "decompression OK, trailing zero bytes ignored" (garbage: a warning)."""
    raw = gzip_of(TEXT) + tail
    assert decode(raw, "gzip") == Payload(TEXT, False)
    assert b"".join(decoded_chunks(pieces(raw, 3), "gzip")) == TEXT


@pytest.mark.parametrize("encode", [zlib_of, raw_deflate_of], ids=["zlib", "raw"])
def test_bytes_after_a_deflate_stream_are_ignored(encode: Callable[[bytes], bytes]) -> None:
    raw = encode(TEXT) + b"\0" * 1000 + b"trailing"
    assert decode(raw, "deflate") == Payload(TEXT, False)


def test_megabytes_after_the_stream_are_skipped_in_linear_time() -> None:
    """Data fed to a finished decompressor piles up in its ``unused_data``, copied at every
    chunk: 32 MB after a small body, read 64 KB at a time, took seconds (quadratic)."""
    for encoding, raw in (("deflate", zlib_of(TEXT)), ("gzip", gzip_of(TEXT))):
        assert decode(io.BytesIO(raw + b"\0" * (32 * MB)), encoding) == Payload(TEXT, False)


def test_many_tiny_gzip_members_decode_without_recursion() -> None:
    """Each member used to be decoded by a recursive call: 5,000 one-byte members (105 KB)
    raised RecursionError instead of decoding."""
    member = gzip_of(b"x")
    raw = member * 100_000
    assert decode(raw, "gzip") == Payload(b"x" * 100_000, False)
    assert decode(io.BytesIO(raw), "gzip") == Payload(b"x" * 100_000, False)


def test_zstd_frames_are_all_decoded_skippable_ones_skipped() -> None:
    skippable = struct.pack("<II", 0x184D2A5E, 5) + b"notes"
    raw = zstd_of(b"first ") + skippable + zstd_of(b"second") + b"\0\0\0"
    assert decode(raw, "zstd").data == b"first second"
    for size in (1, 3, 4, 5):
        assert b"".join(decoded_chunks(pieces(raw, size), "zstd")) == b"first second"


# -- bombs -------------------------------------------------------------------------------
EXPANSION = 128 * MB
CAP = 1 * MB


def _bomb(feed: Callable[[bytes], bytes], finish: Callable[[], bytes]) -> bytes:
    zeros = bytes(MB)
    return b"".join(feed(zeros) for _ in range(EXPANSION // MB)) + finish()


def _gzip_bomb() -> bytes:
    obj = zlib.compressobj(9, zlib.DEFLATED, 31)
    return _bomb(obj.compress, obj.flush)


def _raw_bomb() -> bytes:
    obj = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return _bomb(obj.compress, obj.flush)


def _zlib_bomb() -> bytes:
    obj = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS)
    return _bomb(obj.compress, obj.flush)


def _br_bomb() -> bytes:
    obj = brotli.Compressor(quality=5)
    return _bomb(obj.process, obj.finish)


def _zstd_bomb() -> bytes:
    obj = zstd.ZstdCompressor()
    return _bomb(obj.compress, obj.flush)


def _member_bomb() -> bytes:
    return gzip_of(bytes(MB)) * (EXPANSION // MB)  # 128 members of 1 MB each


BOMBS: dict[str, tuple[str, Callable[[], bytes]]] = {
    "gzip": ("gzip", _gzip_bomb),
    "gzip-members": ("gzip", _member_bomb),
    "deflate-zlib": ("deflate", _zlib_bomb),
    "deflate-raw": ("deflate", _raw_bomb),
    "br": ("br", _br_bomb),
    "zstd": ("zstd", _zstd_bomb),
}


@pytest.fixture(scope="module")
def bombs() -> dict[str, bytes]:
    return {name: make() for name, (_, make) in BOMBS.items()}


@pytest.mark.parametrize("source", ["bytes", "file"])
@pytest.mark.parametrize("name", sorted(BOMBS))
def test_a_bomb_stops_at_the_cap(bombs: dict[str, bytes], name: str, source: str) -> None:
    encoding = BOMBS[name][0]
    raw = bombs[name]
    assert len(raw) < EXPANSION // 100  # a bomb indeed
    tracemalloc.start()
    try:
        payload = decode(raw if source == "bytes" else io.BytesIO(raw), encoding, cap=CAP)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert payload.truncated and payload.data == bytes(CAP)
    assert peak < 16 * CAP, f"{peak} bytes at the peak ({EXPANSION} expanded)"


def test_a_stacked_bomb_stops_at_the_cap(bombs: dict[str, bytes]) -> None:
    raw = br_of(bombs["gzip"])  # gzip, then br: the gzip layer is the bomb
    tracemalloc.start()
    try:
        payload = decode(raw, "gzip, br", cap=CAP)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert payload.truncated and payload.data == bytes(CAP)
    assert peak < 16 * CAP


def test_decoded_chunks_stop_a_little_past_the_cap(bombs: dict[str, bytes]) -> None:
    produced = sum(len(c) for c in decoded_chunks(pieces(bombs["zstd"], 4096), "zstd", CAP))
    assert CAP < produced <= CAP + 1


def test_a_body_exactly_at_the_cap_is_not_truncated() -> None:
    data = bytes(CAP)
    assert decode(gzip_of(data), "gzip", cap=CAP) == Payload(data, False)
    assert decode(gzip_of(data + b"!"), "gzip", cap=CAP) == Payload(data, True)


# -- corrupt streams ---------------------------------------------------------------------
def _flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]


GZIPPED = gzip_of(TEXT)
CHECKSUMMED_ZSTD = zstd.compress(TEXT, options={zstd.CompressionParameter.checksum_flag: True})
CORRUPT: list[tuple[str, str, bytes]] = [
    ("gzip: not gzip", "gzip", b"<html>plain, said to be gzip</html>"),
    ("gzip: bad magic", "gzip", b"\x1f\x8c" + GZIPPED[2:]),
    ("gzip: bad method", "gzip", GZIPPED[:2] + b"\x07" + GZIPPED[3:]),
    ("gzip: bad crc", "gzip", GZIPPED[:-8] + b"\0\0\0\0" + GZIPPED[-4:]),
    ("gzip: bad length", "gzip", GZIPPED[:-4] + b"\0\0\0\0"),
    ("gzip: corrupt second member", "gzip", GZIPPED + b"\x1f\x8b\x08\x00" + b"junk" * 20),
    ("deflate: not deflate", "deflate", b"this is not compressed at all"),
    ("deflate: bad zlib check", "deflate", zlib_of(TEXT)[:-4] + b"\0\0\0\0"),
    ("deflate: dictionary needed", "deflate", b"\x78\xbb\0\0\0\0"),
    ("br: not brotli", "br", b"this is not compressed at all, not even a little"),
    ("br: flipped", "br", _flip(br_of(TEXT), 10)),
    ("zstd: not zstd", "zstd", b"this is not compressed at all"),
    ("zstd: bad checksum", "zstd", _flip(CHECKSUMMED_ZSTD, 20)),
    ("unknown encoding", "compress", b"whatever"),
    ("unknown stacked", "gzip, lzma", gzip_of(b"x")),
]


@pytest.mark.parametrize(("encoding", "raw"), [c[1:] for c in CORRUPT], ids=[c[0] for c in CORRUPT])
def test_a_corrupt_stream_is_a_payload_error(encoding: str, raw: bytes) -> None:
    with pytest.raises(PayloadError):
        decode(raw, encoding)
    with pytest.raises(PayloadError):
        b"".join(decoded_chunks(pieces(raw, 5), encoding))


@pytest.mark.parametrize("name", sorted(ENCODERS))
def test_random_damage_is_a_payload_error_or_a_payload(name: str) -> None:
    """Whatever the damage, decoding ends in a ``Payload`` or a ``PayloadError``."""
    encoding, encode = ENCODERS[name]
    raw = encode(TEXT)
    rng = random.Random(name)
    for _ in range(200):
        damaged = bytearray(raw)
        for _ in range(rng.randint(1, 4)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        try:
            result = decode(bytes(damaged), encoding)
        except PayloadError:
            continue
        assert isinstance(result, Payload)


@pytest.mark.parametrize("name", ["gzip", "deflate-zlib", "deflate-raw", "br", "zstd"])
def test_a_stream_cut_short_gives_what_it_holds(name: str) -> None:
    encoding, encode = ENCODERS[name]
    raw = encode(BODY)
    payload = decode(raw[: len(raw) // 2], encoding)
    assert not payload.truncated
    assert 0 < len(payload.data) < len(BODY) and BODY.startswith(payload.data)


# -- dechunk -----------------------------------------------------------------------------
def chunked(*parts: bytes, extension: bytes = b"") -> bytes:
    out = b"".join(b"%x%s\r\n%s\r\n" % (len(p), extension, p) for p in parts)
    return out + b"0\r\n\r\n"


def test_dechunk() -> None:
    body = chunked(b"Hello, ", b"world", b"!" * 70_000)
    assert b"".join(dechunk(io.BytesIO(body))) == b"Hello, world" + b"!" * 70_000
    with_ext = chunked(b"abc", b"def", extension=b";name=value")
    assert b"".join(dechunk(io.BytesIO(with_ext))) == b"abcdef"
    assert b"".join(dechunk(io.BytesIO(b"5\r\nabc"))) == b"abc"  # cut short


def test_dechunk_is_capped() -> None:
    body = chunked(*[b"x" * 1000] * 100)
    assert len(b"".join(dechunk(io.BytesIO(body), cap=5000))) <= 6000


def test_dechunk_refuses_a_malformed_size() -> None:
    with pytest.raises(PayloadError):
        list(dechunk(io.BytesIO(b"zz\r\nabc\r\n0\r\n\r\n")))


def test_a_chunked_gzip_body_decodes() -> None:
    data = TEXT + NOISE[:5000]
    body = chunked(*pieces(gzip_of(data), 1))  # one byte a chunk
    assert b"".join(decoded_chunks(dechunk(io.BytesIO(body)), "gzip")) == data
