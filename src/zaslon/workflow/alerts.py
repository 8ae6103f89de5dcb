"""Alerts, decisions, suppressions and the history of every change.

An alert pairs a monitored customer with a listed entity a screen found.  It
is ``open`` until an analyst decides: ``true_match``, ``false_positive`` or
``escalate`` (status ``escalated``, which may be decided again).  Every
decision names the alert ``version`` the analyst saw; the update only applies
if that is still the version (``UPDATE … WHERE version = :seen``), so of two
analysts deciding at once one wins and the other gets ``ConflictError``.

A false positive stores a suppression for the (customer, entity) pair with
both fingerprints: the pair is not alerted again while the customer's data
and the listed entity are unchanged and the suppression has not expired.
The decision, the suppression, the history row and the audit entries are one
transaction.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from zaslon.exc import ConflictError, NotFound, QueryError
from zaslon.store.workflow_schema import alerts, customers, history, suppressions
from zaslon.workflow import audit
from zaslon.workflow.records import Alert, HistoryEntry, canonical, iso, loads, now, utc

DECISIONS = {"true_match": "true_match", "false_positive": "false_positive", "escalate": "escalated"}
ACTIVE = ("open", "escalated")  # statuses still waiting for a final decision
STATUSES = ("open", "escalated", "true_match", "false_positive")


def add_history(
    conn: Connection, kind: str, object_id: int, version: int, actor: str, action: str, data: dict[str, Any]
) -> None:
    conn.execute(
        history.insert().values(
            kind=kind,
            object_id=object_id,
            version=version,
            at=now(),
            actor=actor,
            action=action,
            data=canonical(data),
        )
    )


def history_of(conn: Connection, kind: str, object_id: int) -> list[HistoryEntry]:
    rows = conn.execute(
        sa.select(history)
        .where(history.c.kind == kind, history.c.object_id == object_id)
        .order_by(history.c.version, history.c.id)
    )
    return [HistoryEntry(r.version, utc(r.at), r.actor, r.action, loads(r.data)) for r in rows]


def _select() -> sa.Select[Any]:
    return sa.select(alerts, customers.c.external_id).join(customers, customers.c.id == alerts.c.customer_id)


def _alert(row: sa.Row[Any]) -> Alert:
    return Alert(
        id=row.id,
        customer_id=row.customer_id,
        external_id=row.external_id,
        entity_id=row.entity_id,
        dataset=row.dataset,
        caption=row.caption,
        score=row.score,
        status=row.status,
        reason=row.reason,
        decided_by=row.decided_by,
        decided_at=utc(row.decided_at),
        version=row.version,
        screening_id=row.screening_id,
        list_version_id=row.list_version_id,
        created_at=utc(row.created_at),
        updated_at=utc(row.updated_at),
    )


def get(conn: Connection, alert_id: int) -> Alert:
    row = conn.execute(_select().where(alerts.c.id == alert_id)).first()
    if row is None:
        raise NotFound(f"no alert {alert_id}")
    return _alert(row)


def listing(
    conn: Connection,
    *,
    status: str | None = None,
    customer: str | None = None,
    entity: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[Alert]:
    """Alerts newest first; ``customer`` is the external id, ``status`` one of STATUSES."""
    if status is not None and status not in STATUSES:
        raise QueryError(f"unknown alert status {status!r}", field="status", expected=", ".join(STATUSES))
    query = _select().order_by(alerts.c.id.desc()).limit(limit).offset(offset)
    if status is not None:
        query = query.where(alerts.c.status == status)
    if customer is not None:
        query = query.where(customers.c.external_id == customer)
    if entity is not None:
        query = query.where(alerts.c.entity_id == entity)
    return [_alert(r) for r in conn.execute(query)]


def suppression_until(
    conn: Connection, customer_id: int, entity_id: str, customer_fp: str, entity_fp: str, at: datetime
) -> tuple[bool, datetime | None]:
    """Whether a false-positive decision still holds for the pair as it is now, and until when."""
    rows = (
        conn.execute(
            sa.select(suppressions.c.expires_at).where(
                suppressions.c.customer_id == customer_id,
                suppressions.c.entity_id == entity_id,
                suppressions.c.customer_fingerprint == customer_fp,
                suppressions.c.entity_fingerprint == entity_fp,
            )
        )
        .scalars()
        .all()
    )
    if any(e is None for e in rows):
        return True, None  # a suppression without expiry
    active = [utc(e) for e in rows if utc(e) > at]
    return (True, max(active)) if active else (False, None)


def should_alert(conn: Connection, customer_id: int, entity_id: str, customer_fp: str, entity_fp: str) -> str:
    """``"new"``, or why not: ``"open"`` (one is waiting), ``"confirmed"`` (a true match on the same
    data) or ``"suppressed"`` (a false positive that still holds)."""
    rows = conn.execute(
        sa.select(alerts.c.status, alerts.c.customer_fingerprint, alerts.c.entity_fingerprint).where(
            alerts.c.customer_id == customer_id, alerts.c.entity_id == entity_id
        )
    ).all()
    if any(r.status in ACTIVE for r in rows):
        return "open"
    if any(
        r.status == "true_match"
        and r.customer_fingerprint == customer_fp
        and r.entity_fingerprint == entity_fp
        for r in rows
    ):
        return "confirmed"
    if suppression_until(conn, customer_id, entity_id, customer_fp, entity_fp, now())[0]:
        return "suppressed"
    return "new"


def create(
    conn: Connection,
    *,
    customer_id: int,
    hit: dict[str, Any],
    dataset: str,
    list_version_id: int,
    screening_id: int | None,
    run_id: int | None,
    customer_fp: str,
    entity_fp: str,
    actor: str,
) -> int:
    at = now()
    alert_id = conn.execute(
        alerts.insert()
        .values(
            customer_id=customer_id,
            entity_id=hit["id"],
            dataset=dataset,
            list_version_id=list_version_id,
            screening_id=screening_id,
            run_id=run_id,
            score=float(hit["score"]),
            caption=hit["caption"],
            hit=canonical(hit),
            customer_fingerprint=customer_fp,
            entity_fingerprint=entity_fp,
            status="open",
            version=1,
            created_at=at,
            updated_at=at,
        )
        .returning(alerts.c.id)
    ).scalar_one()
    state = {"status": "open", "score": hit["score"], "entity_id": hit["id"], "screening_id": screening_id}
    add_history(conn, "alert", alert_id, 1, actor, "create", state)
    audit.append(
        conn,
        actor=actor,
        action="alert.create",
        target=f"alert:{alert_id}",
        data={
            "customer_id": customer_id,
            "entity_id": hit["id"],
            "score": hit["score"],
            "list_version_id": list_version_id,
            "screening_id": screening_id,
        },
    )
    return alert_id


def decide(
    conn: Connection,
    alert_id: int,
    decision: str,
    reason: str,
    *,
    actor: str,
    version: int,
    suppress_for: timedelta | None,
) -> Alert:
    """Apply one decision in the caller's write transaction (see the module docstring)."""
    if decision not in DECISIONS:
        raise QueryError(f"unknown decision {decision!r}", field="decision", expected=", ".join(DECISIONS))
    if not reason or not reason.strip():
        raise QueryError("a decision needs a reason", field="reason", expected="a non-empty text")
    current = get(conn, alert_id)
    if current.version != version:
        raise ConflictError(
            f"alert {alert_id} changed since you saw it (version {version}, now {current.version}: "
            f"{current.status} by {current.decided_by or 'monitoring'}); reload it and decide again",
            alert_id=alert_id,
            version=current.version,
        )
    if current.status not in ACTIVE:
        raise ConflictError(
            f"alert {alert_id} is already decided: {current.status} by {current.decided_by}",
            alert_id=alert_id,
            version=current.version,
        )
    at = now()
    status = DECISIONS[decision]
    updated = conn.execute(
        alerts.update()
        .where(alerts.c.id == alert_id, alerts.c.version == version)
        .values(
            status=status,
            reason=reason.strip(),
            decided_by=actor,
            decided_at=at,
            updated_at=at,
            version=version + 1,
        )
    ).rowcount
    if updated != 1:  # another transaction won between our read and our write
        raise ConflictError(
            f"alert {alert_id} was decided by someone else at the same time; reload it", alert_id=alert_id
        )
    add_history(
        conn,
        "alert",
        alert_id,
        version + 1,
        actor,
        "decide",
        {"status": status, "decision": decision, "reason": reason.strip()},
    )
    audit.append(
        conn,
        actor=actor,
        action="alert.decide",
        target=f"alert:{alert_id}",
        data={"decision": decision, "status": status, "reason": reason.strip(), "version": version + 1},
    )
    if decision == "false_positive":
        row = conn.execute(
            sa.select(
                alerts.c.customer_id,
                alerts.c.entity_id,
                alerts.c.customer_fingerprint,
                alerts.c.entity_fingerprint,
            ).where(alerts.c.id == alert_id)
        ).one()
        expires = at + suppress_for if suppress_for is not None else None
        sup_id = conn.execute(
            suppressions.insert()
            .values(
                customer_id=row.customer_id,
                entity_id=row.entity_id,
                customer_fingerprint=row.customer_fingerprint,
                entity_fingerprint=row.entity_fingerprint,
                alert_id=alert_id,
                created_at=at,
                created_by=actor,
                expires_at=expires,
            )
            .returning(suppressions.c.id)
        ).scalar_one()
        audit.append(
            conn,
            actor=actor,
            action="suppression.create",
            target=f"suppression:{sup_id}",
            data={
                "alert_id": alert_id,
                "customer_id": row.customer_id,
                "entity_id": row.entity_id,
                "expires_at": iso(expires),
            },
        )
    return get(conn, alert_id)
