"""The audit log: append-only and hash-chained.

Entry ``n`` stores ``hash = sha256(prev_hash + canonical JSON of the entry)``
where ``prev_hash`` is entry ``n-1``'s hash (64 zeros for the first).  Editing,
inserting or deleting any row breaks the chain from that row on, and
``verify`` names the first entry that does not check out.  Ids run 1, 2, 3…
without gaps, and the ``audit`` counter holds the last id, so cutting rows off
the end is caught as well.

The database refuses UPDATE and DELETE on ``audit_log`` (triggers created by
the migration); the chain is what catches a change made by someone with the
rights to drop them.

``append`` runs inside the caller's transaction: the audited change and its
entry commit together or not at all.  It locks the ``audit`` counter row
first, so concurrent writers queue up instead of forking the chain.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from zaslon.store.schema import counters
from zaslon.store.workflow_schema import audit_log
from zaslon.workflow.records import AuditCheck, AuditEntry, canonical, iso, loads, now, utc

GENESIS = "0" * 64
COUNTER = "audit"


def entry_hash(prev_hash: str, entry: Mapping[str, Any]) -> str:
    """The hash of one entry: sha256 over the previous hash and the entry's canonical JSON."""
    body = canonical({k: entry[k] for k in ("id", "at", "actor", "action", "target", "data")})
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


def lock(conn: Connection) -> int:
    """Take the audit log's write lock for this transaction; the id of the last entry."""
    return int(
        conn.execute(
            sa.select(counters.c.value).where(counters.c.name == COUNTER).with_for_update()
        ).scalar_one()
    )


def append(
    conn: Connection, *, actor: str, action: str, target: str, data: Mapping[str, Any] | None = None
) -> AuditEntry:
    """Add one entry to the chain, in ``conn``'s (write) transaction."""
    last_id = lock(conn)
    prev = conn.execute(sa.select(audit_log.c.hash).where(audit_log.c.id == last_id)).scalar()
    prev_hash = prev or GENESIS
    at = now()
    entry = {
        "id": int(last_id) + 1,
        "at": iso(at),
        "actor": actor,
        "action": action,
        "target": target,
        "data": dict(data or {}),
    }
    digest = entry_hash(prev_hash, entry)
    conn.execute(
        audit_log.insert().values(
            id=entry["id"],
            at=at,
            actor=actor,
            action=action,
            target=target,
            data=canonical(entry["data"]),
            prev_hash=prev_hash,
            hash=digest,
        )
    )
    conn.execute(counters.update().where(counters.c.name == COUNTER).values(value=entry["id"]))
    return AuditEntry(int(last_id) + 1, at, actor, action, target, dict(data or {}), prev_hash, digest)


def _entry(row: sa.Row[Any]) -> AuditEntry:
    at = utc(row.at)
    assert at is not None
    return AuditEntry(
        row.id, at, row.actor, row.action, row.target, loads(row.data) or {}, row.prev_hash, row.hash
    )


def entries(
    conn: Connection, *, limit: int = 50, offset: int = 0, target: str | None = None
) -> list[AuditEntry]:
    """Entries newest first (of one target, e.g. ``alert:3``, if given)."""
    query = sa.select(audit_log).order_by(audit_log.c.id.desc()).limit(limit).offset(offset)
    if target is not None:
        query = query.where(audit_log.c.target == target)
    return [_entry(r) for r in conn.execute(query)]


def verify(conn: Connection, *, batch: int = 5000) -> AuditCheck:
    """Recompute the chain from the first entry; the first entry that fails is named."""
    expected_prev = GENESIS
    expected_id = 1
    count = 0
    last_id = 0
    while True:
        rows = conn.execute(
            sa.select(audit_log).where(audit_log.c.id > last_id).order_by(audit_log.c.id).limit(batch)
        ).all()
        if not rows:
            break
        for row in rows:
            count += 1
            if row.id != expected_id:
                return AuditCheck(False, count, expected_id, f"entry {expected_id} is missing")
            try:
                data = loads(row.data)
            except ValueError:
                return AuditCheck(False, count, row.id, f"entry {row.id}: data is not JSON")
            entry = {
                "id": row.id,
                "at": iso(row.at),
                "actor": row.actor,
                "action": row.action,
                "target": row.target,
                "data": data,
            }
            if row.prev_hash != expected_prev:
                return AuditCheck(
                    False, count, row.id, f"entry {row.id}: prev_hash does not match entry {row.id - 1}"
                )
            if entry_hash(row.prev_hash, entry) != row.hash:
                return AuditCheck(False, count, row.id, f"entry {row.id}: content does not match its hash")
            expected_prev = row.hash
            expected_id += 1
            last_id = row.id
    recorded = conn.execute(sa.select(counters.c.value).where(counters.c.name == COUNTER)).scalar()
    if recorded is not None and int(recorded) != count:
        first_bad = count + 1 if int(recorded) > count else int(recorded) + 1
        return AuditCheck(False, count, first_bad, f"the log has {count} entries but {recorded} were written")
    return AuditCheck(True, count)
