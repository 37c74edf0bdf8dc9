"""What changed between two texts of a page: side by side by paragraph, inline by word.

Paragraphs (lines) are aligned first; words are compared only inside paragraphs that were
replaced, so a long article costs about as much as its changed paragraphs.

``side_by_side`` rows: ``Row("replace", left, right)`` where each side is a list of
``Segment``s (``op`` "equal", "delete" or "insert"); ``inline``: one list of segments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from archive.text import nfc

_WORDS = re.compile(r"\s+|[^\W_]+|[\W_]")


@dataclass(frozen=True)
class Segment:
    op: str  # equal, delete, insert
    text: str


@dataclass(frozen=True)
class Row:
    op: str  # equal, replace, delete, insert
    left: list[Segment]
    right: list[Segment]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in nfc(text).splitlines() if line.strip()]


def _words(old: str, new: str) -> tuple[list[Segment], list[Segment]]:
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    left: list[Segment] = []
    right: list[Segment] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            left.append(Segment("equal", "".join(a[i1:i2])))
            right.append(Segment("equal", "".join(b[j1:j2])))
            continue
        if i2 > i1:
            left.append(Segment("delete", "".join(a[i1:i2])))
        if j2 > j1:
            right.append(Segment("insert", "".join(b[j1:j2])))
    return left, right


def _pairs(old: list[str], new: list[str]) -> list[Row]:
    """Replaced paragraphs, paired in order; the ones left over are deleted or inserted."""
    rows = []
    for k in range(max(len(old), len(new))):
        if k < len(old) and k < len(new):
            left, right = _words(old[k], new[k])
            rows.append(Row("replace", left, right))
        elif k < len(old):
            rows.append(Row("delete", [Segment("delete", old[k])], []))
        else:
            rows.append(Row("insert", [], [Segment("insert", new[k])]))
    return rows


def side_by_side(old_text: str, new_text: str) -> list[Row]:
    old, new = _lines(old_text), _lines(new_text)
    rows: list[Row] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            rows += [Row("equal", [Segment("equal", x)], [Segment("equal", x)]) for x in old[i1:i2]]
        else:
            rows += _pairs(old[i1:i2], new[j1:j2])
    return rows


def inline(rows: list[Row]) -> list[Segment]:
    """The rows as one text: deleted words and inserted words beside each other."""
    out: list[Segment] = []
    for row in rows:
        if out:
            out.append(Segment("equal", "\n"))
        if row.op == "equal":
            out += row.left
            continue
        out += [s for s in row.left if s.op == "delete"] if row.op == "delete" else []
        out += [s for s in row.right if s.op == "insert"] if row.op == "insert" else []
        if row.op == "replace":
            out += _interleave(row.left, row.right)
    return _merged(out)


def _interleave(left: list[Segment], right: list[Segment]) -> list[Segment]:
    """Walk both sides of a replaced paragraph: equal text once, deletions before insertions."""
    out: list[Segment] = []
    i = j = 0
    while i < len(left) or j < len(right):
        if i < len(left) and left[i].op == "delete":
            out.append(left[i])
            i += 1
        elif j < len(right) and right[j].op == "insert":
            out.append(right[j])
            j += 1
        else:  # both at an equal segment (the same text on either side)
            out.append(left[i] if i < len(left) else right[j])
            i, j = i + 1, j + 1
    return out


def _merged(segments: list[Segment]) -> list[Segment]:
    out: list[Segment] = []
    for s in segments:
        if out and out[-1].op == s.op:
            out[-1] = Segment(s.op, out[-1].text + s.text)
        elif s.text:
            out.append(s)
    return out


def changed(rows: list[Row]) -> bool:
    return any(row.op != "equal" for row in rows)
