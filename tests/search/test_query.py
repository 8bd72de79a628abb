"""The query language: every operator parses to the tree it should, errors name their position."""

from __future__ import annotations

import pytest

from intervju.search import QueryError, parse_query
from intervju.search.query import And, Near, Not, Or, Phrase, Term


def test_bare_word_is_a_lemma_term_casefolded() -> None:
    assert parse_query("Medvirke") == Term("lemma", "medvirke", 1)


def test_term_kinds() -> None:
    assert parse_query("=Døra") == Term("exact", "døra", 1)
    assert parse_query("hjem*") == Term("prefix", "hjem", 1)
    assert parse_query("hjemlihet~") == Term("fuzzy", "hjemlihet", 1)


def test_phrase_and_one_word_phrase() -> None:
    assert parse_query('"ta del"') == Phrase(("ta", "del"), 1)
    assert parse_query('"Skolen"') == Term("exact", "skolen", 1)


def test_boolean_precedence_not_then_and_then_or() -> None:
    tree = parse_query("a OR b AND NOT c")
    assert tree == Or((Term("lemma", "a", 1), And((Term("lemma", "b", 6), Not(Term("lemma", "c", 16))))))


def test_adjacent_words_mean_and_and_parentheses_group() -> None:
    tree = parse_query("(a OR b) c")
    assert tree == And((Or((Term("lemma", "a", 2), Term("lemma", "b", 7))), Term("lemma", "c", 10)))


def test_lower_case_operators_are_words() -> None:
    assert parse_query("og or") == And((Term("lemma", "og", 1), Term("lemma", "or", 4)))


def test_near() -> None:
    tree = parse_query('NEAR/5(medvirke "ta del" hjem*)')
    assert tree == Near(5, (Term("lemma", "medvirke", 8), Phrase(("ta", "del"), 17), Term("prefix", "hjem", 26)), 1)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("(ungdom OR skole", "query error at 17: expected ')'"),
        ("ungdom AND", "query error at 11: expected a word, a phrase or '(', found end of query"),
        ('"ta del', "query error at 1: unclosed '\"'"),
        ("ungdom)", "query error at 7: unmatched ')'"),
        ("NEAR/x(a b)", "query error at 1: expected NEAR/N( with a number N"),
        ("NEAR/3(a)", "query error at 1: NEAR needs at least two terms"),
        ("NEAR/3(a (b))", "query error at 10: expected a word or ')' inside NEAR, found '('"),
        ("hj*em", "query error at 3: unexpected '*'"),
        ("=hjem*", "query error at 1: '=' and '*' cannot be combined"),
        ("a OR *", "query error at 6: expected a word, found '*'"),
        ("", "query error at 1: empty query"),
        ('""', "query error at 1: empty phrase"),
    ],
)
def test_errors_point_at_the_position(query: str, message: str) -> None:
    with pytest.raises(QueryError) as info:
        parse_query(query)
    assert str(info.value) == message
