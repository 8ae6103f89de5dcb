"""Recorded screenings and replay against the recorded list versions."""

from __future__ import annotations

import sqlalchemy as sa

from tests.workflow.conftest import RENAMED, UnVersion, load
from zaslon.core.model.query import Query
from zaslon.store import ListStore
from zaslon.store.workflow_schema import screenings
from zaslon.workflow import Workflow
from zaslon.workflow.records import canonical


def test_a_screening_records_query_versions_algorithm_and_every_candidate(workflow: Workflow) -> None:
    done = workflow.screen(Query(names=["Quentin Zyxworth"], schema="Person"), source="cli", actor="ana")
    again = workflow.screening(done.id)
    assert again == done
    assert again.hits[0]["id"] == RENAMED and again.hits[0]["match"]
    assert again.hits[0]["details"]["tokens"]  # the explanation, part by part
    [version] = again.versions
    assert version["dataset"] == "un_sc" and again.algorithm == workflow.holder.engine.algorithm.name
    assert again.config == {"limit": 10, "threshold": workflow.holder.engine.threshold}
    assert again.query["names"] == ["Quentin Zyxworth"]
    [entry] = workflow.audit(target=f"screening:{done.id}")
    assert entry.action == "screening.record" and entry.data["hits"][0] == RENAMED
    unrecorded = workflow.screen(
        {"schema": "Person", "properties": {"name": ["Eric Badege"]}}, source="api", actor="ana", record=False
    )
    assert unrecorded.id == 0 and len(workflow.screenings()) == 1


def test_replay_uses_the_recorded_list_versions(
    workflow: Workflow, store: ListStore, un_versions: tuple[UnVersion, UnVersion]
) -> None:
    done = workflow.screen(Query(names=["Quentin Zyxworth"], schema="Person"), source="ui", actor="ana")
    replay = workflow.replay(done.id)
    assert replay.same and replay.hits == done.hits
    # the list changes (the entity is renamed) and the serving engine moves on...
    load(store, un_versions[1])
    workflow.holder.refresh(store)  # type: ignore[attr-defined]
    now = workflow.screen(Query(names=["Quentin Zyxworth"], schema="Person"), source="ui", actor="ana")
    assert not [h for h in now.hits if h["match"]]
    # ...but the old screening still replays to the same answer from its own version
    assert workflow.replay(done.id).same


def test_replay_names_what_differs_from_a_tampered_record(workflow: Workflow) -> None:
    done = workflow.screen(Query(names=["Frank Zyxworth"], schema="Person"), source="ui", actor="ana")
    hits = [dict(h) for h in done.hits]
    hits[0]["score"] = 0.1234
    with workflow.db.begin() as conn:
        conn.execute(sa.update(screenings).where(screenings.c.id == done.id).values(hits=canonical(hits)))
    replay = workflow.replay(done.id)
    assert not replay.same
    assert replay.differences == [
        {
            "entity_id": done.hits[0]["id"],
            "field": "score",
            "recorded": 0.1234,
            "replayed": done.hits[0]["score"],
        }
    ]
