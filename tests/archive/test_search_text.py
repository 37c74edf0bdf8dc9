"""Folding for search: Đ/đ → D/d, NFC, same length so snippets map back."""

import unicodedata

from archive.search.fts5 import ELLIPSIS, MARK_CLOSE, MARK_OPEN, map_snippet, match_expression
from archive.text import fold, nfc, text_hash


def test_fold_keeps_length_and_maps_d() -> None:
    text = "Đảng bộ huyện Đông Triều"
    assert fold(text) == "Dảng bộ huyện Dông Triều"
    assert len(fold(text)) == len(text)


def test_nfd_input_folds_like_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Đảng bộ")
    assert fold(nfd) == fold("Đảng bộ")
    assert nfc(nfd) == "Đảng bộ"


def test_text_hash_ignores_normalisation_and_spacing() -> None:
    assert text_hash(unicodedata.normalize("NFD", "Hội  nghị\n")) == text_hash("Hội nghị")
    assert text_hash("Hội nghị") != text_hash("Hội nghi")


def test_match_expression_quotes_words() -> None:
    assert match_expression("đảng bộ OR x*") == '"dảng" "bộ" "OR" "x"'


def test_match_expression_keeps_phrases() -> None:
    assert match_expression('xã "kế hoạch  phát triển" 2024') == (
        '"xã" "kế hoạch phát triển" "2024"'
    )


def test_map_snippet_restores_original_letters() -> None:
    original = "Ban Chấp hành Đảng bộ tỉnh họp"
    folded = fold(original)
    start = folded.index("Dảng")
    snip = (
        ELLIPSIS
        + folded[4:start]
        + MARK_OPEN
        + "Dảng"
        + MARK_CLOSE
        + " "
        + MARK_OPEN
        + "bộ"
        + MARK_CLOSE
        + folded[start + 7 :]
        + ELLIPSIS
    )
    assert map_snippet(snip, original) == "…Chấp hành [[Đảng]] [[bộ]] tỉnh họp…"
