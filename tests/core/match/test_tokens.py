"""``tokens.compare``: which rule two name parts meet by, and how alike they are."""

from __future__ import annotations

import pytest

from zaslon.core.match import tokens
from zaslon.core.names.analyze import Token, analyze, make_token


def _token(text: str, *, abjad: bool = False, person: bool = True) -> Token:
    return make_token(text, abjad, person)


@pytest.mark.parametrize(
    ("query", "listed", "rule"),
    [
        ("lukashenka", "lukashenka", tokens.EXACT),
        ("yevgeniy", "evgenij", tokens.ROMANISATION),
        ("khrushchev", "khrouchtchev", tokens.ROMANISATION),
        ("jarosz", "yarosh", tokens.ROMANISATION),
        ("kiltsevskiy", "kilcevskij", tokens.ROMANISATION),
        ("aliaksandr", "aleksandr", tokens.GIVEN_NAME),
        ("oleksandr", "alexander", tokens.GIVEN_NAME),
        ("uladzimir", "vladimir", tokens.GIVEN_NAME),
        ("lukashenka", "lukashenko", tokens.SURNAME_ENDING),
        ("ivanau", "ivanov", tokens.SURNAME_ENDING),
        ("ryhoravich", "grigorevich", tokens.PATRONYMIC),
        ("hryhorovych", "grigorievich", tokens.PATRONYMIC),
        ("a", "aleksandr", tokens.INITIAL),
        ("a", "aliaksandr", tokens.INITIAL),
        ("g", "ryhoravich", tokens.INITIAL),  # Рыгоравіч is G. in a Russian-language document
        ("r", "ryhoravich", tokens.INITIAL),
        ("o", "aleksandr", tokens.INITIAL),  # Oleksandr's initial
        ("lukashenko", "lukashenki", tokens.TYPO),
        ("makarenko", "makarenco", tokens.ROMANISATION),
        ("haal", "hala", tokens.TYPO),  # four letters: only a swap passes
        ("gorbatschow", "gorbachev", tokens.ROMANISATION),
        ("likhachev", "lichachow", tokens.TYPO),  # German х, English ч: one letter off the plain reading
        ("lichachow", "lichatschow", tokens.ROMANISATION),
    ],
)
def test_rule(query: str, listed: str, rule: str) -> None:
    sim, found, note = tokens.compare(_token(query), _token(listed))
    assert found == rule, (sim, found, note)
    assert 0 < sim <= 1
    if rule != tokens.TYPO:
        assert sim == tokens.SIMILARITY[rule]
    assert note or rule == tokens.EXACT


def test_rules_rank_by_certainty() -> None:
    order = [tokens.EXACT, tokens.ROMANISATION, tokens.GIVEN_NAME, tokens.SURNAME_ENDING, tokens.PATRONYMIC]
    sims = [tokens.SIMILARITY[r] for r in order]
    assert sims == sorted(sims, reverse=True)
    assert tokens.SIMILARITY[tokens.INITIAL] < tokens.SIMILARITY[tokens.CONSONANTS]


def test_consonants_for_names_from_arabic_script() -> None:
    (mhmd,) = analyze("محمد")[0].tokens
    assert mhmd.abjad
    sim, rule, _ = tokens.compare(mhmd, _token("mohammed"))
    assert rule == tokens.CONSONANTS and sim == tokens.SIMILARITY[tokens.CONSONANTS]
    # the skeleton is only trusted for tokens from a script without vowels
    assert tokens.compare(_token("mhmd"), _token("mohammed"))[1] != tokens.CONSONANTS


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("ivanov", "petrov"),
        ("markov", "makarov"),
        ("kim", "kin"),  # short names: no typo tolerance
        ("ali", "alia"),
        ("1954", "1955"),  # numbers meet only exactly
        ("a", "b"),
        ("a", "a"),  # two initials are equal, not an "initial" match
        ("hala", "halb"),
        ("lukashenko", "lukashevich"),
    ],
)
def test_no_match(query: str, listed: str) -> None:
    sim, rule, _ = tokens.compare(_token(query), _token(listed))
    if query == listed:
        assert rule == tokens.EXACT
        return
    assert (sim, rule) == (0.0, "")


def test_initials_are_for_people_only() -> None:
    assert tokens.compare(_token("a", person=False), _token("aleksandr", person=False))[0] == 0.0


def test_different_first_letter_typo_costs_more() -> None:
    same_start = tokens.compare(_token("putin"), _token("putim"))[0]
    other_start = tokens.compare(_token("putin"), _token("butin"))[0]
    assert 0 < other_start < same_start


def test_compare_is_cached_but_consistent() -> None:
    a, b = _token("lukashenka"), _token("lukashenko")
    assert tokens.compare(a, b) == tokens.compare(a, b)
    assert tokens.compare(a, b)[1] == tokens.compare(b, a)[1]


@pytest.mark.parametrize(
    ("query", "listed"), [("alsharif", "sharif"), ("elmasry", "masry"), ("hashimi", "alhashimi")]
)
def test_the_arabic_article_written_joined(query: str, listed: str) -> None:
    sim, rule, note = tokens.compare(_token(query), _token(listed))
    assert rule == tokens.JOINED and sim == tokens.SIMILARITY[tokens.JOINED] and "article" in note


@pytest.mark.parametrize(
    ("query", "listed"), [("alfred", "fred"), ("albert", "bert"), ("alexander", "xander")]
)
def test_western_names_are_not_an_article_and_a_name(query: str, listed: str) -> None:
    assert tokens.compare(_token(query), _token(listed))[1] != tokens.JOINED
