"""Company legal forms across languages, recognised and reduced to one code.

``ООО``, ``OOO``, ``TOV``, ``ТАА`` and "limited liability company" are one
legal form (LLC); a name match should not hang on which one a list chose, and
the form itself says little about identity, so it is matched separately and
weighted low.  Phrases are written as they appear after romanisation
(``zaslon.core.text.translit``), lower case.
"""

from __future__ import annotations

from functools import lru_cache

FORMS: dict[str, tuple[str, ...]] = {
    "llc": (
        "llc", "l l c", "ooo", "tov", "taa", "too", "mchj", "limited liability company",
        "limited liability partnership", "obshchestvo s ogranichennoy otvetstvennostyu",
        "obshestvo s ogranichennoi otvetstvennostyu", "obshchestvo s ogranichennoi otvetstvennostiu",
        "obshchestvo s ogranichennoj otvetstvennostju", "obschestvo s ogranichennoy otvetstvennostyu",
        "tovarystvo z obmezhenoyu vidpovidalnistyu", "tavarystva z abmezhavanay adkaznastsyu",
        "sp z o o", "spolka z ograniczona odpowiedzialnoscia", "gmbh", "sarl", "s a r l", "srl",
        "s r l", "ltda", "s de rl", "limitada", "llp", "ooo kompaniya",
    ),
    "jsc": (
        "jsc", "ao", "aat", "at", "oao", "pao", "pjsc", "ojsc", "zao", "cjsc", "zat", "pat", "prat",
        "vat", "ajsc", "jscb", "joint stock company", "joint-stock company", "public joint stock company",
        "open joint stock company", "closed joint stock company", "joint stock commercial bank",
        "aktsionernoe obshchestvo", "akcionernoe obshchestvo", "aktsionernoe obshestvo",
        "aktsionernoye obshchestvo", "akcionernoe obsestvo", "aktsyyanernae tavarystva",
        "publichnoe aktsionernoe obshchestvo", "publichnoye aktsionernoye obshchestvo",
        "otkrytoe aktsionernoe obshchestvo", "otkrytoye aktsionernoye obshchestvo",
        "zakrytoe aktsionernoe obshchestvo", "zakrytoye aktsionernoye obshchestvo",
        "otkrytoe akcionernoe obshchestvo", "zakrytoe akcionernoe obshchestvo",
        "otkrytoe akcionernoe obsestvo", "zakrytoe akcionernoe obsestvo",
        "akcionernoe obsestvo", "publicnoe akcionernoe obsestvo",
        "nepublichnoe aktsionernoe obshchestvo", "aktsionerne tovarystvo",
        "publichne aktsionerne tovarystvo", "pryvatne aktsionerne tovarystvo",
        "adkrytae aktsyyanernae tavarystva", "zakrytae aktsyyanernae tavarystva",
        "ag", "sa", "s a", "spa", "s p a", "nv", "n v", "plc", "p l c", "kk", "kabushiki kaisha", "as", "ab",
        "oyj", "asa", "sae", "psc", "qsc", "pjsc", "jsc bank",
    ),
    "up": (
        "up", "rup", "chup", "chtup", "oup", "gup", "fgup", "mup", "kup", "unitary enterprise",
        "private unitary enterprise", "republican unitary enterprise", "state unitary enterprise",
        "federal state unitary enterprise", "unitarnoe predpriyatie", "unitarnoye predpriyatiye",
        "chastnoe unitarnoe predpriyatie", "privatnoe unitarnoe predpriyatie",
        "respublikanskoe unitarnoe predpriyatie", "gosudarstvennoe unitarnoe predpriyatie",
        "federalnoe gosudarstvennoe unitarnoe predpriyatie", "pryvatnae unitarnae pradpryemstva",
        "respublikanskae unitarnae pradpryemstva", "chastnoe torgovoe unitarnoe predpriyatie",
        "chtup", "ktup",
    ),
    "ltd": (
        "ltd", "limited", "co ltd", "company limited", "pte ltd", "pty ltd", "pte", "pty", "bhd",
        "sdn bhd", "sendirian berhad", "berhad", "pvt ltd", "private limited", "fze", "fzco", "fzc",
        "fz llc", "dmcc", "inc", "incorporated", "corp", "corporation", "co", "company", "lp",
        "youxian gongsi", "you xian gong si", "gong si", "youxiangongsi", "jusik hoesa",
    ),
    "ip": ("ip", "individualnyy predprinimatel", "individualnyi predprinimatel", "fop", "spd"),
    "ngo": ("ano", "avtonomnaya nekommercheskaya organizatsiya", "nko", "fond", "foundation"),
    "gp": ("gp", "general partnership", "polnoe tovarishchestvo"),
    "fgbu": (
        "fgbu", "fgbou", "fgau", "federal state budgetary institution",
        "federal state budgetary educational institution", "federalnoe gosudarstvennoe byudzhetnoe uchrezhdenie",
        "federal state institution", "fgu", "fku", "gbu", "mbu",
    ),
    "nao": ("nao", "non public joint stock company"),
    "kp": ("kp", "kommandytne tovarystvo", "limited partnership"),
    "ooo npo": ("npo", "nauchno proizvodstvennoe obedinenie", "scientific production association",
                "research and production association", "nauchno-proizvodstvennoe obedinenie"),
    "npp": ("npp", "nauchno proizvodstvennoe predpriyatie", "research and production enterprise",
            "scientific production enterprise", "research and production company"),
}  # fmt: skip


