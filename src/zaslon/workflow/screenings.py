"""Recorded screenings: what was asked, of which list versions, and what came back.

A screening records the query, the id (and dataset, version, checksum) of
every list version the engine was built from, the algorithm's name and the
configuration (limit, threshold, and for monitoring the listed entities a
delta screen was restricted to), and every returned candidate with its score
and explanation.  ``replay`` rebuilds an engine from exactly those stored list
versions (``ListStore.version_entities``) and compares the answers.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from zaslon.core.model.entity import Entity
from zaslon.core.model.query import Hit, Query
from zaslon.engine import Engine
from zaslon.exc import NotFound
from zaslon.store import ListStore, VersionInfo
from zaslon.store.workflow_schema import screenings
from zaslon.workflow.records import Replay, Screening, canonical, loads, now, utc


def query_to_dict(query: Query) -> dict[str, Any]:
    return asdict(query)


def query_from_dict(data: dict[str, Any]) -> Query:
    values: dict[str, Any] = {k: (list(v) if isinstance(v, list) else v) for k, v in data.items()}
    return Query(**values)


def query_fingerprint(query: Query) -> str:
    """What identifies a customer's screening data: changes whenever a screened value does."""
    data = query_to_dict(query)
    data.pop("id", None)
    return hashlib.sha256(canonical(data).encode()).hexdigest()


def entity_fingerprint(entity: Entity) -> str:
    """What a list says about an entity (schema and property values as sets), not its provenance."""
    props = {k: sorted(set(v)) for k, v in entity.properties.items() if v}
    return hashlib.sha256(canonical({"schema": entity.schema, "properties": props}).encode()).hexdigest()


def version_refs(versions: Sequence[VersionInfo]) -> list[dict[str, Any]]:
    return [{"id": v.id, "dataset": v.dataset, "version": v.version, "sha256": v.sha256} for v in versions]


def run(
    engine: Engine,
    query: Query,
    *,
    limit: int,
    threshold: float | None,
    entity_ids: Sequence[str] | None = None,
) -> tuple[list[Hit], dict[str, Any]]:
    """Screen and return the hits with the configuration that produced them."""
    used = engine.threshold if threshold is None else threshold
    hits = engine.screen(query, limit=limit, threshold=used)
    config: dict[str, Any] = {"limit": limit, "threshold": used}
    if entity_ids is not None:
        config["entity_ids"] = sorted(entity_ids)
    return hits, config


def record(
    conn: Connection,
    *,
    engine: Engine,
    query: Query,
    hits: Sequence[Hit],
    config: dict[str, Any],
    source: str,
    actor: str,
) -> Screening:
    at = now()
    qd = query_to_dict(query)
    versions = version_refs(engine.versions)
    hit_dicts = [h.to_dict() for h in hits]
    algorithm = engine.algorithm.name
    screening_id = conn.execute(
        screenings.insert()
        .values(
            created_at=at,
            source=source,
            actor=actor,
            query=canonical(qd),
            versions=canonical(versions),
            generation=engine.generation,
            algorithm=algorithm,
            config=canonical(config),
            hits=canonical(hit_dicts),
            hit_count=len(hit_dicts),
        )
        .returning(screenings.c.id)
    ).scalar_one()
    # what was stored, read back the way ``get`` reads it (JSON round trip: floats, tuples)
    return Screening(
        screening_id,
        at,
        source,
        actor,
        loads(canonical(qd)),
        versions,
        engine.generation,
        algorithm,
        loads(canonical(config)),
        loads(canonical(hit_dicts)),
    )


def unrecorded(
    engine: Engine, query: Query, hits: Sequence[Hit], config: dict[str, Any], source: str, actor: str
) -> Screening:
    return Screening(
        0,
        now(),
        source,
        actor,
        query_to_dict(query),
        version_refs(engine.versions),
        engine.generation,
        engine.algorithm.name,
        config,
        [h.to_dict() for h in hits],
    )


