"""Ongoing monitoring: re-screen only what changed, raise alerts, announce them.

A run compares the list versions the serving engine holds with the versions
the previous run screened against (table ``monitor_lists``):

* new and changed customers (their query fingerprint differs from the one
  last screened) are screened against all listed entities;
* every other customer is screened against the new and changed listed
  entities only (``ListStore.diff`` between the two versions of each list).
  A small index over just those entities finds the customers worth a look;
  each of them is then screened by the serving engine (so scores are the
  same a full screen gives) and only hits on changed entities count.

Hits become alerts unless an alert for the pair is still open, a true match
was confirmed on the same data, or a false positive still holds (see
``alerts.should_alert``).  Alerts, recorded screenings, the customers' new
fingerprints, the versions screened and the webhook outbox commit together.
Removed listed entities raise nothing; they are counted in the run's stats.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine as DbEngine

from zaslon.core.model.entity import Entity
from zaslon.core.model.query import Hit, Query
from zaslon.engine import Engine
from zaslon.store import ListStore, VersionInfo
from zaslon.store.db import WRITE
from zaslon.store.schema import counters
from zaslon.store.workflow_schema import customers, monitor_lists, monitor_runs
from zaslon.workflow import alerts, audit, screenings, webhooks
from zaslon.workflow.records import MonitoringRun, canonical, loads, now

PREFILTER_SLACK = 0.15  # the delta index only preselects: looser than the real threshold


@dataclass(slots=True)
class _Screened:
    customer_id: int
    fingerprint: str
    query: Query
    hits: list[Hit]
    relevant: list[Hit]
    full: bool  # screened because the customer is new or changed
    config: dict[str, Any] = field(default_factory=dict)


def _delta(
    store: ListStore, versions: Sequence[VersionInfo], monitored: dict[str, int]
) -> tuple[list[Entity], int]:
    """New and changed entities of every list whose version moved since the last run; and the removed count."""
    changed: list[Entity] = []
    removed = 0
    for version in versions:
        last = monitored.get(version.dataset)
        if last == version.id:
            continue
        if last is None:
            changed.extend(store.version_entities(version.id))
            continue
        diff = store.diff(version.dataset, old=last, new=version.id)
        ids = {i for i, _ in diff.added} | {c.id for c in diff.changed}
        removed += len(diff.removed)
        if ids:
            changed.extend(e for e in store.version_entities(version.id) if e.id in ids)
    return changed, removed


def run(
    db: DbEngine,
    store: ListStore,
    engine: Engine,
    *,
    actor: str,
    full: bool = False,
    limit: int = 10,
    threshold: float | None = None,
) -> MonitoringRun:
    """One monitoring run (see the module docstring); webhooks are queued, not yet sent."""
    started = now()
    used = engine.threshold if threshold is None else threshold
    with db.connect() as conn:
        monitored = dict(conn.execute(sa.select(monitor_lists.c.dataset, monitor_lists.c.version_id)).all())
        rows = conn.execute(
            sa.select(
                customers.c.id, customers.c.query, customers.c.fingerprint, customers.c.screened_fingerprint
            )
        ).all()
    delta, removed = _delta(store, engine.versions, monitored)
    delta_ids = {e.id for e in delta}
    prefilter = Engine.build(delta) if delta and len(delta_ids) < engine.size else None
    screened: list[_Screened] = []
    for row in rows:
        query = screenings.query_from_dict(loads(row.query))
        is_new = full or row.fingerprint != row.screened_fingerprint
        if not is_new and not delta_ids:
            continue
        if not is_new and prefilter is not None:
            near = prefilter.screen(query, limit=3, threshold=used)
            if not any(h.score >= used - PREFILTER_SLACK for h in near):
                continue
        hits, config = screenings.run(engine, query, limit=limit, threshold=used)
        # every candidate is recorded; only those over the threshold (``match``) alert
        # a changed listing may stand behind another of its party's: the hit names them all
        relevant = [h for h in hits if h.match and (is_new or not delta_ids.isdisjoint(h.ids))]
        screened.append(_Screened(row.id, row.fingerprint, query, hits, relevant, is_new, config))
    entity_fp = _entity_fingerprints(store, engine, [h for s in screened for h in s.relevant], delta)
    by_dataset = {v.dataset: v.id for v in engine.versions}
    created: list[int] = []
    suppressed = 0
    with db.connect().execution_options(**{WRITE: True}) as conn, conn.begin():
        # one run at a time: a second run waits here, then finds the work done
        conn.execute(sa.select(counters.c.value).where(counters.c.name == "monitor").with_for_update())
        run_id = conn.execute(
            monitor_runs.insert()
            .values(started_at=started, finished_at=started, actor=actor, versions="[]", stats="{}")
            .returning(monitor_runs.c.id)
        ).scalar_one()
        for item in screened:
            screening_id = None
            if item.full or item.relevant:
                screening_id = screenings.record(
                    conn,
                    engine=engine,
                    query=item.query,
                    hits=item.hits,
                    config=item.config,
                    source="monitoring",
                    actor=actor,
                ).id
            for hit in item.relevant:
                dataset = next((d for d in hit.datasets if d in by_dataset), hit.datasets[0])
                verdict = alerts.should_alert(
                    conn, item.customer_id, hit.entity_id, item.fingerprint, entity_fp[hit.entity_id]
                )
                if verdict == "suppressed":
                    suppressed += 1
                if verdict != "new":
                    continue
                created.append(
                    alerts.create(
                        conn,
                        customer_id=item.customer_id,
                        hit=hit.to_dict(),
                        dataset=dataset,
                        list_version_id=by_dataset[dataset],
                        screening_id=screening_id,
                        run_id=run_id,
                        customer_fp=item.fingerprint,
                        entity_fp=entity_fp[hit.entity_id],
                        actor=actor,
                    )
                )
            # only if the customer did not change while we screened
            conn.execute(
                customers.update()
                .where(customers.c.id == item.customer_id, customers.c.fingerprint == item.fingerprint)
                .values(screened_fingerprint=item.fingerprint)
            )
        for version in engine.versions:
            if monitored.get(version.dataset) != version.id:
                if version.dataset in monitored:
                    conn.execute(
                        monitor_lists.update()
                        .where(monitor_lists.c.dataset == version.dataset)
                        .values(version_id=version.id)
                    )
                else:
                    conn.execute(
                        monitor_lists.insert().values(dataset=version.dataset, version_id=version.id)
                    )
        refs = [{"id": v.id, "dataset": v.dataset} for v in engine.versions]
        stats = {
            "customers_screened": len(screened),
            "entities_screened": len(delta_ids),
            "alerts": len(created),
            "suppressed": suppressed,
            "removed_entities": removed,
            "full": full,
        }
        finished = now()
        conn.execute(
            monitor_runs.update()
            .where(monitor_runs.c.id == run_id)
            .values(finished_at=finished, versions=canonical(refs), stats=canonical(stats))
        )
        deliveries: list[int] = []
        if created:
            payload = {"run_id": run_id, "alerts": [alerts.get(conn, i).to_dict() for i in created]}
            deliveries = webhooks.enqueue(conn, "alerts.created", payload)
        audit.append(
            conn,
            actor=actor,
            action="monitor.run",
            target=f"monitor_run:{run_id}",
            data={**stats, "versions": refs, "alert_ids": created},
        )
    return MonitoringRun(
        run_id, started, finished, actor, refs, len(screened), len(delta_ids), created, suppressed, deliveries
    )


def _entity_fingerprints(
    store: ListStore, engine: Engine, hits: Sequence[Hit], known: Sequence[Entity]
) -> dict[str, str]:
    """The fingerprint of every hit entity as it is in the version the engine serves."""
    found = {e.id: screenings.entity_fingerprint(e) for e in known}
    by_dataset = {v.dataset: v.id for v in engine.versions}
    for hit in hits:
        if hit.entity_id in found:
            continue
        entity = None
        for dataset in hit.datasets:
            if dataset in by_dataset:
                entity = store.entity_at(hit.entity_id, by_dataset[dataset])
                if entity is not None:
                    break
        # an entity the engine has but the store cannot find again is fingerprinted by its id alone
        found[hit.entity_id] = screenings.entity_fingerprint(entity) if entity else f"id:{hit.entity_id}"
    return found
