"""What a researcher types, parsed: words, "phrases", word* prefixes, OR, -exclusions.

``kinh te -nong`` is ``kinh AND te AND NOT nong``; ``dang OR doan bo`` is ``(dang OR doan)
AND bo`` (OR binds its two neighbours, as in web search engines); a word or phrase in double
quotes is matched as a phrase; ``ke*`` matches every word starting with ``ke``. A word typed
with punctuation inside (``182/QĐ-STTTT``) is the phrase of its parts. Words are folded as
the index folds text (``archive.search.folding``), so ``dang bo`` finds ``Đảng bộ``.

Words typed with diacritics also keep their exact form (``Atom.exact``): matches that hold
it rank first, and with ``exact_diacritics`` only they match (``đảng`` then finds neither
``đăng`` nor ``dang``). A prefix (``đả*``) matches by its folded letters only.

Malformed queries (an unclosed quote, a lone ``OR``, nothing but exclusions) raise
``InputError`` with a one-line message; they never silently match nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from archive.errors import InputError
from archive.search.folding import exact_forms, search_fold, tokens

MAX_TERMS = 32
_PIECE = re.compile(r'-?"[^"]*"|[^\s"]+|"')


@dataclass(frozen=True)
class Atom:
    """A word (maybe a prefix) or a phrase, as folded tokens; ``typed``: as the user wrote it."""

    tokens: tuple[str, ...]
    prefix: bool = False
    typed: str = ""
    exact: tuple[str, ...] = ()  # exact forms of its words typed with diacritics

    @property
    def is_phrase(self) -> bool:
        return len(self.tokens) > 1


@dataclass(frozen=True)
class Query:
    """All ``clauses`` must match (each clause: any of its atoms); no ``excluded`` atom may."""

    clauses: tuple[tuple[Atom, ...], ...]
    excluded: tuple[Atom, ...] = field(default=())
    text: str = ""
    exact_diacritics: bool = False  # words typed with diacritics match only as typed

    @property
    def atoms(self) -> list[Atom]:
        """The atoms that must or may match (not the excluded ones): what snippets mark."""
        return [atom for clause in self.clauses for atom in clause]

    @property
    def has_diacritics(self) -> bool:
        """Some word to match was typed with diacritics: exact matches can rank first."""
        return any(atom.exact for atom in self.atoms)


def _atom(piece: str, query: str) -> Atom:
    prefix = False
    body = piece
    if body.startswith('"'):
        body = body.strip('"')
    elif body.endswith("*"):
        prefix, body = True, body.rstrip("*")
        if not body:
            raise InputError(f"search query {query!r}: '*' must end a word, as in ke*")
    words = tokens(search_fold(body))
    if not words:
        raise InputError(f"search query {query!r}: {piece!r} has no letters or digits to search")
    is_prefix = prefix and len(words) == 1
    exact = () if is_prefix else tuple(dict.fromkeys(exact_forms(body)))
    return Atom(tuple(words), is_prefix, body, exact)


def parse_query(query: str, *, exact_diacritics: bool = False) -> Query:
    """Parse ``query``; raise ``InputError`` with a one-line reason when it is malformed.
    ``exact_diacritics``: words typed with diacritics match only in that exact form."""
    if query.count('"') % 2:
        raise InputError(f"search query {query!r} has an unclosed double quote")
    pieces = _PIECE.findall(query)
    clauses: list[list[Atom]] = []
    excluded: list[Atom] = []
    pending_or = False
    for piece in pieces:
        if piece == "OR":
            if not clauses or pending_or:
                raise InputError(f"search query {query!r}: OR needs a word on each side")
            pending_or = True
            continue
        if piece.startswith("-") and len(piece) > 1:
            if pending_or:
                raise InputError(f"search query {query!r}: OR cannot join an excluded word")
            excluded.append(_atom(piece[1:], query))
            continue
        atom = _atom(piece, query)
        if pending_or:
            clauses[-1].append(atom)
            pending_or = False
        else:
            clauses.append([atom])
    if pending_or:
        raise InputError(f"search query {query!r}: OR needs a word on each side")
    if not clauses:
        what = "only excluded words" if excluded else "no words"
        raise InputError(f"search query {query!r} has {what} to search for")
    if sum(len(c) for c in clauses) + len(excluded) > MAX_TERMS:
        raise InputError(f"search query {query!r} has more than {MAX_TERMS} terms")
    return Query(tuple(tuple(c) for c in clauses), tuple(excluded), query, exact_diacritics)
