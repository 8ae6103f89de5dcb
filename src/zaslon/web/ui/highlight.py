"""Which words of a query name and of a listed name met each other, for highlighting.

An explanation's token matches name parts in their romanised, lower-case form
(``lukashenka`` ↔ ``lukashenko``), while an analyst reads the names as written
(``Aliaksandr LUKASHENKA``, ``ЛУКАШЕНКО``).  ``segments`` splits a name as
written into words and the text between them and tells, for each word, which
token match (numbered from 1, in the explanation's order) it took part in, so
a page can mark the pair with the same number and the rule's name.  Words that
matched nothing are marked as unmatched.  Pure: no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from zaslon.core.model.query import Explanation, Feature, TokenMatch
from zaslon.core.names.analyze import analyze
from zaslon.core.text.translit import cyrillic_language

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of a name: a word (matched or not) or the text between words."""

    text: str
    pair: int = 0  # 1-based number of the token match; 0: none
    rule: str = ""  # the token match's rule
    title: str = ""  # "query ↔ listed: note", for a tooltip and screen readers
    word: bool = False
    aside: bool = False  # a legal form (OOO, PJSC) or particle (al, bin): weighed apart, not a miss

    @property
    def unmatched(self) -> bool:
        return self.word and self.pair == 0 and not self.aside


def _forms(word: str, lang: str | None) -> set[str]:
    """The romanised forms a word takes in the matcher (one word can yield several tokens)."""
    found = {word.lower()}
    for form in analyze(word, lang=lang):
        found.update(t.text for t in form.tokens)
    return found


def _pair_of(forms: set[str], parts: list[str]) -> int:
    """The 1-based index of the first token part a word's forms meet, 0 if none."""
    for i, part in enumerate(parts, start=1):
        if not part:
            continue
        if part in forms:
            return i
        # "joined" parts span words ("abdul rahman" vs "abdulrahman"): a word inside one counts
        joined = part.replace(" ", "").replace("-", "")
        if any(len(f) >= 3 and f in joined and f != joined for f in forms) and (
            " " in part or len(joined) > 6
        ):
            return i
    return 0


def segments(name: str, tokens: list[TokenMatch], side: str, *, organization: bool = False) -> list[Segment]:
    """``name`` cut into segments, its words marked with the token match (``side``: query or listed).

    Words the matcher sets aside before comparing names — company legal forms
    (with ``organization``) and particles — are marked ``aside``, not unmatched.
    """
    parts = [(t.query if side == "query" else t.listed).lower() for t in tokens]
    lang = cyrillic_language(name) if any("\u0400" <= ch <= "\u04ff" for ch in name) else None
    kept = {t.text for form in analyze(name, organization=organization, lang=lang) for t in form.tokens}
    aside_title = "legal form: weighed apart from the name" if organization else "particle: not compared"
    out: list[Segment] = []
    last = 0
    for m in _WORD.finditer(name):
        if m.start() > last:
            out.append(Segment(name[last : m.start()]))
        forms = _forms(m.group(), lang)
        pair = _pair_of(forms, parts)
        if pair:
            tm = tokens[pair - 1]
            how = tm.note or tm.rule
            out.append(Segment(m.group(), pair, tm.rule, f"{tm.query} ↔ {tm.listed}: {how}", word=True))
        elif kept and not forms & kept:
            out.append(Segment(m.group(), title=aside_title, word=True, aside=True))
        else:
            out.append(Segment(m.group(), word=True))
        last = m.end()
    if last < len(name):
        out.append(Segment(name[last:]))
    return out


@dataclass(frozen=True, slots=True)
class Highlighted:
    """Both names of an explanation, segmented, and the token matches numbered as the marks are."""

    query: list[Segment]
    listed: list[Segment]
    pairs: list[tuple[int, TokenMatch]]


def highlight(explanation: Explanation, *, organization: bool = False) -> Highlighted:
    """Both names marked; ``organization`` for a company's names (legal forms set aside)."""
    tokens = list(explanation.tokens)
    return Highlighted(
        segments(explanation.query_name, tokens, "query", organization=organization),
        segments(explanation.listed_name, tokens, "listed", organization=organization),
        list(enumerate(tokens, start=1)),
    )


def explanation_from_dict(data: dict[str, Any]) -> Explanation:
    """An explanation back from its JSON shape (``Explanation.to_dict``), as recorded hits keep it."""
    return Explanation(
        query_name=str(data.get("query_name", "")),
        listed_name=str(data.get("listed_name", "")),
        listed_property=str(data.get("listed_property", "")),
        tokens=[
            TokenMatch(
                str(t.get("query", "")),
                str(t.get("listed", "")),
                str(t.get("rule", "")),
                float(t.get("similarity", 0)),
                float(t.get("weight", 0)),
                str(t.get("note", "")),
            )
            for t in data.get("tokens", [])
        ],
        unmatched_query=list(data.get("unmatched_query", [])),
        unmatched_listed=list(data.get("unmatched_listed", [])),
        features=[
            Feature(str(f.get("name", "")), float(f.get("contribution", 0)), str(f.get("description", "")))
            for f in data.get("features", [])
        ],
        party=[str(p) for p in data.get("party", [])],
    )
