"""Folding for search (one character for one) and the query language researchers type."""

import unicodedata

import pytest

from archive.errors import InputError
from archive.search.folding import search_fold, token_text
from archive.search.fts5 import match_expression
from archive.search.postgres import pair_query, tsquery
from archive.search.query import parse_query
from archive.search.snippets import snippet
from archive.text import nfc, text_hash


def test_fold_removes_every_diacritic_and_keeps_length() -> None:
    text = "Đảng bộ huyện Đông Triều ưu tiên Ơn"
    assert search_fold(text) == "dang bo huyen dong trieu uu tien on"
    assert len(search_fold(text)) == len(text)


def test_nfd_input_folds_like_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Đảng bộ")
    assert search_fold(nfd) == search_fold("Đảng bộ")
    assert nfc(nfd) == "Đảng bộ"


def test_text_hash_ignores_normalisation_and_spacing() -> None:
    assert text_hash(unicodedata.normalize("NFD", "Hội  nghị\n")) == text_hash("Hội nghị")
    assert text_hash("Hội nghị") != text_hash("Hội nghi")


def test_indexed_words_are_folded_tokens() -> None:
    assert token_text("Quyết định số 182/QĐ-STTTT") == "quyet dinh so 182 qd stttt"


def test_words_phrases_prefixes_or_and_exclusions() -> None:
    q = parse_query('kinh tế "phát triển" ke* -nông dang OR doan')
    assert [[a.tokens for a in c] for c in q.clauses] == [
        [("kinh",)],
        [("te",)],
        [("phat", "trien")],
        [("ke",)],
        [("dang",), ("doan",)],
    ]
    assert q.clauses[3][0].prefix
    assert [a.tokens for a in q.excluded] == [("nong",)]


def test_a_word_with_punctuation_is_the_phrase_of_its_parts() -> None:
    (atom,) = parse_query("182/QĐ-STTTT").clauses[0]
    assert atom.tokens == ("182", "qd", "stttt") and atom.is_phrase


@pytest.mark.parametrize(
    "query, message",
    [
        ('"dang bo', "unclosed double quote"),
        ("OR dang", "OR needs a word on each side"),
        ("dang OR", "OR needs a word on each side"),
        ("dang OR OR bo", "OR needs a word on each side"),
        ("-dang -bo", "only excluded words"),
        ("", "no words"),
        ("!!! ???", "no letters or digits"),
        ("*", "'*' must end a word"),
    ],
)
def test_malformed_queries_are_one_line_errors(query: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_query(query)


def test_fts5_expression_quotes_every_word_and_keeps_facets_apart() -> None:
    q = parse_query('dang OR doan "ke hoach" x* -nong')
    assert match_expression(q, [["zlcommune"]]) == (
        '(pairs : (("ke_hoach")) AND {title body} : ("dang" OR "doan") AND '
        '{title body} : ("ke hoach") AND {title body} : ("x"*) AND facets : ("zlcommune")) '
        'NOT {title body} : ("nong")'
    )


def test_a_phrase_is_looked_for_by_its_bigrams() -> None:
    q = parse_query('"ke hoach phat trien"')
    assert match_expression(q, []).startswith('pairs : (("ke_hoach" "hoach_phat" "phat_trien"))')
    assert pair_query(q) == "(('ke_hoach' & 'hoach_phat' & 'phat_trien'))"


def test_fts5_operators_typed_by_a_user_are_words() -> None:
    q = parse_query("NEAR AND NOT")
    assert match_expression(q, []).count('"') == 6


def test_postgres_tsquery() -> None:
    q = parse_query('dang OR doan "ke hoach" x* -nong')
    assert tsquery(q) == "('dang' | 'doan') & (('ke' <-> 'hoach')) & ('x':*) & !'nong'"


def test_snippets_mark_matches_on_the_original_letters() -> None:
    text = (
        "Mở đầu. " + "Chữ " * 60 + "Ban Chấp hành Đảng bộ tỉnh họp phiên thứ nhất. " + "Hết " * 120
    )
    out = snippet(text, parse_query("dang bo").atoms)
    assert "[[Đảng]] [[bộ]]" in out
    assert out.startswith("…") and out.endswith("…")


def test_snippets_mark_a_phrase_and_whole_words_of_a_prefix() -> None:
    out = snippet("Kế hoạch phát triển kinh tế xã hội.", parse_query('"ke hoach" kin*').atoms)
    assert out == "[[Kế hoạch]] phát triển [[kinh]] tế xã hội."
