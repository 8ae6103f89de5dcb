"""``names.compare_forms``: order-free alignment of name parts, weighted by rarity."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zaslon.core.match import tokens
from zaslon.core.match.names import LINEAGE_CAP, SAME_LEGAL_FORM, SAME_LEGAL_KIND, NameScore, compare_forms
from zaslon.core.names.analyze import Token, analyze

# Stand-in for the index's rarity weights: common parts weigh little.
_WEIGHTS = {"mohammed": 1.0, "ali": 1.2, "aleksandr": 2.5, "ivan": 2.5}


def _weight(token: Token) -> float:
    return _WEIGHTS.get(token.key, 6.0)


def _score(query: str, listed: str, *, organization: bool = False) -> NameScore:
    person = not organization
    q = analyze(query, organization=organization, person=person)[0]
    c = analyze(listed, organization=organization, person=person)[0]
    return compare_forms(q, c, _weight)


def test_order_does_not_matter() -> None:
    assert _score("Aleksandr Lukashenko", "LUKASHENKO, Aleksandr").score == 1.0
    assert _score("Lukashenko Aleksandr", "Aleksandr Lukashenko").score == 1.0


def test_identical_names_score_one_and_explain_every_part() -> None:
    result = _score("Alyaksandr Ryhoravich Lukashenka", "Alyaksandr Ryhoravich LUKASHENKA")
    assert result.score == 1.0
    assert {(m.query, m.rule) for m in result.tokens} == {
        ("alyaksandr", tokens.EXACT), ("ryhoravich", tokens.EXACT), ("lukashenka", tokens.EXACT)
    }  # fmt: skip
    assert result.unmatched_query == result.unmatched_listed == []


def test_a_dropped_patronymic_costs_little() -> None:
    full = _score("Aleksandr Grigorevich Lukashenko", "Lukashenko Aleksandr Grigorevich").score
    dropped = _score("Aleksandr Lukashenko", "Lukashenko Aleksandr Grigorevich")
    assert full == 1.0
    assert 0.9 <= dropped.score < full
    assert dropped.unmatched_listed == ["grigorevich"] and dropped.unmatched_query == []


def test_a_contradicting_patronymic_costs_much() -> None:
    dropped = _score("Aleksandr Lukashenko", "Lukashenko Aleksandr Grigorevich").score
    other_father = _score("Aleksandr Ivanovich Lukashenko", "Lukashenko Aleksandr Grigorevich").score
    assert other_father < 0.7 <= dropped
    assert dropped - other_father > 0.3


def test_a_contradicting_middle_name_costs_much_a_missing_one_little() -> None:
    missing = _score("Aleksandr Lukashenko", "Aleksandr Viktor Lukashenko").score
    contradicting = _score("Aleksandr Petr Lukashenko", "Aleksandr Viktor Lukashenko").score
    assert contradicting < 0.7 < missing


def test_same_patronymic_in_another_language_agrees() -> None:
    result = _score("Лукашенко Александр Григорьевич", "Alyaksandr Ryhoravich LUKASHENKA")
    assert result.score >= 0.85
    rules = {m.listed: m.rule for m in result.tokens}
    assert rules == {
        "alyaksandr": tokens.GIVEN_NAME, "ryhoravich": tokens.PATRONYMIC, "lukashenka": tokens.SURNAME_ENDING
    }  # fmt: skip


@pytest.mark.parametrize(
    ("query", "listed", "floor"),
    [
        ("Aliaksandr Lukashenka", "Aleksandr LUKASHENKO", 0.9),
        ("LUKASHENKO A.G.", "Aleksandr Grigorevich LUKASHENKO", 0.8),
        ("Lukashenka A. R.", "Aleksandr Grigorevich LUKASHENKO", 0.8),  # Belarusian initials of the same man
        ("Yevgeniy Prigozhin", "Evgenij PRIGOZIN", 0.75),
        ("Jewgeni Prigoschin", "Yevgeniy Viktorovich PRIGOZHIN", 0.85),
        ("Oleksandr Yanukovych", "Aleksandr YANUKOVICH", 0.85),
    ],
)
def test_romanisations_agree(query: str, listed: str, floor: float) -> None:
    assert _score(query, listed).score >= floor


def test_common_parts_do_not_cover_a_rarer_listed_surname() -> None:
    """ "Mohammed Ali" must not match every listed Mohammed Ali Somebody."""
    assert _score("Mohammed Ali", "Mohammed Ali").score == 1.0
    assert _score("Mohammed Ali", "Mohammed Ali Rarename").score < 0.7
    # the same shape with rare parts is an ordinary dropped name
    assert (
        _score("Viktor Lukashenko", "Viktor Lukashenko Rarename").score
        > _score("Mohammed Ali", "Mohammed Ali Rarename").score
    )


def test_a_name_written_as_one_word() -> None:
    result = _score("Abdulrahman Khalid", "Abdul Rahman KHALID")
    assert any(m.rule == tokens.JOINED for m in result.tokens)
    assert result.score >= 0.85


def test_legal_forms() -> None:
    same = _score("ООО Ромашка", "Romashka LLC", organization=True)
    other = _score("ООО Ромашка", "Romashka AO", organization=True)
    none = _score("ООО Ромашка", "Romashka", organization=True)
    # the same legal form orders ties (the name score may pass 1 by that bonus; the
    # entity score is clamped by logic.screen)
    assert none.score == 1.0 and same.score == pytest.approx(1.0 + SAME_LEGAL_FORM)
    assert same.legal_form_note == "same legal form"
    assert 0.9 < other.score < none.score and "different legal forms" in other.legal_form_note


def test_a_mistyped_legal_form_is_not_an_extra_word() -> None:
    """FZVO for the listed FZCO: a legal form with a typo, not a distinctive word the listing lacks."""
    typo = _score("RELIABLE FREIGHT SERVICES FZVO", "RELIABLE FREIGHT SERVICES FZCO", organization=True)
    assert typo.score == pytest.approx(1.0) and typo.unmatched_query == []
    assert typo.legal_form_note == "fzvo read as legal form fzco"
    # an extra word that is no legal form of the listed name costs as a word
    extra = _score("RELIABLE FREIGHT SERVICES GROVE", "RELIABLE FREIGHT SERVICES FZCO", organization=True)
    assert extra.score <= 0.75 and extra.unmatched_query == ["grove"]


def test_an_extra_word_in_a_company_name_says_another_company() -> None:
    """SEYYED AL-SHOHADA CORPS is not SHOHADA CORPS: a listed organisation's name is a designation."""
    assert _score("SEYYED AL-SHOHADA CORPS", "SHOHADA CORPS", organization=True).score < 0.7


