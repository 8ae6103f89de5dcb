"""A name, taken apart into tokens ready to compare.

``analyze`` cleans the text, romanises it (one or two forms, see
``translit.romanize``), splits it into tokens, recognises company legal forms
and computes for every token the keys the matcher and the index use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from zaslon.core.names import given_names, legal_forms, slavic
from zaslon.core.text import phonetic
from zaslon.core.text.normalize import clean
from zaslon.core.text.translit import ABJADS, romanize


# eq=False: tokens hash and compare by identity, which is cheap; ``make_token``
# hands out one object per distinct token, so identity is equality in practice
@dataclass(slots=True, frozen=True, eq=False)
class Token:
    text: str  # lower-case romanised form
    key: str  # romanisation-insensitive key
    cons: str  # consonant skeleton
    given: int  # given-name group, -1 if none
    patronymic: bool
    abjad: bool  # romanised from a script that writes few vowels
    person: bool  # part of a person's name (not a company's, vessel's)
    is_number: bool
    surname: tuple[str, int] | None  # (stem, ending group) if it ends like a Slavic surname
    plain: str  # the key read the English way where ``key`` read French or German, else ""
    bare: str  # the key without a joined Arabic article (Alsharif: "Sarif"), else ""

    @property
    def keys(self) -> tuple[str, ...]:
        """The token's key, and its plain reading where there is one."""
        return (self.key, self.plain) if self.plain else (self.key,)


@dataclass(slots=True, frozen=True)
class NameForm:
    """One romanised form of one name."""

    original: str
    tokens: tuple[Token, ...]
    legal_forms: tuple[str, ...]
    script: str
    legal_kinds: tuple[str, ...] = ()  # finer kinds of the legal forms, where known (legal_forms.VARIANTS)


_SPLIT = re.compile(r"[^\w]+")
# Particles that do not identify anyone (and are dropped or merged by some lists but not others)
_PARTICLES = frozenset(
    {"al", "el", "ul", "bin", "ibn", "bint", "de", "la", "van", "von", "der", "di", "da", "du"}
)


_ARTICLES = ("al", "el")


def without_article(text: str) -> str | None:
    """The name in a token that starts with the Arabic article written joined (Alsharif), else None.

    Only a guess ("Alexander" starts the same way): callers use it where the
    token as written found nothing.
    """
    if len(text) >= 7 and text.startswith(_ARTICLES):  # five letters left: not Al-fred, Al-bert
        return text[2:]
    return None


def splits(text: str) -> list[tuple[str, str]]:
    """Ways a long token may be two name parts written as one (TransneftSibir), each part 3+ letters."""
    if len(text) < 8:
        return []
    return [(text[:i], text[i:]) for i in range(3, len(text) - 2)]


@lru_cache(maxsize=300_000)
def make_token(text: str, abjad: bool = False, person: bool = True) -> Token:
    """A token with its keys; given-name and patronymic readings only for people."""
    key = phonetic.key(text)
    group = given_names.group_of(key) if person and not text.isdigit() else None
    return Token(
        text=text,
        key=key,
        cons=phonetic.consonants(text),
        given=-1 if group is None else group,
        patronymic=person and slavic.is_patronymic(key),
        abjad=abjad,
        person=person,
        is_number=text.isdigit(),
        surname=slavic.split_ending(key),
        plain=phonetic.plain_key(text),
        bare=phonetic.key(rest) if (rest := without_article(text)) is not None else "",
    )


def _given_first(name: str) -> str:
    """``SURNAME, Given Names`` as ``Given Names SURNAME``.

    Alignment ignores order, but which part is a middle name (cheap to drop)
    depends on it: in "ALI, Ahmed Mohammed" the given name is Ahmed.
    """
    if name.count(",") != 1:
        return name
    surname, given = (part.strip() for part in name.split(","))
    if not surname or not given or len(surname.split()) > 3:
        return name
    return f"{given} {surname}"


def _split_tokens(latin: str) -> list[str]:
    return [t for t in _SPLIT.split(latin.replace("_", " ")) if t]


def analyze(
    name: str, *, organization: bool = False, person: bool = True, lang: str | None = None
) -> list[NameForm]:
    """Every romanised form of a name, tokenised.  Never raises; may return [].

    ``organization`` strips company legal forms; ``person`` enables given-name
    and patronymic readings of the tokens.
    """
    text = clean(_given_first(name) if person else name)
    if not text:
        return []
    forms: list[NameForm] = []
    latins, script = romanize(text, lang)
    abjad = script in ABJADS
    for latin in latins:
        words = _split_tokens(latin)
        found: list[str] = []
        kinds: list[str] = []
        if organization and len(words) > 1:
            spans = legal_forms.find(words)
            if spans:
                drop: set[int] = set()
                for start, end, code in spans:
                    found.append(code)
                    kind = legal_forms.variant(words[start:end])
                    if kind:
                        kinds.append(kind)
                    drop.update(range(start, end))
                words = [w for i, w in enumerate(words) if i not in drop]
        tokens = tuple(make_token(w, abjad, person) for w in words if w not in _PARTICLES or len(words) == 1)
        if not tokens:
            tokens = tuple(make_token(w, abjad, person) for w in words)
        if tokens:
            forms.append(
                NameForm(
                    original=name,
                    tokens=tokens,
                    legal_forms=tuple(found),
                    script=script,
                    legal_kinds=tuple(kinds),
                )
            )
    return forms
