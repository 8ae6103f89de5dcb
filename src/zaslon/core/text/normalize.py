"""Unicode clean-up of names before anything else looks at them.

NFKC (full-width forms, ligatures), Latin/Cyrillic homoglyphs inside a word
(lists and forged documents mix them: ``Лукашенкo`` with a Latin ``o``), and
punctuation to spaces.  Idempotent; never raises.
"""

from __future__ import annotations

import re
import unicodedata

from zaslon.core.text.scripts import CYRILLIC, LATIN, scripts

# Latin letters that look like Cyrillic ones, both ways
_LAT_TO_CYR = dict(zip("aceiopxyABCEHIKMOPTXYkmtb", "асеіорхуАВСЕНІКМОРТХУкмтв"))
_CYR_TO_LAT = {
    "а": "a", "с": "c", "е": "e", "і": "i", "о": "o", "р": "p", "х": "x", "у": "y", "А": "A",
    "В": "B", "С": "C", "Е": "E", "Н": "H", "І": "I", "К": "K", "М": "M", "О": "O", "Р": "P",
    "Т": "T", "Х": "X", "ё": "ë", "ј": "j",
}  # fmt: skip

_WORD = re.compile(r"\w+", re.UNICODE)


def _cyrillic_latin(text: str) -> tuple[int, int]:
    counts = scripts(text)
    return counts.get(CYRILLIC, 0), counts.get(LATIN, 0)


def _fix_word(word: str) -> str:
    cyr, lat = _cyrillic_latin(word)
    if not cyr or not lat:
        return word
    if cyr >= lat:
        return "".join(_LAT_TO_CYR.get(c, c) for c in word)
    return "".join(_CYR_TO_LAT.get(c, c) for c in word)


def fix_homoglyphs(text: str) -> str:
    """Rewrite look-alike letters so each word is in one script (the majority's).

    A word made only of look-alike letters (an initial such as ``H.`` in
    ``ШКОЛКИНА H.``) takes the script of the rest of the name.
    """
    text = _WORD.sub(lambda m: _fix_word(m.group(0)), text)
    cyr, lat = _cyrillic_latin(text)
    if cyr and lat:
        table = _LAT_TO_CYR if cyr > lat else _CYR_TO_LAT

        def convert(m: re.Match[str]) -> str:
            word = m.group(0)
            if len(word) <= 2 and all(c in table for c in word):
                return "".join(table[c] for c in word)
            return word

        text = _WORD.sub(convert, text)
    return text


_PUNCT_KEEP = "'’ʼ`"
_ASCII_APOSTROPHE = re.compile(r"['`]")
_ASCII_OTHER = re.compile(r"[^A-Za-z0-9]+")


def clean(text: str) -> str:
    """NFKC, homoglyphs fixed, control characters and punctuation turned to spaces.

    Apostrophes inside words are dropped rather than split on, since
    ``O'Brien``, ``Ma'thi`` and the Belarusian apostrophe are one word.
    """
    if text.isascii():
        # the common case, done with two regular expressions instead of a loop
        return " ".join(_ASCII_OTHER.sub(" ", _ASCII_APOSTROPHE.sub("", text)).split())
    text = unicodedata.normalize("NFKC", text)
    # apostrophes go before look-alikes are judged, so the words judged are the
    # words that come out (else cleaning twice could judge them differently)
    text = fix_homoglyphs("".join(c for c in text if c not in _PUNCT_KEEP))
    out = []
    for char in text:
        cat = unicodedata.category(char)
        if cat[0] in "LN" or cat == "Mn" or cat == "Mc":
            out.append(char)
        else:
            out.append(" ")
    return " ".join("".join(out).split())