def test_names_with_nothing_in_common() -> None:
    """Every part unmatched and shown as such; only the legal forms still move the score."""
    person = _score("Ivan Petrov", "Aleksandr Lukashenko")
    assert person.score == 0.0 and person.tokens == []
    assert person.unmatched_query == ["ivan", "petrov"]
    assert person.unmatched_listed == ["aleksandr", "lukashenko"]
    company = _score("ООО Ромашка", "Lukoil LLC", organization=True)
    assert company.score == pytest.approx(SAME_LEGAL_FORM) and company.legal_form_note == "same legal form"
    # a part written as one word on one side is not "nothing in common"
    assert _score("Abdulrahman", "Abdul Rahman").score > 0.85


def test_the_same_kind_of_joint_stock_company_ranks_first() -> None:
    """PAO and OAO are one legal form (Russia renamed every OAO a PAO); PAO ↔ PJSC is the closer spelling."""
    public = _score("ПАО Транснефть", "Public Joint Stock Company Transneft", organization=True)
    open_ = _score("ПАО Транснефть", "Transneft OAO", organization=True)
    assert open_.score == pytest.approx(1.0 + SAME_LEGAL_FORM) and open_.legal_form_note == "same legal form"
    assert public.score == pytest.approx(1.0 + SAME_LEGAL_FORM + SAME_LEGAL_KIND)
    assert public.legal_form_note == "same legal form (public joint-stock company)"


_WORDS = st.sampled_from(
    ["Aleksandr", "Aliaksandr", "Lukashenko", "Lukashenka", "Grigorevich", "Ryhoravich", "Mohammed", "Ali",
     "A.", "G", "Ivanov", "Ivanova", "OOO", "LLC", "ПАО", "OAO", "Romashka", "1954", "al", "bin", "Лукашенко",
     "محمد", "Ким"]
)  # fmt: skip
_NAMES = st.lists(_WORDS, min_size=1, max_size=5).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(_NAMES, _NAMES, st.booleans())
def test_score_bounded_and_self_match_is_best(query: str, listed: str, organization: bool) -> None:
    person = not organization
    qs = analyze(query, organization=organization, person=person)
    cs = analyze(listed, organization=organization, person=person)
    for q in qs:
        bonus = (SAME_LEGAL_FORM if q.legal_forms else 0.0) + (SAME_LEGAL_KIND if q.legal_kinds else 0.0)
        assert compare_forms(q, q, _weight).score == pytest.approx(1.0 + bonus)
        for c in cs:
            result = compare_forms(q, c, _weight)
            assert 0.0 <= result.score <= 1.0 + SAME_LEGAL_FORM + SAME_LEGAL_KIND
            assert len(result.tokens) + len(result.unmatched_query) <= len(q.tokens)


@pytest.mark.parametrize(
    ("query", "listed", "relation"),
    [
        # Saja, daughter of Barzan, against her father and against her brother Ali
        ("سجا برزان إبراهيم حسن التكريتي", "برزان إبراهيم حسن التكريتي", "parent"),
        ("سجا برزان إبراهيم حسن التكريتي", "Barzan Ibrahim Hasan al-Tikriti", "parent"),
        ("برزان إبراهيم حسن التكريتي", "سجا برزان إبراهيم حسن التكريتي", "parent"),
        ("محمد برزان إبراهيم حسن التكريتي", "علي برزان إبراهيم حسن التكريتي", "siblings"),
    ],
)
def test_arabic_names_of_relatives_stay_below_the_threshold(query: str, listed: str, relation: str) -> None:
    result = _score(query, listed)
    assert result.score <= LINEAGE_CAP < 0.7, result
    assert relation in result.lineage_note


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("سجا برزان إبراهيم حسن التكريتي", "Saja Barzan Ibrahim Hasan al-Tikriti"),  # the same person
        ("أبو بكر البغدادي", "بكر البغدادي"),  # a kunya (Abu) may be dropped
        ("Saja Barzan Ibrahim Hasan", "Barzan Ibrahim Hasan"),  # no Arabic script: not read as a chain
        ("Ivan Sergeevich Petrov", "Sergeevich Petrov"),
    ],
)
def test_other_names_are_not_read_as_relatives(query: str, listed: str) -> None:
    assert _score(query, listed).lineage_note == ""
