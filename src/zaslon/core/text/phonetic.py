"""Romanisation-insensitive keys for name tokens.

The same Slavic name reaches a list as ``Yevgeniy``, ``Evgenij``, ``Jewgeni``
or ``Ievgenii``; ``Khrushchev`` as ``Chruschtschow`` or ``Khrouchtchev``.
``key`` folds the differences between romanisation schemes (BGN/PCGN, ICAO,
ISO 9, German, French, Polish, Belarusian Łacinka) into one spelling, so those
forms meet exactly; what is left is a real difference, measured elsewhere by
edit distance.

``consonants`` keeps only the consonant skeleton, for names that came from
scripts that write few vowels (Arabic, Persian, Hebrew).
"""

from __future__ import annotations

import re
from functools import lru_cache

# Ordered: longer spellings first, so "shch" is not read as "sh" + "ch".  The
# sound classes are written in capitals: S = ш/щ/ж (hushing), C = ч/ц (affricate).
_RULES: tuple[tuple[str, str], ...] = (
    ("schtsch", "S"), ("chtch", "S"), ("shtch", "S"), ("shch", "S"), ("szcz", "S"), ("sch", "S"),
    ("tsch", "C"), ("tch", "C"), ("sh", "S"), ("sz", "S"), ("zh", "S"), ("kh", "h"), ("ch", "C"),
    ("cz", "C"), ("ts", "C"), ("tz", "C"), ("dzh", "j"), ("dsch", "j"), ("dj", "j"), ("ph", "f"),
    ("th", "t"), ("ck", "k"), ("x", "ks"), ("q", "k"), ("w", "v"), ("ou", "u"), ("oo", "u"),
    ("y", "i"), ("j", "i"), ("z", "s"), ("gh", "g"), ("c", "c"),
)  # fmt: skip
_RULE_RE = re.compile("|".join(re.escape(src) for src, _ in _RULES))
_RULE_MAP = dict(_RULES)
_VOWELS = "aeiou"
_DOUBLE = re.compile(r"(.)\1+")
_I_BETWEEN_VOWELS = re.compile(r"(?<=[aeiou])i(?=[aeiou])")
_NONALNUM = re.compile(r"[^a-z0-9]")
_HARD_C = re.compile(r"c(?=[aoulr])")
_SOFT_E = re.compile(r"(?<=[^aeiou])i[oe](?=[^aeiou])")
_U_AS_V = re.compile(r"(?<=[aeo])u(?=[^aeiou])")
_HUSHED_YO = re.compile(r"(?<=[SC])o(?=va?$)")


_FRENCH = re.compile(r"chtch|tch|ch|dj|j")
_FRENCH_MAP = {"chtch": "chtch", "tch": "tch", "ch": "sh", "dj": "dj", "j": "zh"}
_GERMAN = re.compile(r"schtsch|dsch|tsch|sch|ch|z")
_GERMAN_MAP = {"schtsch": "shch", "dsch": "dzh", "tsch": "ch", "sch": "sh", "ch": "kh", "z": "ts"}
_POLISH = ("sz", "cz", "rz", "zh")


def _respell(token: str) -> str:
    """French and German transcriptions of Slavic names, rewritten the English way first.

    French writes ш as ch, ж as j and ч as tch (Choigou, Joukov, Tchaikovski);
    German writes х as ch, ш as sch, ч as tsch and ц as z (Chruschtschow,
    Jelzin).  Which convention a token follows is guessed from letters only
    it uses: ou for French; sch, a final ow/ew, or a z in a word that starts
    with j and a vowel for German (unless Polish sz, cz, rz or ż say
    otherwise).  A wrong guess costs little: ``plain_key`` keeps the English
    reading too.
    """
    if "ou" in token and ("ch" in token or "j" in token):
        return _FRENCH.sub(lambda m: _FRENCH_MAP[m.group(0)], token)
    german = (
        "sch" in token
        or (len(token) > 4 and token.endswith(("ow", "ew")))
        # an initial j before a vowel is й (Je-, Ja-, Ju-), never English; with a z, German ц (Jelzin, Jazenjuk)
        or (token[:1] == "j" and token[1:2] in ("a", "e", "o", "u") and "z" in token)
    )
    if german and not any(marker in token for marker in _POLISH):
        return _GERMAN.sub(lambda m: _GERMAN_MAP[m.group(0)], token)
    return token


