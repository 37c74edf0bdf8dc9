"""How text is folded for search: NFC, lower case, every diacritic removed, Đ/đ → d.

One character becomes one character, so an offset in the folded text is an offset in the
NFC original: snippets are found in the folded text and cut from the original. Both index
backends are given the folded text (and the same tokens), so they match alike.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from archive.text import nfc

_TOKEN = re.compile(r"[^\W_]+")


def _fold_char(ch: str) -> str:
    if ch in "Đđ":
        return "d"
    if ch.isascii():
        return ch.lower()
    base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
    low = base.lower()
    if len(low) == 1:
        return low
    return base if len(base) == 1 else " "  # a lone combining mark, or a ligature


# Latin, Greek, Cyrillic and the Vietnamese letters of Latin Extended Additional: a table
# for str.translate (characters beyond it have no case or diacritics worth folding here).
_TABLE = {cp: f for cp in range(0x41, 0x2000) if (f := _fold_char(chr(cp))) != chr(cp)}


def search_fold(text: str) -> str:
    """``Đảng bộ`` → ``dang bo``; the same length as ``nfc(text)``."""
    return nfc(text).translate(_TABLE)


def tokens(folded: str) -> list[str]:
    """The words of a folded text: runs of letters and digits."""
    return _TOKEN.findall(folded)


def token_text(text: str) -> str:
    """The folded words of ``text`` joined by single spaces: what the indexes are given."""
    return " ".join(tokens(search_fold(text)))


def pairs(words: list[str]) -> list[str]:
    """Adjacent words joined, ``ke_hoach``: the index's bigrams, which find the documents a
    phrase may be in without reading the positions of every document holding its words
    (Vietnamese words are phrases of syllables: "kế hoạch", "phát triển")."""
    return [f"{a}_{b}" for a, b in zip(words, words[1:], strict=False)]


def pair_text(*texts: str) -> str:
    """The distinct bigrams of folded ``texts`` (each on its own), space-separated."""
    found: dict[str, None] = {}
    for text in texts:
        found.update(dict.fromkeys(pairs(text.split())))
    return " ".join(found)


# -- the exact form of a word, for searches that keep its diacritics ----------------------
# Tone marks belong to the syllable, wherever a spelling puts them ("hoà" and "hòa" are one
# word); the other marks belong to their letter (â, ă, ê, ô, ơ, ư, đ).
_TONES = {"\u0300": "f", "\u0301": "s", "\u0309": "r", "\u0303": "x", "\u0323": "j"}
_LETTER_MARKS = {"\u0302": "c", "\u0306": "b", "\u031b": "h"}


@functools.lru_cache(maxsize=1 << 16)  # a language of a few thousand syllables
def exact_form(word: str) -> str | None:
    """``đảng`` → ``dang__0dr``: the folded word, then its letter marks by position (``0d``:
    the first letter is đ) and its tone (``r``: hỏi); ``None`` for a word without
    diacritics. ``hoà`` and ``hòa`` have one form; ``đảng``, ``đăng`` and ``dang`` three.
    The double underscore keeps these tokens apart from the index's bigrams (``ke_hoach``)."""
    low = nfc(word).lower()
    folded = low.translate(_TABLE)
    if folded == low:
        return None
    marks: list[str] = []
    tones: list[str] = []
    for i, ch in enumerate(low):
        if ch == "đ":
            marks.append(f"{i}d")
            continue
        for mark in unicodedata.normalize("NFD", ch)[1:]:
            if mark in _TONES:
                tones.append(_TONES[mark])
            else:
                marks.append(f"{i}{_LETTER_MARKS.get(mark, f'u{ord(mark):x}')}")
    return f"{folded}__{''.join(marks)}{''.join(tones)}"


def exact_forms(text: str) -> list[str]:
    """The exact form of each word of ``text`` that carries diacritics, in order (repeats
    kept): a word is a run of letters and digits, as ``tokens`` finds them in the folded text."""
    original = nfc(text)
    folded = original.translate(_TABLE)
    out = []
    for match in _TOKEN.finditer(folded):
        form = exact_form(original[match.start() : match.end()])
        if form is not None:
            out.append(form)
    return out
