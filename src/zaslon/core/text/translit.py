"""Transliteration of names to lower-case Latin.

Cyrillic is done here, language-aware, from a reviewed table: Belarusian and
Ukrainian letters (і, ў, ї, є, ґ) and the Belarusian/Ukrainian reading of г as
h are kept apart from Russian, because lists romanise each language its own
way.  The output is one canonical romanisation close to BGN/PCGN; the other
schemes (ICAO passports, ISO 9, German, French, Polish, national systems) are
reconciled afterwards by ``phonetic.key``, not by emitting every variant here.

Every other script goes through ``anyascii`` (a maintained Unicode-to-ASCII
table): Greek, Georgian, Armenian, Arabic/Persian (as consonant skeletons,
since the script writes few vowels), Hebrew, Han (pinyin syllables), Hangul
and kana.
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

from zaslon.core.text.scripts import ARABIC, CYRILLIC, HAN, HANGUL, HEBREW, KANA, LATIN, char_script

RU = "ru"
BE = "be"
UK = "uk"
SR = "sr"

_COMMON: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    # letters of other Cyrillic alphabets, so a stray one never drops out
    "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ў": "w",
    "ђ": "dj", "ј": "j", "љ": "lj", "њ": "nj", "ћ": "c", "џ": "dz", "ѓ": "gj", "ќ": "kj",
    "ѕ": "dz", "қ": "k", "ғ": "gh", "ү": "u", "ұ": "u", "ң": "ng", "ө": "o", "һ": "h", "ә": "a",
    "ҳ": "h", "ҷ": "j", "ӣ": "i", "ӯ": "u", "ʼ": "", "'": "", "’": "",
}  # fmt: skip

_BY_LANG: dict[str, dict[str, str]] = {
    RU: {"є": "e", "ї": "i", "і": "i", "ґ": "g", "ў": "v"},
    BE: {"г": "h", "ў": "w", "і": "i", "ё": "yo", "е": "e"},
    UK: {"г": "h", "ґ": "g", "и": "y", "і": "i", "ї": "yi", "є": "ye", "щ": "shch"},
    SR: {"ђ": "dj", "ј": "j", "ћ": "c", "џ": "dz", "х": "h", "ц": "c", "ч": "c", "ш": "s", "ж": "z"},
}

_SERBIAN = frozenset("ђћџљњј")


def cyrillic_language(text: str, hint: str | None = None) -> str:
    """Guess which Cyrillic alphabet a name is written in (ru, be, uk, sr).

    A letter only one alphabet has decides: ї є ґ Ukrainian, ў Belarusian,
    ђ ћ џ љ њ ј Serbian/Macedonian; і is Belarusian unless и also occurs
    (Ukrainian has both, Belarusian no и).  Without markers, the language the
    list states wins, then Russian.
    """
    low = text.lower()
    if any(c in low for c in "їєґ"):
        return UK
    if "ў" in low:
        return BE
    if "і" in low:
        return UK if ("и" in low or hint == UK) else BE
    if any(c in low for c in _SERBIAN):
        return SR
    if hint in _BY_LANG:
        return hint
    return RU


def cyrillic_to_latin(text: str, lang: str | None = None, *, force: bool = False) -> str:
    """Romanise Cyrillic text (lower case) by the table of its language.

    With ``force`` the given language's table is used whatever the letters say.
    """
    lang = lang if (force and lang) else cyrillic_language(text, lang)
    table = _BY_LANG.get(lang, {})
    out = []
    for char in text.lower():
        repl = table.get(char)
        if repl is None:
            repl = _COMMON.get(char, char)
        out.append(repl)
    return "".join(out)


# Latin letters with marks that carry a sound of their own in Slavic and
# Baltic spellings (ž is zh, not z); everything else loses its mark.
_LATIN_SPECIAL: dict[str, str] = {
    "ž": "zh", "š": "sh", "č": "ch", "ć": "ch", "ś": "s", "ź": "z", "ż": "zh", "ł": "l",
    "đ": "dj", "ŭ": "u", "ß": "ss", "ø": "o", "æ": "ae", "œ": "oe", "ı": "i", "ŝ": "shch",
    "ĉ": "ch", "ħ": "h", "þ": "th", "ð": "d", "ʹ": "", "ʺ": "", "ʼ": "", "ʻ": "", "ʿ": "", "ʾ": "",
}  # fmt: skip


def fold_latin(text: str) -> str:
    """Lower-case ASCII from Latin text: Slavic háčeks spelled out, other marks dropped."""
    out = []
    for char in text.lower():
        if char.isascii():
            out.append(char)
            continue
        special = _LATIN_SPECIAL.get(char)
        if special is not None:
            out.append(special)
            continue
        decomposed = unicodedata.normalize("NFKD", char)
        base = "".join(c for c in decomposed if not unicodedata.combining(c))
        out.append(base if base.isascii() else anyascii(base).lower())
    return "".join(out)


_CAMEL = re.compile(r"[A-Z][a-z]*|[a-z]+|[0-9]+")


def _han_to_latin(text: str) -> str:
    # anyascii writes Han as pinyin syllables in CamelCase: keep syllables apart
    out = []
    for chunk in re.split(r"(\s+)", text):
        if chunk.isspace() or not chunk:
            out.append(chunk)
            continue
        syllables = _CAMEL.findall(anyascii(chunk))
        out.append(" ".join(s.lower() for s in syllables) if syllables else anyascii(chunk).lower())
    return "".join(out)


def romanize(text: str, lang: str | None = None) -> tuple[list[str], str]:
    """Romanisations of a name, and the script it was written in.

    A Belarusian or Ukrainian name yields its own romanisation and the one a
    Russian-language document would give (г as g, not h), since both occur for
    the same person.  Other names yield one.
    """
    latin, script = to_latin(text, lang)
    if script == CYRILLIC:
        language = cyrillic_language(text, lang)
        if language in (BE, UK):
            russian = to_latin(text, RU, force=True)[0]
            if russian != latin:
                return [latin, russian], script
    return [latin], script


def to_latin(text: str, lang: str | None = None, *, force: bool = False) -> tuple[str, str]:
    """Romanise a whole name; returns ``(latin, script)`` where script is the main source script."""
    if text.isascii():
        return text.lower(), LATIN  # most names: what the loops below would give, without them
    counts: dict[str, int] = {}
    for char in text:
        script = char_script(char)
        if script is not None:
            counts[script] = counts.get(script, 0) + 1
    if not counts:
        return text.lower(), LATIN
    main = max(counts.items(), key=lambda kv: kv[1])[0]
    if len(counts) == 1 and main == LATIN:
        return fold_latin(text), LATIN
    out: list[str] = []
    # romanise run by run so a mixed name ("ООО PIK KORPORATSIYA") keeps both parts
    for run_script, run in _runs(text):
        if run_script == CYRILLIC:
            out.append(cyrillic_to_latin(run, lang, force=force))
        elif run_script == LATIN or run_script is None:
            out.append(fold_latin(run))
        elif run_script in (HAN, HANGUL):
            out.append(_han_to_latin(run))
        elif run_script == KANA:
            out.append(anyascii(run).lower())
        elif run_script == ARABIC:
            # alif is a long a: keep it (anyascii drops it), so Bashar (بشار) and
            # Bushra (بشرى) stay apart though their consonants agree
            out.append(anyascii(_strip_article(run).replace("ا", "a")).lower())
        else:
            out.append(anyascii(run).lower())
    return "".join(out), main


def _strip_article(text: str) -> str:
    # the article ال is written joined to its word (التكريتي = al-Tikriti); lists
    # writing the name in Latin drop it or write it apart, so it is not part of the word
    return " ".join(w[2:] if w.startswith("ال") and len(w) > 3 else w for w in text.split(" "))


def _runs(text: str) -> list[tuple[str | None, str]]:
    runs: list[tuple[str | None, str]] = []
    current: str | None = None
    buf: list[str] = []
    for char in text:
        script = char_script(char)
        if script is None:
            buf.append(char)
            continue
        if current is not None and script != current:
            runs.append((current, "".join(buf)))
            buf = []
        current = script
        buf.append(char)
    if buf:
        runs.append((current, "".join(buf)))
    return runs


ABJADS = frozenset({ARABIC, HEBREW})
