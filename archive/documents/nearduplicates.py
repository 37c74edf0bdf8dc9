"""Near-duplicate texts: the sketch that finds candidates, the comparison that decides.

A text is cut into its folded words' shingles (``SHINGLE`` words in a row); a MinHash of
them (``datasketch``) is split into ``BANDS`` bands of ``ROWS`` values, and each band
hashed to one 64-bit key (locality-sensitive hashing): two texts sharing a good part of
their shingles share a band key with high probability (Jaccard 0.5: 64%; 0.7: 99%),
unrelated texts almost never. A band key is looked up in an index, so finding the
candidates of a new text costs the same whatever the archive's size.

Candidates are then compared exactly (``same_story``): the shingles of the shorter text
must be found in the longer (containment; a repost trims or extends an ending, changes a
first line, adds its commune's name), the two must not differ too much in length, and
official documents keep apart by their numbers — decisions made from one template differ
in little else than their number, names and dates.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

from archive.search.folding import search_fold, tokens
from archive.text import nfc

SHINGLE = 5  # words per shingle
BANDS, ROWS = 16, 4  # LSH: 64 permutations, 16 bands of 4
MIN_WORDS = 40  # shorter texts are never clustered: too little to tell a story by
SEED = 1  # of the permutations: every process must use the same
SCHEME = "affine32"  # datasketch's hashing scheme: band keys stored stay comparable

# a document number: 123/QĐ-UBND, 45/2024/NĐ-CP, 12/KH-UBND (the text is folded: qd-ubnd)
_NUMBER = re.compile(r"\b\d{1,6}\s*/\s*(?:\d{4}\s*/\s*)?[a-z]{1,8}(?:\s*-\s*[a-z0-9]{1,10})*")


@dataclass(frozen=True)
class Settings:
    """Thresholds of ``same_story`` (the ``syndication_*`` settings)."""

    containment: float = 0.6  # share of the shorter text's shingles found in the longer
    length_ratio: float = 0.4  # the shorter text at least this share of the longer's words


def words(text: str) -> list[str]:
    return tokens(search_fold(nfc(text)))


def shingles(text_words: list[str]) -> set[str]:
    if len(text_words) < SHINGLE:
        return {" ".join(text_words)} if text_words else set()
    return {" ".join(text_words[i : i + SHINGLE]) for i in range(len(text_words) - SHINGLE + 1)}


@lru_cache(maxsize=1)
def _hasher() -> object:
    from datasketch import MinHash

    return MinHash(num_perm=BANDS * ROWS, seed=SEED, scheme=SCHEME)  # for its permutations


def band_keys(text_words: list[str]) -> list[tuple[int, int]]:
    """(band, key) of a text's sketch: the rows it is filed under in ``text_bands``."""
    from datasketch import MinHash

    template = _hasher()
    sketch = MinHash(
        num_perm=BANDS * ROWS,
        seed=SEED,
        permutations=template.permutations,  # type: ignore[attr-defined]
        scheme=SCHEME,
    )
    sketch.update_batch([s.encode("utf-8") for s in shingles(text_words)])
    values = sketch.hashvalues
    out = []
    for band in range(BANDS):
        chunk = values[band * ROWS : (band + 1) * ROWS].tobytes()
        digest = hashlib.blake2b(chunk, digest_size=8, person=b"vnarchive-lsh").digest()
        out.append((band, int.from_bytes(digest, "big", signed=True)))
    return out


def numbers(text: str) -> list[str]:
    """The document numbers a text cites, in order (``123/qd-ubnd``)."""
    folded = search_fold(nfc(text))
    return [re.sub(r"\s+", "", m.group(0)) for m in _NUMBER.finditer(folded)]


@lru_cache(maxsize=128)
def _profile(text: str) -> tuple[int, frozenset[str], str | None]:
    """A text's word count, shingles and first document number: computed once per text
    while a new text is compared with each of its candidates."""
    text_words = words(text)
    cited = numbers(text)
    return len(text_words), frozenset(shingles(text_words)), cited[0] if cited else None


def same_story(a: str, b: str, settings: Settings | None = None) -> bool:
    """Whether two texts tell one story: one reposted, edited or trimmed from the other."""
    settings = settings or Settings()
    (la, sa, na), (lb, sb, nb) = _profile(a), _profile(b)
    if min(la, lb) < MIN_WORDS:
        return False
    if min(la, lb) < settings.length_ratio * max(la, lb):
        return False
    if na and nb and na != nb:  # two documents of one template: their own numbers
        return False
    shorter, longer = (sa, sb) if len(sa) <= len(sb) else (sb, sa)
    return len(shorter & longer) >= settings.containment * len(shorter)