def _screening(row: sa.Row[Any]) -> Screening:
    created = utc(row.created_at)
    assert created is not None
    return Screening(
        row.id,
        created,
        row.source,
        row.actor,
        loads(row.query),
        loads(row.versions),
        int(row.generation),
        row.algorithm,
        loads(row.config),
        loads(row.hits),
    )


def get(conn: Connection, screening_id: int) -> Screening:
    row = conn.execute(sa.select(screenings).where(screenings.c.id == screening_id)).first()
    if row is None:
        raise NotFound(f"no screening {screening_id}")
    return _screening(row)


def listing(
    conn: Connection, *, limit: int = 50, offset: int = 0, source: str | None = None
) -> list[Screening]:
    query = sa.select(screenings).order_by(screenings.c.id.desc()).limit(limit).offset(offset)
    if source is not None:
        query = query.where(screenings.c.source == source)
    return [_screening(r) for r in conn.execute(query)]


class ReplayEngines:
    """Engines rebuilt from stored list versions, the last few kept (replays come in bursts)."""

    def __init__(self, store: ListStore, *, keep: int = 2) -> None:
        self.store = store
        self.keep = keep
        self._cache: OrderedDict[tuple[Any, ...], Engine] = OrderedDict()
        # one build at a time: the API replays from several threads, and two builds of
        # the same versions would only double the memory
        self._lock = threading.Lock()

    def engine(self, version_ids: Sequence[int], entity_ids: Sequence[str] | None) -> Engine:
        with self._lock:
            return self._engine(version_ids, entity_ids)

    def _engine(self, version_ids: Sequence[int], entity_ids: Sequence[str] | None) -> Engine:
        key = (tuple(sorted(version_ids)), tuple(sorted(entity_ids)) if entity_ids is not None else None)
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        wanted = set(entity_ids) if entity_ids is not None else None
        versions = [self.store.version(i) for i in key[0]]
        entities = [
            e for v in versions for e in self.store.version_entities(v.id) if wanted is None or e.id in wanted
        ]
        engine = Engine.build(entities, versions=versions)
        self._cache[key] = engine
        while len(self._cache) > self.keep:
            self._cache.popitem(last=False)
        return engine


def _comparable(hit: dict[str, Any]) -> dict[str, Any]:
    return {
        "score": hit.get("score"),
        "match": hit.get("match"),
        "explanation": hit.get("explanation"),
        "schema": hit.get("schema"),
        "caption": hit.get("caption"),
    }


def replay(screening: Screening, engines: ReplayEngines) -> Replay:
    """Run a recorded screening again on its recorded list versions and list every difference."""
    config = screening.config
    engine = engines.engine([v["id"] for v in screening.versions], config.get("entity_ids"))
    hits = engine.screen(
        query_from_dict(screening.query), limit=int(config["limit"]), threshold=float(config["threshold"])
    )
    replayed = loads(canonical([h.to_dict() for h in hits]))
    differences: list[dict[str, Any]] = []
    if engine.algorithm.name != screening.algorithm:
        differences.append(
            {
                "entity_id": None,
                "field": "algorithm",
                "recorded": screening.algorithm,
                "replayed": engine.algorithm.name,
            }
        )
    before = {h["id"]: h for h in screening.hits}
    after = {h["id"]: h for h in replayed}
    for entity_id in before.keys() | after.keys():
        old, new = before.get(entity_id), after.get(entity_id)
        if old is None or new is None:
            differences.append(
                {
                    "entity_id": entity_id,
                    "field": "hit",
                    "recorded": old is not None,
                    "replayed": new is not None,
                }
            )
            continue
        a, b = _comparable(old), _comparable(new)
        for name in a:
            if a[name] != b[name]:
                differences.append(
                    {"entity_id": entity_id, "field": name, "recorded": a[name], "replayed": b[name]}
                )
    if not differences and [h["id"] for h in screening.hits] != [h["id"] for h in replayed]:
        differences.append(
            {
                "entity_id": None,
                "field": "order",
                "recorded": [h["id"] for h in screening.hits],
                "replayed": [h["id"] for h in replayed],
            }
        )
    differences.sort(key=lambda d: (str(d["entity_id"]), d["field"]))
    return Replay(screening, replayed, differences)