@lru_cache(maxsize=200_000)
def key(token: str) -> str:
    """One spelling for the romanisation variants of a lower-case ASCII token."""
    token = _NONALNUM.sub("", token)
    if not token or token.isdigit():
        return token
    return _fold(_respell(token))


@lru_cache(maxsize=200_000)
def plain_key(token: str) -> str:
    """The key of a token read the English way, if ``key`` read it as French or German, else "".

    The convention is a guess from a few letters, and real spellings mix
    them: "Lichachow" writes х the German way (ch) but ч the English way (ch
    again), so neither reading alone meets "Likhachev".  The index and the
    matcher try this reading too.
    """
    token = _NONALNUM.sub("", token)
    if not token or token.isdigit() or _respell(token) == token:
        return ""
    plain = _fold(token)
    return "" if plain == key(token) else plain


def _fold(token: str) -> str:
    out = _RULE_RE.sub(lambda m: _RULE_MAP[m.group(0)], token)
    if "c" in out:
        # a plain c is k before a back vowel, l or r (Nicolas, Carlos, Cruz), else ц (Cvetic)
        out = _HARD_C.sub("k", out).replace("c", "C")
    out = _DOUBLE.sub(r"\1", out)
    out = _I_BETWEEN_VOWELS.sub("", out)  # Sergeyev/Sergeev, Andreyev/Andreev
    out = _SOFT_E.sub("e", out)  # ё and ье after a consonant: Artyom/Artem, Prokofyev/Prokofev
    out = _U_AS_V.sub("v", out)  # Belarusian ў after a vowel: Bahuslauski/Bogoslavski
    if len(out) > 2 and out.startswith("ie"):
        out = out[1:]  # Yevgeniy/Evgeny, Yelena/Elena
    if out.endswith("ff") or (len(out) > 4 and out.endswith("of")):
        out = out[:-1] + "v"  # Romanoff, Smirnoff
    # ёв after ж, ч, ш, щ, ц: -ev in English (Khrushchev, Gorbachev), -ow/-ov in German,
    # Polish and many passports (Chruschtschow, Gorbatschow, Gorbachov)
    out = _HUSHED_YO.sub("e", out)
    return _DOUBLE.sub(r"\1", out)


_CONS_DROP = re.compile(r"[aeiouyw'`]")


@lru_cache(maxsize=200_000)
def consonants(token: str) -> str:
    """The consonant skeleton of a lower-case ASCII token (Hassan, Hasan, hsn → hsn)."""
    token = token.replace("q", "k").replace("ou", "u").replace("ph", "f")
    token = token.replace("kh", "h").replace("dh", "d").replace("gh", "g")
    # a final -i/-y is a suffix (Kamali, Mohammadi) that Arabic script writes as ي
    final = "y" if len(token) > 3 and token[-1] in "iy" else ""
    token = _CONS_DROP.sub("", token) + final
    return _DOUBLE.sub(r"\1", token)


@lru_cache(maxsize=200_000)
def vowel_slots(token: str) -> frozenset[int]:
    """Where vowels stand between the consonants of ``consonants(token)``.

    Slot 0 is before the first consonant, slot i after the i-th.  A name from
    Arabic script writes its long vowels (ا و ي); the same name in Latin must
    have a vowel in each of those slots (Bashar fits بشار, Bushra does not).
    """
    token = token.replace("q", "k").replace("ou", "u").replace("ph", "f")
    token = token.replace("kh", "h").replace("dh", "d").replace("gh", "g")
    slots: set[int] = set()
    count = 0
    last = ""
    for char in token:
        if char in "aeiouyw":
            slots.add(count)
            last = ""
        elif char in "'`":
            continue
        elif char != last:
            count += 1
            last = char
    return frozenset(slots)
