"""zaslon's scoring algorithm: names first, then the other evidence.

The score of a listed entity is the best agreement between any form of any of
the query's names and any of the entity's names (see ``names.compare_forms``),
moved up or down by birth date, country, identifiers and gender (see
``features``).  It lies in [0, 1] and is calibrated on the development set so
that the default threshold separates "an analyst should look" from noise: at
0.70 a score means the names agree part by part after romanisation and
spelling variants are allowed for, with the rarer parts agreeing; an
identifier agreeing lifts a fair name match over the threshold on its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from zaslon.core.index.candidates import ORG_SCHEMATA, CandidateIndex, IndexedEntity
from zaslon.core.match import features
from zaslon.core.match.names import NameScore, compare_forms
from zaslon.core.match.parties import Parties
from zaslon.core.model.query import Explanation, Feature, Hit, Query
from zaslon.core.model.schema import LEGAL_ENTITY, PERSON, THING
from zaslon.core.names.analyze import NameForm, analyze

NAME = "zaslon-v1"
DEFAULT_THRESHOLD = 0.70
WEAK_ALIAS_FACTOR = 0.92
CANDIDATES = 15


@dataclass(slots=True, frozen=True)
class AlgorithmInfo:
    name: str
    threshold: float
    description: str
    features: dict[str, str]


def info() -> AlgorithmInfo:
    return AlgorithmInfo(
        name=NAME,
        threshold=DEFAULT_THRESHOLD,
        description=(__doc__ or "").strip(),
        features={
            "name": "weighted part-by-part agreement of the best pair of names (0..1)",
            "birth_date": f"+{features.DOB_EXACT} same date, +{features.DOB_PARTIAL} same year, "
            f"{features.DOB_CONFLICT} different years",
            "country": f"+{features.COUNTRY_MATCH} agrees, {features.COUNTRY_CONFLICT} differs",
            "identifier": f"+{features.ID_MATCH} an identifier agrees exactly (normalized); "
            f"{features.ID_CONFLICT} two valid IMO numbers differ",
            "gender": f"{features.GENDER_CONFLICT} gender differs",
            "weak_alias": f"x{WEAK_ALIAS_FACTOR} when the best name is a weak a.k.a.",
        },
    )


def query_forms(query: Query) -> list[NameForm]:
    organization = query.schema in ORG_SCHEMATA
    person = query.schema in (PERSON, LEGAL_ENTITY, THING)
    forms: list[NameForm] = []
    for name in query.names:
        forms.extend(analyze(name, organization=organization, person=person))
    return forms


BestName = tuple[float, NameForm, int, NameScore]  # name score, query form, listed form id, comparison


def _best_name(
    index: CandidateIndex,
    forms: list[NameForm],
    entity: IndexedEntity,
    form_ids: list[int] | None,
    memo: dict[tuple[int, int], NameScore],
    weights: list[list[float]],
) -> BestName | None:
    """The best-agreeing pair of a query name and a listed name of the entity."""
    best: BestName | None = None
    listed, signatures, props, weigh = index.forms, index.form_sig, index.form_prop, index.weight
    for number, form in enumerate(forms):
        qw = weights[number]
        for form_id in form_ids or entity.forms:
            key = (number, signatures[form_id])
            result = memo.get(key)
            if result is None:
                result = memo[key] = compare_forms(
                    form, listed[form_id], weigh, qw, index.token_weights[form_id]
                )
            score = result.score
            if props[form_id] == "weakAlias":
                score *= WEAK_ALIAS_FACTOR
            if best is None or score > best[0]:
                best = (score, form, form_id, result)
    return best


def _explain(index: CandidateIndex, best: BestName, evidence: list[Feature], party: list[str]) -> Explanation:
    name_score, form, form_id, result = best
    explanation = Explanation(
        query_name=form.original,
        listed_name=index.forms[form_id].original,
        listed_property=index.form_prop[form_id],
        tokens=result.tokens,
        unmatched_query=result.unmatched_query,
        unmatched_listed=result.unmatched_listed,
        party=party,
    )
    name_note = f"names agree {min(1.0, name_score):.2f}"
    for extra in (result.legal_form_note, result.lineage_note):
        if extra:
            name_note += f" ({extra})"
    explanation.features.append(Feature("name", name_score, name_note))
    explanation.features.extend(evidence)
    return explanation


def _evidence(query: Query, entity: IndexedEntity) -> list[Feature]:
    """The features beyond the name that both sides give something to compare."""
    found: list[Feature | None] = []
    if query.birth_dates and entity.birth_dates:
        found.append(features.birth_date(query.birth_dates, entity.birth_dates))
    if query.countries and entity.countries:
        found.append(features.country(query.countries, entity.countries))
    if query.identifiers:
        found.append(features.identifier(query.identifiers, entity.identifiers))
        if entity.imo:
            found.append(features.vessel_number(query.identifiers, entity.imo))
    if query.gender and entity.gender:
        found.append(features.gender(query.gender, entity.gender))
    return [f for f in found if f is not None]


def screen(
    index: CandidateIndex,
    query: Query,
    *,
    limit: int = 10,
    threshold: float = DEFAULT_THRESHOLD,
    candidates: int = CANDIDATES,
    min_score: float = 0.0,
    parties: Parties | None = None,
    keep: Callable[[IndexedEntity], bool] | None = None,
) -> list[Hit]:
    """The listed entities a query may be, best first (at most ``limit``).

    Entities scoring below ``min_score`` are left out (batch screening wants
    only what it will write), and so are those ``keep`` refuses.  With
    ``parties``, one party listed on several lists is one hit: its best-scoring
    listing, naming the others as referents.  Only the hits returned are
    explained.
    """
    forms = query_forms(query)
    if not forms:
        return []
    memo: dict[tuple[int, int], NameScore] = {}
    weights = [[index.weight(t) for t in form.tokens] for form in forms]
    most = features.most_added(
        birth_dates=bool(query.birth_dates),
        countries=bool(query.countries),
        identifiers=bool(query.identifiers),
    )
    beyond_name = bool(query.birth_dates or query.countries or query.identifiers or query.gender)
    scored: list[tuple[float, int, IndexedEntity, BestName, list[Feature]]] = []
    for number, form_ids in index.candidates(forms, query.schema, limit=max(candidates, limit)):
        entity = index.entities[number]
        if keep is not None and not keep(entity):
            continue
        best = _best_name(index, forms, entity, form_ids, memo, weights)
        if best is None or best[0] + most < min_score:
            continue  # no evidence beyond the name could lift it to min_score
        evidence = _evidence(query, entity) if beyond_name else []
        raw = best[0] + sum(f.contribution for f in evidence)
        if raw > 0.0 and min(1.0, raw) >= min_score:  # nothing in common is no hit
            scored.append((raw, number, entity, best, evidence))
    # the unclamped score orders ties at 1.0 (e.g. the same legal form as the query first)
    scored.sort(key=lambda s: (-min(1.0, s[0]), -s[0], s[2].id))
    hits: list[Hit] = []
    shown: set[int] = set()
    for raw, number, entity, best, evidence in scored:
        if len(hits) >= limit:
            break
        referents: list[str] = []
        why: list[str] = []
        if parties is not None:
            if parties.party[number] in shown:
                continue  # a better-scoring listing of the same party is already a hit
            shown.add(parties.party[number])
            referents, why = parties.referents(index, number), parties.why(number)
        score = min(1.0, raw)
        hits.append(
            Hit(
                entity_id=entity.id,
                schema=entity.schema,
                caption=entity.caption,
                datasets=entity.datasets,
                score=score,
                match=score >= threshold,
                explanation=_explain(index, best, evidence, why),
                referents=referents,
            )
        )
    return hits
