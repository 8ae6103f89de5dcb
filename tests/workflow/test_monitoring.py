"""Monitoring over a real list change: older UN version, customers, the real newer version
→ exactly the alerts the change implies, announced to a signed webhook on loopback."""

from __future__ import annotations

import json

import sqlalchemy as sa

from tests.workflow.conftest import ADDED, REDATED, RENAMED, UnVersion, load
from tests.workflow.receiver import receiver
from zaslon.store import ListStore
from zaslon.store.workflow_schema import suppressions
from zaslon.workflow import Workflow
from zaslon.workflow.webhooks import SIGNATURE_HEADER, verify_signature

SECRET = "a-webhook-secret-of-some-length"
KANG = "un_sc-KPi.059"

CUSTOMERS = {
    "C-ADDED": {"schema": "Person", "properties": {"name": ["Eric Badege"]}},
    "C-RENAMED": {"schema": "Person", "properties": {"name": ["Frank Kakolele Bwambale"]}},
    "C-REDATED": {"schema": "Person", "properties": {"name": ["Adib Shaban Al-Ani"]}},
    "C-SAME": {"schema": "Person", "properties": {"name": ["Kang Chol Su"], "birthDate": ["1969-02-13"]}},
    "C-NONE": {"schema": "Person", "properties": {"name": ["Maria Testperson Example"]}},
}


def pairs(wf: Workflow, ids: list[int]) -> set[tuple[str, str]]:
    by_id = {a.id: a for a in wf.alerts(limit=1000)}
    return {(by_id[i].external_id, by_id[i].entity_id) for i in ids}


def test_list_change_raises_exactly_the_implied_alerts(
    workflow: Workflow, store: ListStore, un_versions: tuple[UnVersion, UnVersion]
) -> None:
    wf = workflow
    for external_id, query in CUSTOMERS.items():
        wf.upsert_customer(external_id, query, actor="ana")
    with receiver() as hook:
        wf.add_webhook(hook.url, SECRET, actor="admin")

        first = wf.monitor()
        assert first.customers_screened == len(CUSTOMERS)  # all new
        assert pairs(wf, first.alerts) == {("C-SAME", KANG), ("C-REDATED", REDATED)}
        by_pair = {(a.external_id, a.entity_id): a for a in wf.alerts()}
        for pair in (("C-SAME", KANG), ("C-REDATED", REDATED)):
            alert = by_pair[pair]
            wf.decide(alert.id, "false_positive", "different person", actor="ana", version=alert.version)

        newer = load(store, un_versions[1])
        diff = store.diff("un_sc")
        assert [i for i, _ in diff.added] == [ADDED] and not diff.removed
        assert sorted(c.id for c in diff.changed) == sorted([REDATED, RENAMED])

        second = wf.monitor()
        assert second.versions == [{"id": newer.id, "dataset": "un_sc"}]
        assert second.entities_screened == 3  # one added, two changed: not the whole list
        assert second.customers_screened < len(CUSTOMERS)  # only those near a changed entity
        # the changed entity lifts the false positive on C-REDATED; C-SAME's still holds
        assert pairs(wf, second.alerts) == {
            ("C-ADDED", ADDED),
            ("C-RENAMED", RENAMED),
            ("C-REDATED", REDATED),
        }

        third = wf.monitor()
        assert third.alerts == [] and third.customers_screened == 0 and third.entities_screened == 0

        # both runs with alerts were announced, each signed with the webhook's secret
        assert len(hook.got) == 2
        for received, run in zip(hook.got, (first, second), strict=True):
            assert verify_signature(SECRET, received.body, received.headers[SIGNATURE_HEADER])
            body = json.loads(received.body)
            assert body["event"] == "alerts.created" and body["run_id"] == run.id
            assert sorted(a["id"] for a in body["alerts"]) == sorted(run.alerts)
        assert all(d.status == "delivered" and d.attempts == 1 for d in wf.deliveries())

    # a full re-screen: the false positive on (C-SAME, Kang) still holds, open alerts are not doubled
    full = wf.monitor(full=True, deliver=False)
    assert full.alerts == [] and full.suppressed == 1
    # the customer changes: the suppression no longer applies
    wf.upsert_customer(
        "C-SAME",
        {
            "schema": "Person",
            "properties": {"name": ["Kang Chol Su"], "birthDate": ["1969-02-13"], "nationality": ["kp"]},
        },
        actor="ana",
    )
    again = wf.monitor(deliver=False)
    assert pairs(wf, again.alerts) == {("C-SAME", KANG)}
    assert wf.verify_audit().ok
    actions = [e.action for e in wf.audit(limit=500)]
    assert actions.count("list.load") == 2 and actions.count("monitor.run") == 5
    assert actions.count("suppression.create") == 2


def test_an_expired_suppression_alerts_again(workflow: Workflow) -> None:
    wf = workflow
    wf.upsert_customer("C-SAME", CUSTOMERS["C-SAME"], actor="ana")
    [alert_id] = wf.monitor().alerts
    wf.decide(alert_id, "false_positive", "checked passport", actor="ana", version=1)
    assert wf.monitor(full=True).alerts == []
    detail = wf.alert(alert_id)
    assert detail.suppressed_until is not None and detail.alert.status == "false_positive"
    with wf.db.begin() as conn:  # time passes
        conn.execute(sa.update(suppressions).values(expires_at=detail.alert.created_at))
    assert pairs(wf, wf.monitor(full=True).alerts) == {("C-SAME", KANG)}


def test_webhook_retries_with_backoff_and_logs_each_attempt(workflow: Workflow) -> None:
    wf = workflow
    wf.upsert_customer("C-SAME", CUSTOMERS["C-SAME"], actor="ana")
    with receiver(fail_first=2) as hook:
        wf.add_webhook(hook.url, SECRET, actor="admin")
        run = wf.monitor()
    [delivery] = wf.deliveries()
    assert delivery.id in run.deliveries and delivery.status == "delivered" and delivery.attempts == 3
    assert [a.get("status_code") for a in delivery.log] == [503, 503, 204]
    assert len(hook.got) == 1


def test_unreachable_webhook_is_logged_as_failed_and_sent_later(workflow: Workflow) -> None:
    wf = workflow
    wf.upsert_customer("C-SAME", CUSTOMERS["C-SAME"], actor="ana")
    wf.add_webhook("http://127.0.0.1:9/nothing-listens-here", SECRET, actor="admin")
    wf.monitor()
    [delivery] = wf.deliveries()
    assert delivery.status == "failed" and delivery.attempts == wf.webhook_attempts
    assert all("error" in a for a in delivery.log)
