"""The in-memory candidate index.

Every listed name is analysed once, at build time, into tokens.  The index
maps each token's romanisation-insensitive key to the names that hold it, and
reaches a key from a query token in four more ways: one edit away (a deletion
neighbourhood, so typos are found without scanning), the same given name in
another language, the same Slavic surname stem, and — for names from Arabic or
Hebrew script — the same consonants; a token no list holds may also be two
listed parts glued together, or a name with the Arabic article joined.  A
query touches only the postings of its own tokens' keys, so its cost grows
with how common its name parts are, not with the size of the lists.

The sums run a posting at a time in numpy over a scratch row per thread, and
``build(warm=True)`` works out what every listed token reaches up front.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from zaslon.core.model.countries import to_code
from zaslon.core.model.entity import Entity
from zaslon.core.model.schema import (
    COMPANY,
    IDENTIFIER_PROPS,
    LEGAL_ENTITY,
    ORGANIZATION,
    PERSON,
    THING,
    compatible,
)
from zaslon.core.names import given_names, slavic
from zaslon.core.names.analyze import NameForm, Token, analyze, splits

ORG_SCHEMATA = frozenset({ORGANIZATION, COMPANY, LEGAL_ENTITY, THING})
MIN_FUZZY_KEY = 4
MIN_TEXT_FUZZY = 5
# how much a way of reaching a key counts in the retrieval estimate
EXACT_REACH = 1.0
FUZZY_REACH = 0.8
NAME_GROUP_REACH = 0.9
# a query part weighing less than this share of its name's rarest part only
# adds to names the rarer parts reached (see ``candidates``)
COMMON_SHARE = 0.5
# names that reached less than this share of the best name's sum are dropped before normalising
PRUNE_SHARE = 0.35
# entities whose estimate is below this share of the best one are not scored (0.5 scored
# a fifth more names for no hit gained over 6,000 listed names screened as written and mistyped)
FLOOR_SHARE = 0.6
# an entity's names below this share of its best name's estimate are not compared
# (with 0.6, and a prune share of 0.25, screens compared a tenth more for no match gained
# over the dev set and 3,000 listed names: only scores below 0.61 moved)
FORM_SHARE = 0.8
# how many entities are looked at per place of ``limit``: the same name on several lists takes one
SAME_NAME_ROOM = 3
# query tokens whose reached names are kept as arrays between screens
REACHED_CACHE = 50_000
# below this many postings in all, a token's reach is merged in Python rather than numpy
SMALL_REACH = 48


@dataclass(slots=True)
class IndexedEntity:
    """What scoring needs of a listed entity, precomputed."""

    id: str
    schema: str
    caption: str
    datasets: list[str]
    birth_dates: list[str]
    countries: list[str]
    identifiers: list[str]
    gender: list[str]
    imo: list[str]
    forms: list[int] = field(default_factory=list)  # indices into CandidateIndex.forms


def _deletions(key: str) -> list[str]:
    return [key[:i] + key[i + 1 :] for i in range(len(key))]


def entity_countries(entity: Entity) -> list[str]:
    codes: list[str] = []
    for prop in ("nationality", "citizenship", "country"):
        for value in entity.get(prop):
            code = value.lower() if len(value) == 2 and value.isalpha() else to_code(value)
            if code and code not in codes:
                codes.append(code)
    return codes


# the names a token reaches (form ids, ascending) and how surely: per name, or one for all
Reached = tuple[np.ndarray, np.ndarray | float]


class CandidateIndex:
    """Names of listed entities by token key, with the ways to reach a key."""

    def __init__(self) -> None:
        self.entities: list[IndexedEntity] = []
        self.forms: list[NameForm] = []
        self.form_entity: list[int] = []
        self.form_prop: list[str] = []
        self.form_sig: list[int] = []
        self._signatures: dict[tuple[tuple[Token, ...], tuple[str, ...]], int] = {}
        self.postings: dict[str, list[int]] = {}
        self.df: dict[str, int] = {}
        self.by_deletion: dict[str, list[str]] = {}
        self.by_text_deletion: dict[str, list[str]] = {}
        self._texts: dict[str, str] = {}  # token text -> its key: text-level typos, glued parts
        self.by_given: dict[int, list[str]] = {}
        self.by_stem: dict[str, list[str]] = {}
        self.by_consonants: dict[str, list[str]] = {}
        self.by_id: dict[str, int] = {}
        self.idf: dict[str, float] = {}
        self.token_weights: list[list[float]] = []
        self._n = 1
        self._unknown_idf = 1.0
        self._posting_arrays: dict[str, np.ndarray] = {}
        self._form_weight = np.empty(0)
        self._form_entity = np.empty(0, dtype=np.int32)
        self._reached_cache: dict[tuple[str, bool, bool], Reached] = {}
        self._allowed_cache: dict[str, np.ndarray] = {}
        self._reached_listed: dict[tuple[str, bool, bool], Reached] = {}
        self._schemata: list[str] = []
        self._entity_schema = np.empty(0, dtype=np.int32)

    # ---- building -------------------------------------------------------
    @classmethod
    def build(
        cls, entities: Iterable[Entity], *, skip_ownership: bool = True, warm: bool = True
    ) -> CandidateIndex:
        """An index of the matchable entities; ``warm`` also works out every listed token's reach.

        Warming costs about a second over the full lists and makes the first
        screens as fast as later ones: a long-lived process (the API, a batch
        run) wants it, a one-off ``zaslon match`` does not.
        """
        index = cls()
        for entity in entities:
            # ownership datasets hold relations and unlisted parties: never a name hit
            # (``zaslon.ownership`` indexes them apart and reports kind "ownership")
            if entity.matchable and not (skip_ownership and entity.dataset.startswith("ownership")):
                index._add(entity)
        index._finish()
        if warm:
            index._warm()
        return index

    def _add(self, entity: Entity) -> None:
        number = len(self.entities)
        identifiers = [v for prop in IDENTIFIER_PROPS for v in entity.get(prop)]
        item = IndexedEntity(
            id=entity.id,
            schema=entity.schema,
            caption=entity.caption,
            datasets=entity.datasets,
            birth_dates=entity.get("birthDate"),
            countries=entity_countries(entity),
            identifiers=identifiers,
            gender=entity.get("gender"),
            imo=entity.get("imoNumber"),
        )
        organization = entity.schema in ORG_SCHEMATA
        person = entity.schema == PERSON
        seen: set[tuple[str, ...]] = set()
        keys_of_entity: set[str] = set()
        for prop, value in entity.names():
            for form in analyze(
                value, organization=organization, person=person, lang=entity.name_langs.get(value)
            ):
                signature = tuple(t.text for t in form.tokens) + form.legal_forms + form.legal_kinds
                if signature in seen:
                    continue
                seen.add(signature)
                form_id = len(self.forms)
                self.forms.append(form)
                self.form_entity.append(number)
                self.form_prop.append(prop)
                # the same name on several lists is one signature, scored once per query
                self.form_sig.append(
                    self._signatures.setdefault(
                        (form.tokens, form.legal_forms + form.legal_kinds), len(self._signatures)
                    )
                )
                item.forms.append(form_id)
                for token in form.tokens:
                    for key in token.keys:
                        posting = self.postings.setdefault(key, [])
                        if not posting or posting[-1] != form_id:
                            posting.append(form_id)
                        keys_of_entity.add(key)
                    self._texts.setdefault(token.text, token.key)
        for key in keys_of_entity:
            self.df[key] = self.df.get(key, 0) + 1
        self.by_id[entity.id] = number
        self.entities.append(item)

    def _finish(self) -> None:
        for key in self.postings:
            if len(key) >= MIN_FUZZY_KEY:
                for variant in _deletions(key):
                    self.by_deletion.setdefault(variant, []).append(key)
            group = given_names.group_of(key)
            if group is not None:
                self.by_given.setdefault(group, []).append(key)
            split = slavic.split_ending(key)
            if split is not None:
                self.by_stem.setdefault(split[0], []).append(key)
        # one edit on the spelling itself, for typos the key does not absorb
        # (a swap across a letter pair the key rewrites: Kravtsov/Kravstov)
        for text, key in self._texts.items():
            if len(text) >= MIN_TEXT_FUZZY:
                for variant in _deletions(text):
                    keys = self.by_text_deletion.setdefault(variant, [])
                    if key not in keys:
                        keys.append(key)
        self._signatures = {}
        # consonant skeletons of every listed token, to reach them from Arabic-script queries
        for form in self.forms:
            for token in form.tokens:
                if len(token.cons) >= 2:
                    keys = self.by_consonants.setdefault(token.cons, [])
                    if token.key not in keys:
                        keys.append(token.key)
        n = max(1, len(self.entities))
        self._n = n
        self.idf = {key: math.log(1 + n / (df + 1)) for key, df in self.df.items()}
        self.token_weights = [[self.idf[t.key] for t in form.tokens] for form in self.forms]
        # a name part written twice (Ibrahim Sabawi Ibrahim) is one part to reach: weighed once
        self._form_weight = np.array(
            [sum({t.key: self.idf[t.key] for t in form.tokens}.values()) for form in self.forms]
        )
        self._unknown_idf = math.log(1 + n)
        self._posting_arrays = {
            key: np.array(posting, dtype=np.int32) for key, posting in self.postings.items()
        }
        self._form_entity = np.array(self.form_entity, dtype=np.int32)
        self._schemata = sorted({entity.schema for entity in self.entities})
        codes = {name: number for number, name in enumerate(self._schemata)}
        self._entity_schema = np.array([codes[entity.schema] for entity in self.entities], dtype=np.int32)

    # ---- weights --------------------------------------------------------
    def weight(self, token: Token) -> float:
        """How much a name part identifies: its inverse document frequency in the lists."""
        found = self.idf.get(token.key)
        if found is not None:
            return found
        return 1.0 if token.is_number else self._unknown_idf

    # ---- retrieval ------------------------------------------------------
    def reach(self, token: Token) -> list[tuple[str, float]]:
        """Keys in the index a query token may stand for, surest first."""
        return sorted(self._reach(token).items(), key=lambda kv: -kv[1])

    def _reach(self, token: Token) -> dict[str, float]:
        found: dict[str, float] = {}
        if token.key in self.postings:
            found[token.key] = EXACT_REACH
        if token.is_number:
            return found
        if token.given >= 0:
            for key in self.by_given.get(token.given, ()):
                found.setdefault(key, NAME_GROUP_REACH)
        split = slavic.split_ending(token.key)
        if split is not None:
            for key in self.by_stem.get(split[0], ()):
                found.setdefault(key, NAME_GROUP_REACH)
        if token.plain and token.plain in self.postings:
            found.setdefault(token.plain, NAME_GROUP_REACH)
        if token.key not in self.postings and not token.abjad:
            self._reach_glued(token, found)
        for own in token.keys:
            if len(own) < MIN_FUZZY_KEY:
                # a longer part whose key lost a vowel (Hiet: het) still meets keys one letter
                # longer (Heit); a short name (Ali) would meet dozens
                if len(own) == MIN_FUZZY_KEY - 1 and len(token.text) >= MIN_FUZZY_KEY:
                    for key in self.by_deletion.get(own, ()):
                        found.setdefault(key, FUZZY_REACH)
                continue
            for key in self.by_deletion.get(own, ()):
                found.setdefault(key, FUZZY_REACH)
            for variant in _deletions(own):
                if variant in self.postings:
                    found.setdefault(variant, FUZZY_REACH)
                for key in self.by_deletion.get(variant, ()):
                    found.setdefault(key, FUZZY_REACH)
        # a five-letter part the lists do not hold may be one with two letters swapped (Pnaya, Panya);
        # not from Arabic script, whose consonants reach below (one edit takes Ghassan, ghsan, to Hasan)
        if len(token.text) > MIN_TEXT_FUZZY or (
            len(token.text) == MIN_TEXT_FUZZY and not token.abjad and token.key not in self.postings
        ):
            for variant in (token.text, *_deletions(token.text)):
                for key in self.by_text_deletion.get(variant, ()):
                    found.setdefault(key, FUZZY_REACH)
        if token.abjad and len(token.cons) >= 2:
            for key in self.by_consonants.get(token.cons, ()):
                found.setdefault(key, FUZZY_REACH)
        return found

    def _reach_glued(self, token: Token, found: dict[str, float]) -> None:
        """A token the lists do not hold may be two of their parts glued, or a name with its article."""
        if token.bare and token.bare in self.postings:
            found.setdefault(token.bare, NAME_GROUP_REACH)
        texts = self._texts
        for head, tail in splits(token.text):
            # parts as the lists spell them: a dictionary look-up each, no keys to compute
            if head in texts and tail in texts:
                found.setdefault(texts[head], NAME_GROUP_REACH)
                found.setdefault(texts[tail], NAME_GROUP_REACH)

    def _reached(self, token: Token) -> Reached:
        """The names a query token reaches, as (form ids ascending, how surely), memoised.

        A name reached through several keys counts once, by its surest way.
        Reached through one key, all names are reached alike: one number says how.
        """
        cache_key = _reach_key(token)
        found = self._reached_listed.get(cache_key) or self._reached_cache.get(cache_key)
        if found is not None:
            return found
        postings = self.postings
        parts = [
            (key, sure)
            for key, sure in self.reach(token)
            # a fuzzy way into a very common key finds thousands of names and says little
            if sure >= EXACT_REACH or len(postings[key]) <= 5000
        ]
        size = sum(len(postings[key]) for key, _ in parts)
        if not parts:
            found = (_NO_IDS, 0.0)
        elif len(parts) == 1:
            found = (self._posting_arrays[parts[0][0]], parts[0][1])
        elif size <= SMALL_REACH:
            # a few names: a dictionary is cheaper than a dozen array operations
            best: dict[int, float] = {}
            for key, sure in parts:
                for form_id in postings[key]:
                    best.setdefault(form_id, sure)  # surest first, so the first is the best
            ordered = sorted(best)
            found = (np.array(ordered, dtype=np.int32), np.array([best[f] for f in ordered]))
        else:
            parts_arrays = [(self._posting_arrays[key], sure) for key, sure in parts]
            ids = np.concatenate([posting for posting, _ in parts_arrays])
            sures = np.repeat(
                [sure for _, sure in parts_arrays], [len(posting) for posting, _ in parts_arrays]
            )
            # a stable sort keeps each name's ways surest first, so its first entry is its best
            order = np.argsort(ids, kind="stable")
            ids, sures = ids[order], sures[order]
            first = _group_starts(ids)
            found = (ids[first], sures[first])
        if len(self._reached_cache) >= REACHED_CACHE:
            self._reached_cache.clear()
        self._reached_cache[cache_key] = found
        return found

    def _warm(self) -> None:
        """The reach of every token the lists hold, kept for good (query tokens are mostly these)."""
        for form in self.forms:
            for token in form.tokens:
                cache_key = _reach_key(token)
                if cache_key not in self._reached_listed:
                    self._reached_listed[cache_key] = self._reached(token)
        self._reached_cache.clear()

    def _estimate(self, form: NameForm, acc: np.ndarray) -> tuple[np.ndarray, float]:
        """Add to ``acc`` the weight of the form's tokens reaching each listed name.

        Returns the names reached (ascending) and the form's total weight.
        """
        # a part written twice reaches the same names twice: it counts once, as in ``_form_weight``
        distinct = {t.key: t for t in form.tokens}.values()
        weighted = sorted(((self.weight(t), t) for t in distinct), key=lambda wt: -wt[0])
        heaviest = weighted[0][0] if weighted else 0.0
        total = 0.0
        touched: list[np.ndarray] = []
        for w, token in weighted:
            total += w
            ids, sures = self._reached(token)
            if not len(ids):
                continue
            if touched and w < heaviest * COMMON_SHARE:
                # a common part (Mohammed, Ivan) only adds to names a rarer
                # part already reached: otherwise its long postings would bring
                # in names the rarer parts rule out anyway
                current = acc[ids]
                acc[ids] = current + np.where(current > 0, w * sures, 0.0)
                continue
            acc[ids] += w * sures
            touched.append(ids)
        if not touched:
            return _NO_IDS, total
        return (touched[0] if len(touched) == 1 else _union(touched)), total

    def candidates(
        self, forms: list[NameForm], schema: str, limit: int = 25, forms_per_entity: int = 4
    ) -> list[tuple[int, list[int]]]:
        """Entities most worth scoring for a query, best first, each with its forms worth comparing.

        The estimate of a listed name is the weight of the query tokens that
        reach it, bounded by the name's own weight; entities far below the best
        estimate are not scored.  ``limit`` counts names: the same name on
        several lists (one person listed by four governments) takes one place.
        """
        acc = _scratch(len(self.forms))
        try:
            return self._candidates(forms, schema, limit, forms_per_entity, acc)
        except BaseException:
            # the scratch rows are zeroed name by name as they are read; an error midway
            # (a MemoryError, an interrupt) must not leave sums behind for the next query
            acc.fill(0.0)
            _scratch(len(self.forms), second=True).fill(0.0)
            raise

    def _candidates(
        self, forms: list[NameForm], schema: str, limit: int, forms_per_entity: int, acc: np.ndarray
    ) -> list[tuple[int, list[int]]]:
        if len(forms) == 1:
            ids, top_total = self._estimate(forms[0], acc)
            values = acc[ids]
            acc[ids] = 0.0
        else:
            reached: list[np.ndarray] = []
            top_total = 0.0
            best = _scratch(len(self.forms), second=True)
            for form in forms:
                ids, total = self._estimate(form, acc)
                top_total = max(top_total, total)
                if not len(ids):
                    continue
                # a listed name is estimated by the query form that reaches it best
                best[ids] = np.maximum(best[ids], acc[ids])
                acc[ids] = 0.0
                reached.append(ids)
            ids = _union(reached) if reached else _NO_IDS
            values = best[ids]
            best[ids] = 0.0
        if not len(ids):
            return []
        # names reached by a small share of the best name's weight cannot make the cut below
        keep = values >= values.max() * PRUNE_SHARE
        ids, values = ids[keep], values[keep]
        # Dice-like: what the query reached, against the weight of both names,
        # so "Sberbank" ranks "PJSC Sberbank" above "Sberbank Leasing".  What
        # they share cannot outweigh the listed name: "Hamid Hamad Hamid" reaches
        # "Hamid" twice over (Hamad is a typo away), yet shares at most "Hamid".
        weights = self._form_weight[ids]
        normalised = 2 * np.minimum(values, weights) / (top_total + weights)
        # an entity's names have consecutive ids, so the ascending ids hold each
        # entity's names together: one run per entity, estimated by its best name
        numbers = self._form_entity[ids]
        starts = np.flatnonzero(_group_starts(numbers))
        estimates = np.maximum.reduceat(normalised, starts)
        entities = numbers[starts]
        # entities of a schema the query cannot be sink below every other, and are dropped below
        estimates = np.where(self._allowed(schema)[entities], estimates, -1.0)
        # the same name on several lists is one name to compare: it takes one place of ``limit``
        # (a family listed on four lists would otherwise fill them with a few names)
        wide = limit * SAME_NAME_ROOM
        chosen = np.arange(len(estimates))
        if len(estimates) > wide:
            # the best ``wide`` (ties at the edge included), before sorting only those
            edge = np.partition(estimates, len(estimates) - wide)[len(estimates) - wide]
            chosen = np.flatnonzero(estimates >= edge)
        chosen = chosen[np.lexsort((entities[chosen], -estimates[chosen]))][:wide]
        top = float(estimates[chosen[0]])
        if top < 0:
            return []
        floor = top * FLOOR_SHARE
        bounds = np.append(starts, len(numbers))
        signatures = self.form_sig
        names: set[int] = set()
        out: list[tuple[int, list[int]]] = []
        for start, end, entity, estimate in zip(
            bounds[chosen].tolist(),
            bounds[chosen + 1].tolist(),
            entities[chosen].tolist(),
            estimates[chosen].tolist(),
        ):
            if estimate < floor:
                break
            if end - start == 1:
                form_ids = [int(ids[start])]
            else:
                # the entity's names worth comparing: near its best one, at most forms_per_entity
                cut = estimate * FORM_SHARE
                scored = sorted(
                    (
                        (value, form_id)
                        for value, form_id in zip(normalised[start:end].tolist(), ids[start:end].tolist())
                        if value >= cut
                    ),
                    reverse=True,
                )
                form_ids = [f for _, f in scored[:forms_per_entity]]
            name = signatures[form_ids[0]]
            if name not in names:
                if len(names) == limit:
                    break
                names.add(name)
            out.append((entity, form_ids))
        return out

    def _allowed(self, schema: str) -> np.ndarray:
        """Which entities a query of ``schema`` may be, one flag per entity (memoised per schema)."""
        found = self._allowed_cache.get(schema)
        if found is None:
            flags = np.array([compatible(schema, name) for name in self._schemata], dtype=bool)
            found = self._allowed_cache[schema] = (
                flags[self._entity_schema] if len(flags) else np.zeros(0, dtype=bool)
            )
        return found


def _reach_key(token: Token) -> tuple[str, bool, bool]:
    """What a token's reach depends on: its text (every key and spelling rule derives from it) and kind."""
    return token.text, token.abjad, token.person


def _group_starts(ordered: np.ndarray) -> np.ndarray:
    """Where each run of equal values in a sorted array begins, as a mask."""
    first = np.empty(len(ordered), dtype=bool)
    first[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    return first


def _union(arrays: list[np.ndarray]) -> np.ndarray:
    """The distinct values of several arrays, ascending.

    By sorting: numpy's hash-based ``unique`` is ten times slower on arrays
    this size.
    """
    merged = np.sort(np.concatenate(arrays))
    return merged[_group_starts(merged)]


_NO_IDS = np.empty(0, dtype=np.int32)
_SCRATCH = threading.local()


def _scratch(size: int, *, second: bool = False) -> np.ndarray:
    """A zeroed row of one float per listed name, kept per thread and zeroed again after use.

    Sparse dictionaries would do the same sums one name at a time in Python;
    a dense row lets numpy do them a posting at a time.
    """
    name = "second" if second else "first"
    row: np.ndarray | None = getattr(_SCRATCH, name, None)
    if row is None or len(row) != size:
        row = np.zeros(size)
        setattr(_SCRATCH, name, row)
    return row
