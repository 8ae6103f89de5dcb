"""Decisions: one of two concurrent analysts wins, the other gets a conflict; every change kept."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from zaslon.exc import ConflictError, QueryError
from zaslon.store.workflow_schema import alerts, suppressions
from zaslon.workflow import Workflow

KANG = {"schema": "Person", "properties": {"name": ["Kang Chol Su"], "birthDate": ["1969-02-13"]}}


def _one_alert(wf: Workflow) -> int:
    wf.upsert_customer("C-1", KANG, actor="ana")
    [alert_id] = wf.monitor(deliver=False).alerts
    return alert_id


def test_two_analysts_deciding_at_once_one_wins(workflow: Workflow, db_url: str) -> None:
    alert_id = _one_alert(workflow)
    # the second analyst has their own process-like service: own connections, own pool
    other = Workflow(db_url, workflow.holder)
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def decide(name: str, wf: Workflow, decision: str) -> None:
        barrier.wait()
        try:
            outcomes[name] = wf.decide(alert_id, decision, f"{name} looked at it", actor=name, version=1)
        except ConflictError as exc:
            outcomes[name] = exc

    threads = [
        threading.Thread(target=decide, args=("ana", workflow, "true_match")),
        threading.Thread(target=decide, args=("bob", other, "false_positive")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    other.close()
    conflicts = [n for n, o in outcomes.items() if isinstance(o, ConflictError)]
    assert len(conflicts) == 1, outcomes
    [winner] = set(outcomes) - set(conflicts)
    assert "reload" in str(outcomes[conflicts[0]])
    detail = workflow.alert(alert_id)
    assert detail.alert.decided_by == winner and detail.alert.version == 2
    assert [h.action for h in detail.history] == ["create", "decide"]
    decided = [e for e in workflow.audit(limit=100) if e.action == "alert.decide"]
    assert len(decided) == 1 and decided[0].actor == winner
    with workflow.db.connect() as conn:
        sup = conn.execute(sa.select(sa.func.count()).select_from(suppressions)).scalar()
    assert sup == (1 if winner == "bob" else 0)


def test_stale_version_and_closed_alerts_conflict(workflow: Workflow) -> None:
    alert_id = _one_alert(workflow)
    escalated = workflow.decide(alert_id, "escalate", "needs a second look", actor="ana", version=1)
    assert escalated.status == "escalated" and escalated.version == 2
    with pytest.raises(ConflictError, match="changed since you saw it"):
        workflow.decide(alert_id, "true_match", "same dob", actor="bob", version=1)
    done = workflow.decide(alert_id, "true_match", "same dob and nationality", actor="lead", version=2)
    assert done.status == "true_match" and done.reason == "same dob and nationality"
    with pytest.raises(ConflictError, match="already decided"):
        workflow.decide(alert_id, "false_positive", "oops", actor="bob", version=3)
    history = workflow.alert(alert_id).history
    assert [(h.version, h.data.get("status")) for h in history] == [
        (1, "open"),
        (2, "escalated"),
        (3, "true_match"),
    ]
    # a confirmed true match on unchanged data is not raised again by a full re-screen
    assert workflow.monitor(full=True, deliver=False).alerts == []


def test_bad_decisions_are_refused_without_change(workflow: Workflow) -> None:
    alert_id = _one_alert(workflow)
    with pytest.raises(QueryError, match="unknown decision 'maybe'"):
        workflow.decide(alert_id, "maybe", "hmm", actor="ana", version=1)
    with pytest.raises(QueryError, match="needs a reason"):
        workflow.decide(alert_id, "true_match", "  ", actor="ana", version=1)
    with workflow.db.connect() as conn:
        row = conn.execute(sa.select(alerts.c.status, alerts.c.version).where(alerts.c.id == alert_id)).one()
    assert tuple(row) == ("open", 1)
