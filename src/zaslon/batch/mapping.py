"""Which input columns hold what, and one input row turned into a screening query.

The mapping is written ``name=COL,dob=COL,country=COL,id=COL,schema=COL``.
``name`` is required; ``name=first+last`` joins several columns into one name
and ``name=`` may be given more than once for several names of one party
(so may ``dob``, ``country`` and ``id``).  Several birth dates, countries or
identifiers in one cell are separated by ``;``.

A row that cannot be screened is rejected with a reason naming the column
and the value: no name, a birth date that is not a date, a schema zaslon does
not screen.  A country that cannot be resolved is not a reason to skip a
party: it is screened on its other values.
"""

from __future__ import annotations

from collections.abc import Mapping as MappingABC
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from zaslon.core.model.countries import to_code
from zaslon.core.model.dates import parse_date
from zaslon.core.model.query import Query
from zaslon.core.model.schema import LEGAL_ENTITY, MATCHABLE, THING
from zaslon.exc import QueryError

FIELDS = ("name", "dob", "country", "id", "schema")
SCREENABLE = frozenset(MATCHABLE | {THING})
MAX_VALUE = 1000  # characters; a longer "name" is a broken row, not a party


class RowRejected(ValueError):
    """This row cannot be screened; the message says which column and why."""


@dataclass(frozen=True, slots=True)
class Mapping:
    """Input columns for each query field (plain data: pickles to workers and Spark executors)."""

    names: tuple[tuple[str, ...], ...]
    dobs: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()
    schema_column: str | None = None
    schema: str = LEGAL_ENTITY

    @property
    def columns(self) -> list[str]:
        """Every mapped input column once, in mapping order: the key columns of the output."""
        seen: list[str] = []
        for col in [c for group in self.names for c in group] + [*self.dobs, *self.countries, *self.ids]:
            if col not in seen:
                seen.append(col)
        if self.schema_column and self.schema_column not in seen:
            seen.append(self.schema_column)
        return seen

    def check_columns(self, available: Sequence[str] | None, where: str) -> None:
        """Refuse a mapping naming a column the input does not have."""
        if available is None:
            return
        missing = [c for c in self.columns if c not in available]
        if missing:
            raise QueryError(
                f"{where}: no column {', '.join(repr(m) for m in missing)}; the columns are "
                f"{', '.join(repr(a) for a in available)}",
                field="--map",
                expected="an input column name",
            )

    def describe(self) -> str:
        """The mapping written back as ``--map`` takes it (for checkpoints and messages)."""
        parts = ["name=" + "+".join(g) for g in self.names]
        parts += [f"dob={c}" for c in self.dobs] + [f"country={c}" for c in self.countries]
        parts += [f"id={c}" for c in self.ids]
        if self.schema_column:
            parts.append(f"schema={self.schema_column}")
        return ",".join(parts) + f";default-schema={self.schema}"

    def query(self, values: MappingABC[str, Any]) -> Query:
        """The query for one row; ``RowRejected`` names the column and value when it cannot be screened."""
        names: list[str] = []
        for group in self.names:
            parts = [_text(values.get(c), c) for c in group]
            name = " ".join(p for p in parts if p)
            if len(name) > MAX_VALUE:
                raise RowRejected(f"name in {'+'.join(group)!r} is {len(name)} characters long")
            if name:
                names.append(name)
        if not names:
            shown = "+".join(self.names[0]) if len(self.names) == 1 else "any name column"
            raise RowRejected(f"no name in column {shown!r}")
        dates: list[str] = []
        for col in self.dobs:
            for value in _split(_text(values.get(col), col)):
                parsed = parse_date(value)
                if parsed is None:
                    raise RowRejected(
                        f"malformed date {value!r} in column {col!r} (expected YYYY, YYYY-MM or YYYY-MM-DD)"
                    )
                if parsed not in dates:
                    dates.append(parsed)
        countries: list[str] = []
        for col in self.countries:
            for value in _split(_text(values.get(col), col)):
                code = to_code(value)
                if code and code not in countries:
                    countries.append(code)
        identifiers: list[str] = []
        for col in self.ids:
            identifiers.extend(v for v in _split(_text(values.get(col), col)) if v not in identifiers)
        schema = self.schema
        if self.schema_column:
            given = _text(values.get(self.schema_column), self.schema_column)
            if given:
                found = _schema_name(given)
                if found is None:
                    raise RowRejected(
                        f"unknown schema {given!r} in column {self.schema_column!r} "
                        f"(expected one of {', '.join(sorted(SCREENABLE))})"
                    )
                schema = found
        return Query(
            names=names, schema=schema, birth_dates=dates, countries=countries, identifiers=identifiers
        )


def _text(value: Any, column: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, bool):
        raise RowRejected(f"column {column!r} holds {value!r}, expected text")
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, (list, tuple)) and all(isinstance(v, (str, int, float)) for v in value):
        return "; ".join(str(v).strip() for v in value if str(v).strip())
    if hasattr(value, "isoformat"):  # a Parquet date or timestamp column
        return str(value.isoformat())[:10]
    raise RowRejected(f"column {column!r} holds {type(value).__name__}, expected text")


def _split(text: str) -> list[str]:
    return [p.strip() for p in text.split(";") if p.strip()] if text else []


_SCHEMA_BY_LOWER = {s.lower(): s for s in SCREENABLE}


def _schema_name(text: str) -> str | None:
    return _SCHEMA_BY_LOWER.get(text.strip().lower().replace(" ", ""))


def parse_mapping(spec: str, *, schema: str | None = None) -> Mapping:
    """Parse ``--map``; ``QueryError`` names the bad item."""
    names: list[tuple[str, ...]] = []
    lists: dict[str, list[str]] = {"dob": [], "country": [], "id": []}
    schema_column: str | None = None
    for item in (i.strip() for i in spec.split(",")):
        if not item:
            continue
        key, sep, column = item.partition("=")
        key, column = key.strip().lower(), column.strip()
        if not sep or not column:
            raise QueryError(f"bad --map item {item!r}; expected FIELD=COLUMN", field="--map")
        if key not in FIELDS:
            raise QueryError(
                f"unknown field {key!r} in --map; expected one of {', '.join(FIELDS)}", field="--map"
            )
        if key == "name":
            group = tuple(c.strip() for c in column.split("+"))
            if not all(group):
                raise QueryError(f"bad --map item {item!r}; expected name=COL or name=COL+COL", field="--map")
            names.append(group)
        elif key == "schema":
            if schema_column is not None:
                raise QueryError("schema= given twice in --map", field="--map")
            schema_column = column
        else:
            lists[key].append(column)
    if not names:
        raise QueryError("--map needs name=COLUMN", field="--map", expected="name=COLUMN")
    default = LEGAL_ENTITY
    if schema is not None:
        found = _schema_name(schema)
        if found is None:
            raise QueryError(
                f"unknown schema {schema!r}; expected one of {', '.join(sorted(SCREENABLE))}",
                field="--schema",
            )
        default = found
    return Mapping(
        names=tuple(names),
        dobs=tuple(lists["dob"]),
        countries=tuple(lists["country"]),
        ids=tuple(lists["id"]),
        schema_column=schema_column,
        schema=default,
    )