# Kinds of joint-stock company, which one code ("jsc") lumps together.  The
# kind does not decide identity (Russia's 2014 reform turned every OAO into a
# PAO, so lists name one company both ways), but a name written with the same
# kind is the closer spelling and ranks first among otherwise equal hits.
VARIANTS: dict[str, tuple[str, ...]] = {
    "public": (
        "pao", "pjsc", "pat", "public joint stock company", "publichnoe aktsionernoe obshchestvo",
        "publichnoye aktsionernoye obshchestvo", "publicnoe akcionernoe obsestvo",
        "publichne aktsionerne tovarystvo",
    ),
    "open": (
        "oao", "ojsc", "vat", "open joint stock company", "otkrytoe aktsionernoe obshchestvo",
        "otkrytoye aktsionernoye obshchestvo", "otkrytoe akcionernoe obshchestvo",
        "otkrytoe akcionernoe obsestvo", "adkrytae aktsyyanernae tavarystva",
    ),
    "closed": (
        "zao", "cjsc", "zat", "prat", "closed joint stock company", "zakrytoe aktsionernoe obshchestvo",
        "zakrytoye aktsionernoye obshchestvo", "zakrytoe akcionernoe obshchestvo",
        "zakrytoe akcionernoe obsestvo", "zakrytae aktsyyanernae tavarystva", "pryvatne aktsionerne tovarystvo",
    ),
}  # fmt: skip


@lru_cache(maxsize=1)
def _variants() -> dict[tuple[str, ...], str]:
    return {
        tuple(spelling.replace("-", " ").split()): kind
        for kind, spellings in VARIANTS.items()
        for spelling in spellings
    }


def variant(phrase: list[str]) -> str:
    """The kind of legal form a recognised phrase names ("public", "open", "closed"), or ""."""
    return _variants().get(tuple(_correct(t) for t in phrase), "")


@lru_cache(maxsize=1)
def phrases() -> dict[tuple[str, ...], str]:
    """Token tuple of every spelling -> its legal-form code."""
    table: dict[tuple[str, ...], str] = {}
    for code, spellings in FORMS.items():
        for spelling in spellings:
            table.setdefault(tuple(spelling.replace("-", " ").split()), code)
    return table


@lru_cache(maxsize=1)
def max_phrase_len() -> int:
    return max(len(p) for p in phrases())


@lru_cache(maxsize=1)
def _vocabulary() -> dict[str, str]:
    """Deletion neighbourhood of the long words of legal-form phrases, for typo tolerance."""
    words = {w for phrase in phrases() for w in phrase if len(w) >= 6}
    table: dict[str, str] = {word: word for word in words}
    for word in sorted(words):
        for i in range(len(word)):
            table.setdefault(word[:i] + word[i + 1 :], word)
    return table


def _correct(token: str) -> str:
    """A legal-form word spelled with one letter wrong ("companny", "limitde"), corrected."""
    if len(token) < 6:
        return token
    table = _vocabulary()
    found = table.get(token)
    if found is not None and abs(len(found) - len(token)) <= 1:
        return found
    for i in range(len(token)):
        found = table.get(token[:i] + token[i + 1 :])
        if found is not None and abs(len(found) - len(token)) <= 1:
            return found
    return token


@lru_cache(maxsize=1)
def _one_word_forms() -> dict[str, frozenset[tuple[str, str]]]:
    """Every one-word spelling of four letters or more, by each one-letter blank: "fz?o" -> (fzco, ltd)."""
    table: dict[str, set[tuple[str, str]]] = {}
    for phrase, code in phrases().items():
        if len(phrase) == 1 and len(phrase[0]) >= 4:
            word = phrase[0]
            for i in range(len(word)):
                table.setdefault(word[:i] + "?" + word[i + 1 :], set()).add((word, code))
    return {blank: frozenset(found) for blank, found in table.items()}


@lru_cache(maxsize=20_000)
def misspelt(token: str, codes: tuple[str, ...]) -> str:
    """The spelling of one of the legal forms ``codes`` that ``token`` is with one letter wrong, or "".

    "FZVO" is FZCO mistyped; ``find`` cannot tell that on its own (four
    letters one from a form may be a name: Karl, Bond), but a company whose
    listed name holds the form FZCO can.
    """
    if len(token) < 4:
        return ""
    wanted = set(codes)
    table = _one_word_forms()
    for i in range(len(token)):
        for word, code in table.get(token[:i] + "?" + token[i + 1 :], ()):
            if code in wanted and word != token:
                return word
    return ""


def find(tokens: list[str]) -> list[tuple[int, int, str]]:
    """Spans ``(start, end, code)`` of legal forms in a list of lower-case Latin tokens.

    Greedy, longest phrase first; a form must not be the whole name (a company
    called "Fond" is named Fond).
    """
    table = phrases()
    longest = max_phrase_len()
    tokens = [_correct(t) for t in tokens]
    spans: list[tuple[int, int, str]] = []
    i = 0
    n = len(tokens)
    while i < n:
        for size in range(min(longest, n - i), 0, -1):
            code = table.get(tuple(tokens[i : i + size]))
            if code is not None:
                spans.append((i, i + size, code))
                i += size
                break
        else:
            i += 1
    covered = sum(end - start for start, end, _ in spans)
    if covered >= n:
        return []
    return spans
