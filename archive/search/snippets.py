"""Snippets: the passage of a document that best shows why it matched, matches in [[ ]].

Computed on the folded text (one character per character of the NFC original), so a match
typed without diacritics is marked on the original letters: ``dang bo`` marks ``[[Đảng]]
[[bộ]]``. The same on every index backend.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from archive.search.folding import exact_forms, search_fold
from archive.search.query import Atom
from archive.text import nfc

WIDTH = 200  # characters of context around the best passage, about 16 words each side


def _pattern(atom: Atom) -> str:
    words = [re.escape(t) for t in atom.tokens]
    body = r"[\W_]+".join(words)
    return rf"(?<![^\W_]){body}" + ("" if atom.prefix else r"(?![^\W_])")


def spans(
    folded: str, atoms: Sequence[Atom], original: str | None = None
) -> list[tuple[int, int, int]]:
    """``(start, end, atom index)`` of every match, in order; given the ``original`` text,
    only the matches of atoms typed with diacritics that hold them as typed."""
    found: list[tuple[int, int, int]] = []
    for i, atom in enumerate(atoms):
        for match in re.finditer(_pattern(atom), folded):
            end = match.end()
            if atom.prefix:  # the whole word, not just the typed prefix
                rest = re.match(r"[^\W_]*", folded[end:])
                end += rest.end() if rest else 0
            if original is not None and atom.exact:
                if not set(atom.exact) <= set(exact_forms(original[match.start() : end])):
                    continue
            found.append((match.start(), end, i))
    return sorted(found)


def _best_window(found: list[tuple[int, int, int]], width: int) -> int:
    """The start of the window holding the most distinct atoms (then the most matches)."""
    best, best_key = found[0][0], (-1, -1)
    for i, (start, _, _) in enumerate(found):
        inside = [f for f in found[i:] if f[1] <= start + width]
        key = (len({f[2] for f in inside}), len(inside))
        if key > best_key:
            best, best_key = start, key
    return best


def snippet(text: str, atoms: Sequence[Atom], width: int = WIDTH, exact: bool = False) -> str:
    """A passage of about ``2 * width`` characters with every match inside wrapped in [[ ]]
    (``exact``: of words typed with diacritics, only the matches holding them as typed)."""
    original = nfc(text)
    folded = search_fold(original)
    found = spans(folded, atoms, original if exact else None)
    if not found:
        cut = original[: 2 * width]
        return " ".join(cut.split()) + ("…" if len(original) > 2 * width else "")
    anchor = _best_window(found, width)
    start = max(0, anchor - width // 2)
    while start > 0 and not original[start - 1].isspace():  # do not cut a word
        start -= 1
    end = min(len(original), anchor + width * 3 // 2)
    while end < len(original) and not original[end].isspace():
        end += 1
    out, pos = [], start
    for s, e, _ in found:
        if s < pos or e > end:
            continue
        if s < start:
            continue
        out += [original[pos:s], "[[", original[s:e], "]]"]
        pos = e
    out.append(original[pos:end])
    body = " ".join("".join(out).split())
    return ("…" if start > 0 else "") + body + ("…" if end < len(original) else "")
