"""How alike two name tokens are, and by which rule.

Rules are tried from the most to the least certain; the first that applies
gives the similarity and the words an analyst reads in the explanation.
"""

from __future__ import annotations

from rapidfuzz.distance import OSA

from zaslon.core.names import given_names, slavic
from zaslon.core.names.analyze import Token
from zaslon.core.text import phonetic

EXACT = "exact"
ROMANISATION = "romanisation"
GIVEN_NAME = "given-name"
SURNAME_ENDING = "surname-ending"
PATRONYMIC = "patronymic"
CONSONANTS = "consonants"
INITIAL = "initial"
TYPO = "typo"
JOINED = "joined"

# a different first letter is more often a different name (Butina/Putina) than a typo
FIRST_LETTER_DIFFERS = 0.8

# Cyrillic letters romanised as two Latin ones, written so as initials ("S. Ya.")
DIGRAPH_INITIALS = frozenset({"ya", "yu", "ye", "yo", "zh", "kh", "ts", "ch", "sh", "ja", "ju", "je"})

Similarity = tuple[float, str, str]  # similarity, rule, note for the analyst

SIMILARITY = {
    EXACT: 1.0,
    ROMANISATION: 0.96,
    GIVEN_NAME: 0.93,
    SURNAME_ENDING: 0.92,
    PATRONYMIC: 0.9,
    CONSONANTS: 0.88,
    INITIAL: 0.75,
    JOINED: 0.93,
}


def _allowed_edits(longest: int) -> int:
    return 1 if longest <= 8 else 2 if longest <= 12 else 3


def _typo_similarity(a: str, b: str) -> float:
    """Edit-distance similarity, tolerant in proportion to length (0 if too far).

    Called for most pairs of parts that meet no other rule, so the cheap
    length tests come before the edit distance.
    """
    la, lb = len(a), len(b)
    longest, gap = (la, la - lb) if la > lb else (lb, lb - la)
    if longest < 4 or gap > 3:
        return 0.0
    allowed = _allowed_edits(longest)
    if gap > allowed:
        return 0.0  # the difference in length alone is more edits than allowed
    dist = OSA.distance(a, b, score_cutoff=allowed + 1)
    if dist > allowed:
        return 0.0
    # four letters: only a swap of two neighbours (Haal/Hala) passes for a typo
    if longest == 4 and (dist != 1 or sorted(a) != sorted(b)):
        return 0.0
    sim = (1.0 - dist / longest) * 0.97
    return sim * FIRST_LETTER_DIFFERS if a[0] != b[0] else sim


def _compare(q: Token, c: Token) -> Similarity:
    qt, ct = q.text, c.text
    if qt == ct:
        return 1.0, EXACT, ""
    if q.is_number or c.is_number:
        return 0.0, "", ""
    lq, lc = len(qt), len(ct)
    short = lq <= 3 or lc <= 3
    if not short and (q.key == c.key or ((q.plain or c.plain) and not set(q.keys).isdisjoint(c.keys))):
        return SIMILARITY[ROMANISATION], ROMANISATION, "same name in another romanisation"
    if q.given >= 0 and q.given == c.given:
        return (
            SIMILARITY[GIVEN_NAME],
            GIVEN_NAME,
            f"forms of the given name {given_names.canonical(q.given).title()}",
        )
    if q.surname is not None and q.surname == c.surname:
        return (
            SIMILARITY[SURNAME_ENDING],
            SURNAME_ENDING,
            "Belarusian/Ukrainian/Russian forms of one surname ending",
        )
    if q.patronymic and c.patronymic:
        qs, cs = slavic.patronymic_stem(q.key), slavic.patronymic_stem(c.key)
        if qs and cs and _same_father(qs, cs):
            return SIMILARITY[PATRONYMIC], PATRONYMIC, "patronymics from the same father's name"
    if lq == 1 or lc == 1:
        if q.person and c.person and not (lq == 1 and lc == 1):
            initial, full = (q, c) if lq == 1 else (c, q)
            if initial.text in _initials(full):
                return SIMILARITY[INITIAL], INITIAL, "initial"
        return 0.0, "", ""
    if short and q.person and c.person and (qt in DIGRAPH_INITIALS or ct in DIGRAPH_INITIALS):
        initial, full = (q, c) if qt in DIGRAPH_INITIALS else (c, q)
        if len(full.text) > 2 and full.text.startswith(initial.text):
            return SIMILARITY[INITIAL], INITIAL, "initial"
    if short and not (q.abjad or c.abjad):
        return 0.0, "", ""
    if q.abjad != c.abjad and not _long_vowels_fit(q, c):
        return 0.0, "", ""
    if (q.abjad or c.abjad) and q.cons == c.cons and len(q.cons) >= 2:
        # two consonants (Assad: sd) say less than three or more
        sim = SIMILARITY[CONSONANTS] if len(q.cons) >= 3 else SIMILARITY[CONSONANTS] - 0.08
        return sim, CONSONANTS, "same consonants (name from a script without vowels)"
    if (q.bare and q.bare == c.key) or (c.bare and c.bare == q.key):
        return SIMILARITY[JOINED], JOINED, "the Arabic article written joined"
    if abs(len(q.key) - len(c.key)) > 3 and abs(lq - lc) > 3 and not (q.abjad or c.abjad):
        return 0.0, "", ""  # too far apart in length for any rule below
    sim = max(_typo_similarity(q.key, c.key), _typo_similarity(qt, ct))
    if sim == 0 and (q.plain or c.plain):
        # a spelling that mixes conventions (Lichachow: German х, English ч)
        sim = max(_typo_similarity(a, b) for a in q.keys for b in c.keys)
    if sim == 0 and ("h" in q.key or "h" in c.key):
        # Belarusian and Ukrainian г is h where Russian writes g (Hienadz/Gennadiy)
        sim = _typo_similarity(_as_russian(q.key), _as_russian(c.key)) * 0.97
    if q.abjad or c.abjad:
        sim = max(sim, _typo_similarity(q.cons, c.cons) * 0.9 if len(q.cons) >= 3 else 0.0)
    if sim > 0:
        return sim, TYPO, "spelling differs"
    return 0.0, "", ""


