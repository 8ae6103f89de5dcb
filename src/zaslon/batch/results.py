"""One input row screened into output records: the shape every batch path shares.

The local runner and the Spark job both turn a row into the same records with
``screen_row``, so the two give the same hits for the same input.  A record
is a plain tuple (cheap to pickle between processes):

    (row, key values..., entity_id, entity_caption, entity_schema, entity_datasets, entity_referents,
     score, explanation)

``entity_referents`` are the same party's listings on other lists: one party
is one record, however many lists name it.

One record per hit at or above the threshold; with ``all_rows`` a row with no
such hit still gives one record: its best score below the threshold (``None``
if nothing was even a candidate) and empty entity fields.
"""

from __future__ import annotations

from collections.abc import Mapping as MappingABC
from dataclasses import dataclass
from typing import Any

from zaslon.batch.mapping import Mapping, RowRejected
from zaslon.engine import Engine

ENTITY_FIELDS = (
    "entity_id", "entity_caption", "entity_schema", "entity_datasets", "entity_referents", "score", "explanation",
)  # fmt: skip
LIST_FIELDS = ("entity_datasets", "entity_referents")
Record = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class Screening:
    """How rows are screened: the mapping and the cut-offs (plain data, pickles to workers)."""

    mapping: Mapping
    threshold: float
    limit: int = 10
    all_rows: bool = False

    @property
    def key_columns(self) -> list[str]:
        return self.mapping.columns

    @property
    def output_fields(self) -> list[str]:
        """Output column names; an input column named like an entity field is prefixed ``input_``."""
        keys = [f"input_{c}" if c in ENTITY_FIELDS or c == "row" else c for c in self.key_columns]
        return ["row", *keys, *ENTITY_FIELDS]


def key_value(value: Any) -> str:
    """An input value as the output shows it."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(key_value(v) for v in value)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def screen_row(
    engine: Engine, screening: Screening, number: int, values: MappingABC[str, Any]
) -> tuple[list[Record], str | None]:
    """The output records of one row, or no records and the reason the row was rejected."""
    try:
        query = screening.mapping.query(values)
    except RowRejected as exc:
        return [], str(exc)
    keys = tuple(key_value(values.get(c)) for c in screening.key_columns)
    # the best candidate below the threshold is wanted only for --all
    cut = 0.0 if screening.all_rows else screening.threshold
    hits = engine.screen(query, limit=screening.limit, threshold=screening.threshold, min_score=cut)
    records: list[Record] = [
        (number, *keys, h.entity_id, h.caption, h.schema, list(h.datasets), list(h.referents),
         round(h.score, 4), h.explanation.summary())
        for h in hits
        if h.score >= screening.threshold
    ]  # fmt: skip
    if not records and screening.all_rows:
        best = round(hits[0].score, 4) if hits else None
        records.append((number, *keys, None, None, None, [], [], best, None))
    return records, None


def is_hit(record: Record) -> bool:
    """Whether a record names a listed entity (not an ``--all`` row without a hit)."""
    return record[-len(ENTITY_FIELDS)] is not None
