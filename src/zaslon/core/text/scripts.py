"""Which writing system a character or a name is written in.

Decided from Unicode block ranges: fast, no data files, enough to pick a
transliteration and to explain a match ("Cyrillic ↔ Latin").
"""

from __future__ import annotations

LATIN = "Latin"
CYRILLIC = "Cyrillic"
GREEK = "Greek"
ARMENIAN = "Armenian"
GEORGIAN = "Georgian"
HEBREW = "Hebrew"
ARABIC = "Arabic"
HAN = "Han"
HANGUL = "Hangul"
KANA = "Kana"
THAI = "Thai"
OTHER = "Other"

# (first, last, script), sorted; anything outside is OTHER
_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0041, 0x005A, LATIN), (0x0061, 0x007A, LATIN), (0x00C0, 0x024F, LATIN),
    (0x0370, 0x03FF, GREEK), (0x0400, 0x052F, CYRILLIC), (0x0530, 0x058F, ARMENIAN),
    (0x0590, 0x05FF, HEBREW), (0x0600, 0x06FF, ARABIC), (0x0750, 0x077F, ARABIC),
    (0x08A0, 0x08FF, ARABIC), (0x0E00, 0x0E7F, THAI), (0x10A0, 0x10FF, GEORGIAN),
    (0x1100, 0x11FF, HANGUL), (0x1C80, 0x1C8F, CYRILLIC), (0x1C90, 0x1CBF, GEORGIAN),
    (0x1E00, 0x1EFF, LATIN), (0x1F00, 0x1FFF, GREEK), (0x2DE0, 0x2DFF, CYRILLIC),
    (0x3040, 0x30FF, KANA), (0x3130, 0x318F, HANGUL), (0x3400, 0x4DBF, HAN),
    (0x4E00, 0x9FFF, HAN), (0xA640, 0xA69F, CYRILLIC), (0xAC00, 0xD7AF, HANGUL),
    (0xF900, 0xFAFF, HAN), (0xFB1D, 0xFB4F, HEBREW), (0xFB50, 0xFDFF, ARABIC),
    (0xFE70, 0xFEFF, ARABIC), (0xFF66, 0xFF9F, KANA), (0x20000, 0x2FA1F, HAN),
)  # fmt: skip


_KNOWN: dict[str, str | None] = {}


def char_script(char: str) -> str | None:
    """The script of one character, or None for digits, punctuation and marks."""
    found = _KNOWN.get(char, _MISSING)
    if found is _MISSING:
        found = _KNOWN[char] = _char_script(char)
    return found  # type: ignore[return-value]


_MISSING = object()


def _char_script(char: str) -> str | None:
    cp = ord(char)
    if cp < 0x41:
        return None
    for lo, hi, name in _RANGES:
        if cp < lo:
            return None if not char.isalpha() else OTHER
        if cp <= hi:
            return name
    return OTHER if char.isalpha() else None


def scripts(text: str) -> dict[str, int]:
    """How many letters of each script the text holds."""
    counts: dict[str, int] = {}
    for char in text:
        script = char_script(char)
        if script is not None:
            counts[script] = counts.get(script, 0) + 1
    return counts


def main_script(text: str) -> str | None:
    """The script most letters of the text are written in (None if no letters)."""
    counts = scripts(text)
    if not counts:
        return None
    return max(counts.items(), key=lambda kv: kv[1])[0]


def is_latin(text: str) -> bool:
    counts = scripts(text)
    return not counts or set(counts) == {LATIN}
