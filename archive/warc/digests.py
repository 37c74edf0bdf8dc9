"""Digests warcio leaves unchecked: a revisit record's block.

warcio checks neither digest of a revisit (its payload digest is the original's), so a
revisit whose HTTP headers were altered reads as sound. Its ``WARC-Block-Digest`` covers
the block it holds, as any record's does: ``check_revisit_blocks`` makes a reader's record
loader check it.
"""

from __future__ import annotations

from typing import Any

from warcio.digestverifyingreader import DigestVerifyingReader


def check_revisit_blocks(loader: Any) -> None:
    """Make warcio's ``ArcWarcRecordLoader`` check the block digest of revisit records."""
    wrap = loader.wrap_digest_verifying_stream

    def wrapped(
        stream: Any, rec_type: str, rec_headers: Any, checker: Any, length: Any = None
    ) -> tuple[Any, bool]:
        block_digest = rec_headers.get_header("WARC-Block-Digest")
        if rec_type != "revisit" or not block_digest or checker is None:
            return wrap(stream, rec_type, rec_headers, checker, length)
        reader = DigestVerifyingReader(
            stream, length, checker, record_type="revisit-block", block_digest=block_digest
        )
        return reader, True

    loader.wrap_digest_verifying_stream = wrapped