def _initials(token: Token) -> set[str]:
    """Letters a name part may be abbreviated to, in any language's spelling of it.

    Рыгоравіч may be written "G." in a Russian-language document (Grigorevich).
    """
    letters = {token.text[0], token.key[0].lower()}
    groups = [token.given] if token.given >= 0 else []
    if token.patronymic:
        stem = slavic.patronymic_stem(token.key)
        if stem:
            for candidate in (stem, stem + "i"):
                group = given_names.group_of(candidate)
                if group is not None:
                    groups.append(group)
    for group in groups:
        letters.update(spelling[0] for spelling in given_names.GROUPS[group])
    return letters


def _long_vowels_fit(q: Token, c: Token) -> bool:
    """An Arabic-script name part's long vowels must stand where the Latin part has vowels."""
    arabic, latin = (q, c) if q.abjad else (c, q)
    if arabic.cons != latin.cons:
        return True  # only judged where the consonants agree; typos are judged elsewhere
    return phonetic.vowel_slots(arabic.text) <= phonetic.vowel_slots(latin.text)


def _as_russian(key: str) -> str:
    return key.replace("h", "g").replace("ie", "e")


def _same_father(a: str, b: str) -> bool:
    if a == b or _as_russian(a) == _as_russian(b):
        return True
    for x, y in ((a, b), (a + "i", b + "i"), (a + "i", b), (a, b + "i")):
        ga, gb = given_names.group_of(x), given_names.group_of(y)
        if ga is not None and ga == gb:
            return True
    return max(_typo_similarity(a, b), _typo_similarity(_as_russian(a), _as_russian(b))) >= 0.75


# Pairs already compared, by query token then listed token (tokens hash by
# identity; the cache keeps them alive, so an id is never reused while it is a
# key).  Hot loops look in ``row(q)`` first and call ``remember`` only on a miss.
compared: dict[Token, dict[Token, Similarity]] = {}
_CACHE_LIMIT = 1_000_000
_cached = 0


def row(q: Token) -> dict[Token, Similarity]:
    """The comparisons of ``q`` made so far, by the other token."""
    found = compared.get(q)
    if found is None:
        found = compared[q] = {}
    return found


def compare(q: Token, c: Token) -> Similarity:
    """``(similarity in [0, 1], rule, note)``; similarity 0 means no match."""
    known = row(q)
    return known.get(c) or remember(known, q, c)


def remember(known: dict[Token, Similarity], q: Token, c: Token) -> Similarity:
    """Compare ``q`` with ``c`` and keep the result in ``known``, the row of ``q``."""
    global _cached
    if _cached >= _CACHE_LIMIT:
        compared.clear()
        _cached = 0
        known = row(q)
    found = known[c] = _compare(q, c)
    _cached += 1
    return found
