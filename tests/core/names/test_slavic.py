"""East Slavic surname endings and patronymics, on phonetic keys."""

from __future__ import annotations

import pytest

from zaslon.core.names.analyze import make_token
from zaslon.core.names.slavic import is_patronymic, patronymic_stem, split_ending
from zaslon.core.text.phonetic import key
from zaslon.core.text.translit import fold_latin


def _k(name: str) -> str:
    return key(fold_latin(name))


def _same_surname(a: str, b: str) -> bool:
    """What the matcher's surname-ending rule asks: both tokens end like a surname, on one stem."""
    ta, tb = make_token(fold_latin(a)), make_token(fold_latin(b))
    return ta.surname is not None and ta.surname == tb.surname


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Lukashenko", "Lukashenka"),  # Russian / Belarusian
        ("Ivanov", "Ivanau"),
        ("Ivanova", "Ivanava"),
        ("Makeev", "Makeyeu"),
        ("Kozlov", "Kozlau"),
        ("Zhukovsky", "Zhukovskiy"),
        ("Kovalchuk", "Kowalczuk"),
    ],
)
def test_same_surname_across_languages(a: str, b: str) -> None:
    assert _same_surname(a, b) or _k(a) == _k(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Lukashenko", "Lukashov"),
        ("Ivanov", "Ivanenko"),
        ("Ivanov", "Ivanova"),  # a man's and a woman's form are two people
        ("Petrov", "Ivanov"),
        ("Ivanovich", "Ivanov"),
        ("Makarov", "Makarenko"),
        ("Bondarenko", "Bondarev"),
    ],
)
def test_different_surnames_are_not_merged(a: str, b: str) -> None:
    assert not _same_surname(a, b)
    assert _k(a) != _k(b)


def test_split_ending_needs_a_stem() -> None:
    belarusian, russian = split_ending(_k("Lukashenka")), split_ending(_k("Lukashenko"))
    assert belarusian is not None and russian is not None
    assert belarusian == russian and belarusian[0] == "lukaS"
    assert split_ending(_k("Ov")) is None  # the ending alone is not a surname
    assert split_ending(_k("Kim")) is None


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("Grigorevich", "grigor"),
        ("Ryhoravich", "rihor"),  # Belarusian
        ("Hryhorovych", "hrihor"),  # Ukrainian
        ("Ivanovich", "ivan"),
        ("Petrovna", "petr"),
        ("Nikolaevna", "nikola"),
        ("Mikalaeuna", "mikala"),  # Belarusian -euna
        ("Viktorovich", "viktor"),
        ("Abramovich", "abram"),  # also a surname: the reading is a hint, not a verdict
    ],
)
def test_patronymics(word: str, stem: str) -> None:
    assert is_patronymic(_k(word))
    assert patronymic_stem(_k(word)) == stem


@pytest.mark.parametrize("word", ["Lukashenko", "Ivanov", "Aleksandr", "Aliyev", "Ivanova", "Petrov"])
def test_not_patronymics(word: str) -> None:
    assert not is_patronymic(_k(word))
    assert patronymic_stem(_k(word)) is None
