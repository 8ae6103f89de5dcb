"""Measuring screening quality on a labelled query set (the dev set's format).

Each line of the file: ``{"id", "kind", "query": {FtM schema + properties},
"expected": [ids], "also_acceptable": [ids]}``.  A query's correct answers
are ``expected`` ∪ ``also_acceptable``; a query with no ``expected`` is a
negative.  Metrics per kind and overall:

- recall@1, recall@5: share of positive queries with a correct id in the top 1 / 5;
- recall at threshold: share of positive queries with a correct id scoring at or above the threshold;
- wrong-hit rate: share of positive queries with some other id at or above the threshold;
- false-positive rate: share of negative queries with any hit at or above the threshold;
- screens per second (single process, wall clock).

A hit stands for one party: its own listing and the same party's listings on
other lists (``Hit.referents``, see ``zaslon.core.match.parties``); it is
correct if any of them is.

Every wrong hit is listed too, with what the lists themselves say about it:
a wrong hit that has the same full birth date or the same identifier as a
correct listing is most likely the same party on another list that neither
the labels nor the engine's party links joined (the metric still counts it).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from zaslon.core.match.features import normalize_identifier
from zaslon.core.model.query import Hit, Query, query_from_ftm
from zaslon.engine import Engine
from zaslon.exc import QueryError, SourceError


@dataclass(slots=True)
class LabelledQuery:
    id: str
    kind: str
    query: Query
    expected: list[str]
    acceptable: set[str]

    def accepts(self, hit: Hit) -> bool:
        """A hit is right if it stands for a correct listing: its own, or one of its party's on another list."""
        return not self.acceptable.isdisjoint(hit.ids)


def read_queries(path: str | Path) -> Iterator[LabelledQuery]:
    """Queries of a JSON-lines file; a bad line is an error naming the file and line."""
    path = Path(path)
    try:
        lines = path.read_bytes().splitlines()
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror or exc}", file=str(path)) from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            data = orjson.loads(line)
            query = query_from_ftm(data.get("query", data))
        except orjson.JSONDecodeError as exc:
            raise SourceError(f"not JSON: {exc}", file=str(path), line=number) from None
        except QueryError as exc:
            raise SourceError(str(exc), file=str(path), line=number) from None
        except AttributeError:
            raise SourceError("each line must be a JSON object", file=str(path), line=number) from None
        expected = [str(x) for x in data.get("expected", [])]
        yield LabelledQuery(
            id=str(data.get("id", number)),
            kind=str(data.get("kind", "query")),
            query=query,
            expected=expected,
            acceptable=set(expected) | {str(x) for x in data.get("also_acceptable", [])},
        )


@dataclass(slots=True)
class KindStats:
    queries: int = 0
    positives: int = 0
    negatives: int = 0
    top1: int = 0
    top5: int = 0
    at_threshold: int = 0
    wrong: int = 0
    false_positive: int = 0
    misses: list[str] = field(default_factory=list)
    wrong_hits: list[tuple[LabelledQuery, Hit]] = field(default_factory=list)

    def add(self, item: LabelledQuery, hits: list[Hit], threshold: float) -> None:
        self.queries += 1
        above = [h for h in hits if h.score >= threshold]
        if item.expected:
            self.positives += 1
            if hits and item.accepts(hits[0]):
                self.top1 += 1
            if any(item.accepts(h) for h in hits[:5]):
                self.top5 += 1
            if any(item.accepts(h) for h in above):
                self.at_threshold += 1
            else:
                self.misses.append(item.id)
            wrong = [h for h in above if not item.accepts(h)]
            if wrong:
                self.wrong += 1
                self.wrong_hits.extend((item, h) for h in wrong)
        else:
            self.negatives += 1
            if above:
                self.false_positive += 1

    def metrics(self) -> dict[str, Any]:
        out: dict[str, Any] = {"queries": self.queries}
        if self.positives:
            p = self.positives
            out.update(
                recall_at_1=round(self.top1 / p, 4),
                recall_at_5=round(self.top5 / p, 4),
                recall_at_threshold=round(self.at_threshold / p, 4),
                wrong_hit_rate=round(self.wrong / p, 4),
            )
        if self.negatives:
            out["false_positive_rate"] = round(self.false_positive / self.negatives, 4)
        return out


def evaluate(
    engine: Engine, queries: Iterable[LabelledQuery], *, threshold: float | None = None
) -> dict[str, Any]:
    threshold = engine.threshold if threshold is None else threshold
    kinds: dict[str, KindStats] = {}
    overall = KindStats()
    items = list(queries)
    started = time.perf_counter()
    results = [(item, engine.screen(item.query, limit=5, threshold=threshold)) for item in items]
    elapsed = time.perf_counter() - started
    for item, hits in results:
        kinds.setdefault(item.kind, KindStats()).add(item, hits, threshold)
        overall.add(item, hits, threshold)
    return {
        "threshold": threshold,
        "algorithm": engine.algorithm.name,
        "kinds": {kind: stats.metrics() for kind, stats in sorted(kinds.items())},
        "overall": overall.metrics(),
        "screens_per_second": round(len(items) / elapsed, 1) if elapsed > 0 else None,
        "misses": {kind: stats.misses for kind, stats in sorted(kinds.items()) if stats.misses},
        "wrong_hits": {
            kind: [
                {
                    "query": item.id,
                    "hit": hit.entity_id,
                    "score": round(hit.score, 4),
                    "same_party": same_party(engine, hit.entity_id, item.acceptable),
                }
                for item, hit in stats.wrong_hits
            ]
            for kind, stats in sorted(kinds.items())
            if stats.wrong_hits
        },
    }


def same_party(engine: Engine, entity_id: str, correct: Iterable[str]) -> str:
    """What a listing shares with a correct listing that makes it the same party, or "".

    A full birth date or an identifier, as the lists give them; names alone
    are not enough (two people may share one).
    """
    index = engine.index
    number = index.by_id.get(entity_id)
    if number is None:
        return ""
    entity = index.entities[number]
    dates = {d for d in entity.birth_dates if len(d) == 10}
    identifiers = {normalize_identifier(i) for i in entity.identifiers} - {""}
    for other_id in sorted(correct):
        other = index.by_id.get(other_id)
        if other is None:
            continue
        listed = index.entities[other]
        if listed.schema != entity.schema:
            continue
        shared = dates & set(listed.birth_dates)
        if shared:
            return f"birth date {min(shared)} as {other_id}"
        shared = identifiers & {normalize_identifier(i) for i in listed.identifiers}
        if shared:
            return f"identifier {min(shared)} as {other_id}"
    return ""
