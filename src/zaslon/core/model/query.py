"""What a screen asks and what it answers: Query, Hit and the explanation of a hit."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from zaslon.core.model.schema import LEGAL_ENTITY


@dataclass(slots=True)
class Query:
    """One party to screen.  Only ``names`` is required."""

    names: list[str]
    schema: str = LEGAL_ENTITY
    birth_dates: list[str] = field(default_factory=list)  # ISO, any precision
    countries: list[str] = field(default_factory=list)  # ISO alpha-2, lower case
    identifiers: list[str] = field(default_factory=list)  # passport, ID, tax, registration, IMO, MMSI
    gender: str | None = None  # "male" / "female"
    id: str | None = None  # the caller's own key, echoed back


@dataclass(slots=True)
class TokenMatch:
    """One query name part met one listed name part, through one rule."""

    query: str
    listed: str
    rule: str  # exact, romanisation, given-name, surname-ending, patronymic, consonants, initial, typo, joined
    similarity: float
    weight: float
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "listed": self.listed,
            "rule": self.rule,
            "similarity": round(self.similarity, 3),
            "weight": round(self.weight, 3),
            "note": self.note,
        }


@dataclass(slots=True)
class Feature:
    """One piece of evidence and what it added to (or took from) the score."""

    name: str  # name, birth_date, country, identifier, gender, legal_form, schema
    contribution: float
    description: str

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "contribution": round(self.contribution, 4), "description": self.description}


@dataclass(slots=True)
class Explanation:
    """Why a listed entity scored what it did, for an analyst to read."""

    query_name: str
    listed_name: str
    listed_property: str  # name, alias, weakAlias, previousName
    tokens: list[TokenMatch] = field(default_factory=list)
    unmatched_query: list[str] = field(default_factory=list)
    unmatched_listed: list[str] = field(default_factory=list)
    features: list[Feature] = field(default_factory=list)
    # why the hit's referents are the same party as its own listing, a sentence per link
    party: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line: the names compared, how each part matched, and the other evidence."""
        parts = []
        for tm in self.tokens:
            if tm.rule == "exact":
                parts.append(tm.listed)
            else:
                parts.append(f"{tm.query}↔{tm.listed} ({tm.note or tm.rule})")
        text = f"'{self.query_name}' ~ {self.listed_property} '{self.listed_name}': " + ", ".join(parts)
        if self.unmatched_query:
            text += f"; not on list: {' '.join(self.unmatched_query)}"
        if self.unmatched_listed:
            text += f"; not in query: {' '.join(self.unmatched_listed)}"
        extra = [f.description for f in self.features if f.name != "name"]
        if extra:
            text += "; " + "; ".join(extra)
        return text

    def to_dict(self) -> dict[str, Any]:
        return {
            "summary": self.summary(),
            "query_name": self.query_name,
            "listed_name": self.listed_name,
            "listed_property": self.listed_property,
            "tokens": [t.to_dict() for t in self.tokens],
            "unmatched_query": list(self.unmatched_query),
            "unmatched_listed": list(self.unmatched_listed),
            "features": [f.to_dict() for f in self.features],
            "party": list(self.party),
        }


@dataclass(slots=True)
class Hit:
    """A listed entity a query may be, with its score and the reasons."""

    entity_id: str
    schema: str
    caption: str
    datasets: list[str]
    score: float
    match: bool
    explanation: Explanation
    kind: str = "name"  # "name"; "ownership" for entities blocked through their owners
    # the same party's listings on other lists (see ``core.match.parties``): one hit, not several
    referents: list[str] = field(default_factory=list)

    @property
    def ids(self) -> list[str]:
        """Every listing this hit stands for, its own first."""
        return [self.entity_id, *self.referents]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.entity_id,
            "schema": self.schema,
            "caption": self.caption,
            "datasets": list(self.datasets),
            "referents": list(self.referents),
            "score": round(self.score, 4),
            "match": self.match,
            "kind": self.kind,
            "explanation": self.explanation.summary(),
            "details": self.explanation.to_dict(),
        }


