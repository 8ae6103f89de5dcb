"""Which listings are one party, listed on several lists.

Lists share no ids: the man the US lists as "KHODAKOVSKYY, Oleksandr
Sergeyevich" is "Alexander Sergeevich KHODAKOVSKY" on the UK list and
"Alexander KHODAKOVSKY" on Australia's.  A screen that meets him should raise
one alert that names all three listings, not three alerts.

Two listings on different lists are linked when nothing about them
contradicts (birth dates, countries, gender, IMO numbers) and

- they give the same full birth date or the same identifier, and their names
  agree (``WITH_EVIDENCE``); or
- their main names agree (``BY_NAME`` read one way, ``WITH_EVIDENCE`` the
  other: "Igor SHCHEGOLEV" is "Igor Olegovich SHCHEGOLEV" without the
  patronymic; two organisations' names read apart only by words like "The"
  and "of"), the name holds a part rare in the lists, and on each side it is
  the only listing of the other list the name meets — so two Sergei Ivanovs
  on one list never pull a third in.

A party holds at most one listing per list, and no two of its listings may
contradict each other: links are taken strongest first and a link that would
break either rule is left out.  Links never cross a list itself (a list does
not list one party twice), so what a list says apart stays apart.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations

from zaslon.core.index.candidates import CandidateIndex, IndexedEntity
from zaslon.core.match import features
from zaslon.core.match.names import compare_forms
from zaslon.core.model.schema import PERSON, compatible
from zaslon.core.names.analyze import make_token

WITH_EVIDENCE = 0.75
BY_NAME = 0.9
# words one list writes in an organisation's name and another leaves out
FUNCTION_WORDS = ("the", "of", "and", "for", "in", "on", "at", "to", "a", "an")
# a name linked on its own must hold a part at most this many listings share
RARE_PART = 40
MIN_IDENTIFIER = 6
# a birth date or identifier that many listings share says nothing (placeholders, 1 January)
CROWDED = 30


@dataclass(slots=True)
class Parties:
    """The party of every listed entity (by position in the index: a party is named by its first
    listing), and why its listings were linked."""

    party: list[int]
    members: dict[int, list[int]] = field(default_factory=dict)  # parties of two or more listings
    links: dict[int, list[str]] = field(default_factory=dict)  # a sentence per link, by party

    def others(self, number: int) -> list[int]:
        """The other listings of the party ``number`` belongs to."""
        return [m for m in self.members.get(self.party[number], ()) if m != number]

    def referents(self, index: CandidateIndex, number: int) -> list[str]:
        """The ids of the other listings of the party ``number`` belongs to."""
        return [index.entities[other].id for other in self.others(number)]

    def why(self, number: int) -> list[str]:
        """Why the listings of the party ``number`` belongs to are one party: a sentence per link."""
        return self.links.get(self.party[number], [])

    @classmethod
    def none(cls, size: int) -> Parties:
        return cls(list(range(size)))


def contradict(a: IndexedEntity, b: IndexedEntity) -> str:
    """What says two listings are different parties, or "" if nothing does."""
    if a.birth_dates and b.birth_dates:
        dates = features.birth_date(a.birth_dates, b.birth_dates)
        if dates is not None and dates.contribution < 0:
            return dates.description
    if a.countries and b.countries and not set(a.countries) & set(b.countries):
        return "countries differ"
    if a.gender and b.gender and not set(a.gender) & set(b.gender):
        return "gender differs"
    if features.vessel_number(a.imo, b.imo) is not None:
        return "IMO numbers differ"
    return ""


class _Linker:
    def __init__(self, index: CandidateIndex) -> None:
        self.index = index
        self.entities = index.entities
        self._memo: dict[tuple[int, int], tuple[float, float]] = {}
        self._strong = [
            [f for f in entity.forms if index.form_prop[f] != "weakAlias"] for entity in index.entities
        ]
        self._main = [[f for f in forms if index.form_prop[f] == "name"] for forms in self._strong]
        self._lists = [frozenset(entity.datasets) for entity in index.entities]
        self._seen: set[tuple[int, int]] = set()

    def pairs(self, numbers: Iterable[int]) -> Iterable[tuple[int, int]]:
        """Pairs of listings not yet looked at that may be one party: on different lists, nothing contradicting."""
        entities, lists, seen = self.entities, self._lists, self._seen
        for a, b in combinations(sorted(numbers), 2):
            if (a, b) in seen:
                continue
            seen.add((a, b))
            ea, eb = entities[a], entities[b]
            if lists[a].isdisjoint(lists[b]) and _compatible(ea.schema, eb.schema) and not contradict(ea, eb):
                yield a, b

    def best_pair(self, forms_a: list[int], forms_b: list[int]) -> tuple[tuple[float, float], int, int]:
        """The best-agreeing pair of names, ranked by the worse reading: (worse, better reading), the pair."""
        best, pair = (0.0, 0.0), (-1, -1)
        for fa in forms_a:
            for fb in forms_b:
                found = self._pair(fa, fb)
                if found > best:
                    best, pair = found, (fa, fb)
                    if best[0] >= 1.0:
                        return best, fa, fb
        return best, pair[0], pair[1]

    def only_words_apart(self, fa: int, fb: int) -> bool:
        """Whether two organisations' names differ only by words that name nothing (The, of)."""
        forms = self.index.forms
        keys_a = {t.key for t in forms[fa].tokens}
        keys_b = {t.key for t in forms[fb].tokens}
        return (keys_a ^ keys_b) <= _function_keys()

    def _pair(self, fa: int, fb: int) -> tuple[float, float]:
        index = self.index
        key = (index.form_sig[fa], index.form_sig[fb])
        found = self._memo.get(key)
        if found is None:
            forms, weights, weigh = index.forms, index.token_weights, index.weight
            one = compare_forms(forms[fa], forms[fb], weigh, weights[fa], weights[fb]).score
            other = (
                compare_forms(forms[fb], forms[fa], weigh, weights[fb], weights[fa]).score if one > 0 else 0.0
            )
            found = self._memo[key] = self._memo[(key[1], key[0])] = (min(one, other), max(one, other))
        return found

    def evidence_links(self) -> list[tuple[float, int, int, str]]:
        """Listings with the same full birth date or identifier whose names agree."""
        buckets: dict[tuple[str, str], set[int]] = defaultdict(set)
        for number, entity in enumerate(self.entities):
            for date in entity.birth_dates:
                if len(date) == 10:
                    buckets[("birth date", date)].add(number)
            for value in entity.identifiers:
                normal = features.normalize_identifier(value)
                if len(normal) >= MIN_IDENTIFIER:
                    buckets[("identifier", normal)].add(number)
        links: dict[tuple[int, int], tuple[float, str]] = {}
        for (kind, value), numbers in buckets.items():
            if len(numbers) > CROWDED:
                continue
            for a, b in self.pairs(numbers):
                score = self.best_pair(self._strong[a], self._strong[b])[0][0]
                if score >= WITH_EVIDENCE:
                    links[(a, b)] = (score, f"same {kind} {value}, names agree {min(score, 1.0):.2f}")
        return [(score, a, b, why) for (a, b), (score, why) in links.items()]

    def name_links(self) -> list[tuple[float, int, int, str]]:
        """Listings whose main names agree both ways on a rare part, each the only one on its list to do so."""
        index = self.index
        buckets: dict[str, set[int]] = defaultdict(set)
        for number, forms in enumerate(self._main):
            for form_id in forms:
                tokens = index.forms[form_id].tokens
                if len(tokens) < (2 if self.entities[number].schema == PERSON else 1):
                    continue
                for token in tokens:  # every rare part: one side may lack the other's rarest
                    if index.df.get(token.key, 0) <= RARE_PART:
                        buckets[token.key].add(number)
        found: dict[tuple[int, int], float] = {}
        for numbers in buckets.values():
            for a, b in self.pairs(numbers):
                (worse, better), fa, fb = self.best_pair(self._main[a], self._main[b])
                if worse < WITH_EVIDENCE or better < BY_NAME:
                    continue
                # a person's name may lack the patronymic; an organisation with a word more is
                # another organisation (the Russian Direct Investment Fund is not its management company)
                organisations = PERSON not in (self.entities[a].schema, self.entities[b].schema)
                if worse < BY_NAME and organisations and not self.only_words_apart(fa, fb):
                    continue
                found[(a, b)] = worse
        # a name that meets two listings of one list cannot say which: link neither
        met: dict[tuple[int, str], int] = defaultdict(int)
        for a, b in found:
            for one, other in ((a, b), (b, a)):
                for dataset in self.entities[other].datasets:
                    met[(one, dataset)] += 1

        def unique(one: int, other: int) -> bool:
            return all(met[(one, d)] == 1 for d in self.entities[other].datasets)

        return [
            (score, a, b, f"same name on both lists, names agree {min(score, 1.0):.2f}")
            for (a, b), score in found.items()
            if unique(a, b) and unique(b, a)
        ]


