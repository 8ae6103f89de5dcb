"""Script detection: which writing system a character or a name is in."""

from __future__ import annotations

import pytest

from zaslon.core.text import scripts
from zaslon.core.text.scripts import char_script, is_latin, main_script


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("Lukashenka", scripts.LATIN),
        ("Łukašenka", scripts.LATIN),
        ("Лукашэнка", scripts.CYRILLIC),
        ("Ґонгадзе", scripts.CYRILLIC),
        ("Ђоковић", scripts.CYRILLIC),
        ("محمد", scripts.ARABIC),
        ("محمدی‌زاده", scripts.ARABIC),
        ("שלום", scripts.HEBREW),
        ("習近平", scripts.HAN),
        ("김정은", scripts.HANGUL),
        ("ひらがな", scripts.KANA),
        ("カタカナ", scripts.KANA),
        ("Ελλάδα", scripts.GREEK),
        ("ქართული", scripts.GEORGIAN),
        ("Հայաստան", scripts.ARMENIAN),
        ("ไทย", scripts.THAI),
        # the majority decides a mixed name
        ("ООО PIK KORPORATSIYA", scripts.LATIN),
        ("ПАО Sberbank Россия", scripts.CYRILLIC),
        ("123", None),
        ("", None),
        ("- . ,", None),
    ],
)
def test_main_script(text: str, script: str | None) -> None:
    assert main_script(text) == script


def test_char_script_digits_and_marks_have_none() -> None:
    assert char_script("7") is None
    assert char_script("-") is None
    assert char_script("\u0301") is None  # combining acute
    assert char_script("ў") == scripts.CYRILLIC
    assert char_script("ß") == scripts.LATIN


def test_scripts_counts_letters_per_script() -> None:
    assert scripts.scripts("Лукашенкo 1954") == {scripts.CYRILLIC: 8, scripts.LATIN: 1}


@pytest.mark.parametrize(
    ("text", "latin"), [("Müller", True), ("", True), ("42", True), ("Müller Мюллер", False)]
)
def test_is_latin(text: str, latin: bool) -> None:
    assert is_latin(text) is latin
