"""``analyze``: a name taken apart into tokens with their keys; total on any text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zaslon.core.names.analyze import analyze, make_token
from zaslon.core.text import scripts


def _texts(name: str, **kwargs: bool) -> list[list[str]]:
    return [[t.text for t in form.tokens] for form in analyze(name, **kwargs)]


@pytest.mark.parametrize(
    ("name", "forms"),
    [
        ("Лукашэнка Аляксандр Рыгоравіч", [["lukashenka", "alyaksandr", "ryhoravich"],
                                           ["lukashenka", "alyaksandr", "rygoravich"]]),
        ("Лукашенко Александр Григорьевич", [["lukashenko", "aleksandr", "grigorevich"]]),
        ("LUKASHENKO, Alyaksandr", [["alyaksandr", "lukashenko"]]),  # SURNAME, Given: given first
        ("ЛУКАШЕНКО А.Г.", [["lukashenko", "a", "g"]]),
        ("Лукашенкo А.Г.", [["lukashenko", "a", "g"]]),  # Latin o
        # particles that lists drop or keep are dropped ...
        ("Bashar al-Assad", [["bashar", "assad"]]),
        ("Osama bin Laden", [["osama", "laden"]]),
        ("Ludwig van der Berg", [["ludwig", "berg"]]),
        # ... unless they are the whole name
        ("Al", [["al"]]),
        ("Kim Jong Un", [["kim", "jong", "un"]]),
        ("Vessel 1954", [["vessel", "1954"]]),
        ("", []),
        ("...", []),
        ("()", []),
    ],
)  # fmt: skip
def test_tokens(name: str, forms: list[list[str]]) -> None:
    assert _texts(name) == forms


def test_token_readings() -> None:
    lukashenka, aliaksandr, ryhoravich = analyze("Лукашэнка Аляксандр Рыгоравіч")[0].tokens
    assert (lukashenka.given, lukashenka.patronymic) == (-1, False)
    assert aliaksandr.given >= 0 and not aliaksandr.patronymic
    assert ryhoravich.patronymic
    assert lukashenka.key == make_token("lukashenko").key[:-1] + "a"


def test_arabic_script_tokens_are_abjad() -> None:
    (form,) = analyze("صدام حسين التكريتي")
    assert form.script == scripts.ARABIC
    assert all(t.abjad for t in form.tokens)
    assert [t.text for t in form.tokens] == ["sdam", "hsyn", "tkryty"]  # the joined article al- dropped


def test_person_readings_only_for_people() -> None:
    (form,) = analyze("Aleksandr Petrovich", person=False)
    assert all(t.given == -1 and not t.patronymic and not t.person for t in form.tokens)


def test_original_is_kept_for_explanations() -> None:
    forms = analyze("ПАО Сбербанк", organization=True, person=False)
    assert forms[0].original == "ПАО Сбербанк" and forms[0].legal_forms == ("jsc",)


@settings(max_examples=300, deadline=None)
@given(
    st.text(max_size=50), st.booleans(), st.booleans(), st.sampled_from([None, "ru", "be", "uk", "sr", "xx"])
)
def test_analyze_never_raises(text: str, organization: bool, person: bool, lang: str | None) -> None:
    for form in analyze(text, organization=organization, person=person, lang=lang):
        assert form.tokens
        for token in form.tokens:
            assert token.text and token.text == token.text.lower()
