"""Reliability: a process killed (SIGKILL) in the middle of a decision write loses nothing
committed and leaves no half state; one killed just after the commit keeps the decision."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import sqlalchemy as sa

from zaslon.store.workflow_schema import alerts, audit_log, history, suppressions
from zaslon.workflow import Workflow

CHILD = textwrap.dedent(
    """
    import sys, time
    from zaslon.workflow import Workflow, audit

    url, alert_id, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    real_append = audit.append

    def append(conn, **kw):
        entry = real_append(conn, **kw)
        if mode == "inside" and kw["action"] == "suppression.create":
            # every row of the decision is written, the transaction is not committed
            print("INSIDE", flush=True)
            time.sleep(120)
        return entry

    audit.append = append
    wf = Workflow(url, holder=None)
    wf.decide(alert_id, "false_positive", "killed analyst", actor="ana", version=1)
    print("COMMITTED", flush=True)
    time.sleep(120)
    """
)


def _counts(wf: Workflow, alert_id: int) -> dict[str, object]:
    with wf.db.connect() as conn:
        row = conn.execute(sa.select(alerts.c.status, alerts.c.version).where(alerts.c.id == alert_id)).one()
        return {
            "alert": tuple(row),
            "history": conn.execute(sa.select(sa.func.count()).select_from(history)).scalar(),
            "suppressions": conn.execute(sa.select(sa.func.count()).select_from(suppressions)).scalar(),
            "audit": conn.execute(sa.select(sa.func.count()).select_from(audit_log)).scalar(),
        }


def _run_and_kill(db_url: str, alert_id: int, mode: str, wait_for: str) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, db_url, str(alert_id), mode],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().strip()
        assert line == wait_for, (line, proc.stderr.read() if proc.stderr else "")
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_sigkill_mid_decision_leaves_no_half_state(workflow: Workflow, db_url: str) -> None:
    workflow.upsert_customer(
        "C-1",
        {"schema": "Person", "properties": {"name": ["Kang Chol Su"], "birthDate": ["1969-02-13"]}},
        actor="ana",
    )
    [alert_id] = workflow.monitor(deliver=False).alerts
    before = _counts(workflow, alert_id)

    _run_and_kill(db_url, alert_id, "inside", "INSIDE")
    assert _counts(workflow, alert_id) == before  # nothing of the decision, nothing else lost
    assert workflow.verify_audit().ok

    _run_and_kill(db_url, alert_id, "after", "COMMITTED")
    after = _counts(workflow, alert_id)
    assert after["alert"] == ("false_positive", 2)
    assert after["suppressions"] == 1 and after["history"] == before["history"] + 1  # type: ignore[operator]
    assert after["audit"] == before["audit"] + 2  # type: ignore[operator]  # decision and suppression
    check = workflow.verify_audit()
    assert check.ok and check.entries == after["audit"]