def link(index: CandidateIndex) -> Parties:
    """The parties of ``index``: listings on different lists that are one person, company or vessel."""
    linker = _Linker(index)
    size = len(index.entities)
    parent = list(range(size))
    groups: dict[int, list[int]] = {n: [n] for n in range(size)}

    def root(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    made: dict[int, list[str]] = defaultdict(list)  # by root
    # evidence first, then names alone; the best-agreeing first within each
    for links in (linker.evidence_links(), linker.name_links()):
        for _, a, b, why in sorted(links, reverse=True):
            ra, rb = root(a), root(b)
            if ra == rb or not _may_join(index, groups[ra], groups[rb]):
                continue
            parent[rb] = ra
            groups[ra].extend(groups.pop(rb))
            made[ra] += [*made.pop(rb, []), f"{index.entities[a].id} and {index.entities[b].id}: {why}"]
    parties = Parties.none(size)
    for r, listings in groups.items():
        if len(listings) > 1:
            listings.sort()
            for n in listings:  # a party is named by its first listing, whichever link made it
                parties.party[n] = listings[0]
            parties.members[listings[0]] = listings
            parties.links[listings[0]] = made[r]
    return parties


@lru_cache(maxsize=1)
def _function_keys() -> frozenset[str]:
    return frozenset(make_token(word, person=False).key for word in FUNCTION_WORDS)


@lru_cache(maxsize=256)
def _compatible(a: str, b: str) -> bool:
    return compatible(a, b)


def _may_join(index: CandidateIndex, one: list[int], other: list[int]) -> bool:
    """A party holds one listing per list, none contradicting another."""
    entities = index.entities
    lists = {d for n in one for d in entities[n].datasets}
    if any(d in lists for n in other for d in entities[n].datasets):
        return False
    return not any(contradict(entities[a], entities[b]) for a in one for b in other)
