"""Romanisation: language-aware Cyrillic, and the other scripts through anyascii."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zaslon.core.text import scripts
from zaslon.core.text.translit import BE, RU, SR, UK, cyrillic_language, fold_latin, romanize, to_latin


@pytest.mark.parametrize(
    ("text", "hint", "language"),
    [
        ("Лукашенко Александр Григорьевич", None, RU),
        ("Лукашэнка Аляксандр Рыгоравіч", None, BE),  # і without и
        ("Шушкевіч Станіслаў", None, BE),  # ў
        ("Ўладзімір", None, BE),
        ("Юлія Тимошенко", None, UK),  # і with и
        ("Ґонгадзе Георгій", None, UK),  # ґ
        ("Їжакевич", None, UK),  # ї
        ("Євгенія", None, UK),  # є
        ("Слободан Милошевић", None, SR),  # ћ
        ("Ђоковић Новак", None, SR),
        ("Јован", None, SR),
        # no marker letter: the list's stated language wins, else Russian
        ("Зеленский Владимир", None, RU),
        ("Зеленський Володимир", UK, UK),
        ("Макей Уладзімір", None, BE),
        ("Кравченко Петро", BE, BE),
        ("Кравченко Петро", "xx", RU),
        # і with a hint of Ukrainian is Ukrainian even without и
        ("Віталій", UK, UK),
    ],
)
def test_cyrillic_language(text: str, hint: str | None, language: str) -> None:
    assert cyrillic_language(text, hint) == language


@pytest.mark.parametrize(
    ("text", "lang", "latin"),
    [
        # Russian: г is g, ё is e, ь and ъ vanish
        ("Лукашенко Александр Григорьевич", None, "lukashenko aleksandr grigorevich"),
        ("Хрущёв Никита", None, "khrushchev nikita"),
        ("Объединённая", None, "obedinennaya"),
        ("Щербаков", None, "shcherbakov"),
        ("Цой Юрий", None, "tsoy yuriy"),
        # Belarusian: г is h, ў is w, і is i
        ("Лукашэнка Аляксандр Рыгоравіч", None, "lukashenka alyaksandr ryhoravich"),
        ("Шушкевіч Станіслаў", None, "shushkevich stanislaw"),
        ("Шчарбакоў", None, "shcharbakow"),
        # Ukrainian: г is h, ґ is g, и is y, ї yi, є ye
        ("Юлія Тимошенко", None, "yuliya tymoshenko"),
        ("Ґонгадзе", None, "gonhadze"),
        ("Олександр Ігорович", None, "oleksandr ihorovych"),
        ("Їжак", None, "yizhak"),
        ("Євген", None, "yevhen"),
        # Serbian: one letter per sound, as in Serbian Latin
        ("Слободан Милошевић", None, "slobodan milosevic"),
        ("Ђоковић Новак", None, "djokovic novak"),
        # the list's language decides letters both alphabets share
        ("Кравченко Григорий", BE, "kravchenko hrihoriy"),
    ],
)
def test_to_latin_cyrillic(text: str, lang: str | None, latin: str) -> None:
    assert to_latin(text, lang) == (latin, scripts.CYRILLIC)


@pytest.mark.parametrize(
    ("text", "latin"),
    [
        (
            "Лукашэнка Аляксандр Рыгоравіч",
            ["lukashenka alyaksandr ryhoravich", "lukashenka alyaksandr rygoravich"],
        ),
        ("Шушкевіч Станіслаў", ["shushkevich stanislaw", "shushkevich stanislav"]),
        ("Ігар Макей", ["ihar makey", "igar makey"]),
        ("Юлія Тимошенко", ["yuliya tymoshenko", "yuliya timoshenko"]),
        ("Олександр Ігорович Ґонта", ["oleksandr ihorovych gonta", "oleksandr igorovich gonta"]),
        ("Євгенія", ["yevheniya", "evgeniya"]),
        # Russian names have one form; a Belarusian name with no г/ў/і difference too
        ("Лукашенко Александр Григорьевич", ["lukashenko aleksandr grigorevich"]),
        ("Віктар Лукашэнка", ["viktar lukashenka"]),
        ("Lukashenka", ["lukashenka"]),
    ],
)
def test_romanize_gives_belarusian_or_ukrainian_and_russian_forms(text: str, latin: list[str]) -> None:
    forms, _ = romanize(text)
    assert forms == latin


@pytest.mark.parametrize(
    ("text", "latin", "script"),
    [
        ("Łukašenka Alaksandr", "lukashenka alaksandr", scripts.LATIN),  # Łacinka
        ("Hruŝëv", "hrushchev", scripts.LATIN),  # ISO 9
        ("Žukov", "zhukov", scripts.LATIN),
        ("Čajkovskij", "chajkovskij", scripts.LATIN),
        ("Müller", "muller", scripts.LATIN),
        ("Jérôme Lefèvre", "jerome lefevre", scripts.LATIN),
        ("Straße", "strasse", scripts.LATIN),
        ("Øresund", "oresund", scripts.LATIN),
        ("Βενιζέλος", "venizelos", scripts.GREEK),
        ("ΑΛΈΞΑΝΔΡΟΣ", "alexandros", scripts.GREEK),
        ("ქართული", "kartuli", scripts.GEORGIAN),
        ("Հայաստան", "hayastan", scripts.ARMENIAN),
        ("محمد", "mhmd", scripts.ARABIC),  # consonant skeleton
        ("שלום", "slvm", scripts.HEBREW),
        ("习近平", "xi jin ping", scripts.HAN),  # pinyin syllables kept apart
        ("中国", "zhong guo", scripts.HAN),
        ("김정은", "gim jeong eun", scripts.HANGUL),
        ("ひらがな", "hiragana", scripts.KANA),
        # a mixed name keeps both parts
        ("ООО PIK KORPORATSIYA", "ooo pik korporatsiya", scripts.LATIN),
        ("1954", "1954", scripts.LATIN),
    ],
)
def test_to_latin_other_scripts(text: str, latin: str, script: str) -> None:
    assert to_latin(text) == (latin, script)


def test_fold_latin_spells_out_slavic_hacheks() -> None:
    assert fold_latin("ŽŠČĆŁ") == "zhshchchl"
    assert fold_latin("Dražen Đorđević") == "drazhen djordjevich"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=30))
def test_ascii_shortcut_agrees_with_the_general_path(text: str) -> None:
    """ASCII names skip the script count; what they get is what fold_latin gives Latin text."""
    assert to_latin(text) == (fold_latin(text), scripts.LATIN)