_ID_PROPS = (
    "passportNumber", "idNumber", "taxNumber", "registrationNumber", "imoNumber", "mmsi",
    "innCode", "ogrnCode", "leiCode", "swiftBic", "callSign",
)  # fmt: skip
_NAME_PROPS = ("name", "alias", "weakAlias", "previousName")
_NAME_PART_PROPS = ("firstName", "middleName", "lastName", "fatherName")
_COUNTRY_PROPS = ("nationality", "citizenship", "country", "jurisdiction", "flag")
_IGNORED_PROPS = frozenset({"address", "birthPlace", "notes", "position", "email", "phone", "website", "topics"})


def _id_props() -> tuple[str, ...]:
    from zaslon.core.model.schema import FTM_CODES

    return _ID_PROPS + FTM_CODES


def query_from_ftm(data: Any, *, field_prefix: str = "") -> Query:
    """A query from an FtM-shaped object ``{"schema": ..., "properties": {...}}``.

    The shape yente's ``/match`` takes.  Raises ``QueryError`` naming the field
    for an unknown schema or property, a value that is not a list of strings,
    an invalid date, or a query with no name.
    """
    from zaslon.core.model.countries import to_code
    from zaslon.core.model.dates import parse_date
    from zaslon.core.model.schema import MATCHABLE, PROPERTIES, SCHEMATA, THING
    from zaslon.exc import QueryError

    where = field_prefix
    if not isinstance(data, dict):
        raise QueryError("a query must be an object with 'schema' and 'properties'", field=where or "query")
    schema = data.get("schema", THING)
    if not isinstance(schema, str) or schema not in SCHEMATA or (schema not in MATCHABLE and schema != THING):
        known = ", ".join(sorted(MATCHABLE | {THING}))
        raise QueryError(f"unknown schema {schema!r}; expected one of {known}", field=f"{where}schema", expected=known)
    props = data.get("properties", {})
    if not isinstance(props, dict):
        raise QueryError("'properties' must be an object", field=f"{where}properties", expected="object")
    values: dict[str, list[str]] = {}
    for prop, raw in props.items():
        field_name = f"{where}properties.{prop}"
        if prop not in PROPERTIES:
            raise QueryError(f"unknown property {prop!r}", field=field_name, expected="an FtM property name")
        if isinstance(raw, str):
            raw = [raw]
        if not isinstance(raw, list) or not all(isinstance(v, (str, int, float)) for v in raw):
            raise QueryError("must be a list of strings", field=field_name, expected="list of strings")
        values[prop] = [str(v).strip() for v in raw if str(v).strip()]
    # "A; B; C" in one value is a list of names, as lists and customers write it
    names = [part.strip() for prop in _NAME_PROPS for n in values.get(prop, []) for part in n.split(";")]
    names = [n for n in names if n]
    parts = [" ".join(values[p]) for p in _NAME_PART_PROPS if values.get(p)]
    if parts:
        names.append(" ".join(parts))
    if not names:
        raise QueryError("a query needs at least one name", field=f"{where}properties.name", expected="a name")
    dates: list[str] = []
    for value in values.get("birthDate", []):
        parsed = parse_date(value)
        if parsed is None:
            raise QueryError(
                f"invalid date {value!r}", field=f"{where}properties.birthDate", expected="YYYY, YYYY-MM or YYYY-MM-DD"
            )
        dates.append(parsed)
    countries: list[str] = []
    for prop in _COUNTRY_PROPS:
        for value in values.get(prop, []):
            code = to_code(value)
            if code and code not in countries:
                countries.append(code)
    identifiers = [v for prop in _id_props() for v in values.get(prop, [])]
    genders = values.get("gender") or []
    gender: str | None = genders[0] if genders else None
    if gender is not None:
        gender = gender.lower()
        if gender not in ("male", "female", "other"):
            raise QueryError(f"invalid gender {gender!r}", field=f"{where}properties.gender", expected="male or female")
    return Query(
        names=names,
        schema=schema,
        birth_dates=dates,
        countries=countries,
        identifiers=identifiers,
        gender=gender,
        id=str(data["id"]) if data.get("id") is not None else None,
    )
