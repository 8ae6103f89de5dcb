"""Audit entries for changes made outside the workflow service: list loads and API keys.

Lists are loaded by ``zaslon.lists`` (CLI, API, snapshot) and keys changed by
``store.keys``; neither knows the audit log.  Rather than hooking each of
those paths, the service catches up: ``pending`` lists every list version
without a ``list.load`` entry and every key creation or revocation without
its entry, and the service appends them (before each of its own writes, so
the log keeps the order things happened in).  Lookups go through the index
on ``audit_log.target``, so the cost follows the number of versions and keys,
not the length of the log.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from zaslon.store.schema import api_keys, list_versions
from zaslon.store.workflow_schema import audit_log
from zaslon.workflow.records import iso

ACTIONS = ("list.load", "key.create", "key.revoke")
_CHUNK = 500  # targets per IN (...): well inside every driver's parameter limit

Pending = tuple[str, str, dict[str, Any]]  # action, target, data


def _audited(conn: Connection, targets: list[str]) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for start in range(0, len(targets), _CHUNK):
        rows = conn.execute(
            sa.select(audit_log.c.action, audit_log.c.target).where(
                audit_log.c.target.in_(targets[start : start + _CHUNK]), audit_log.c.action.in_(ACTIONS)
            )
        ).all()
        found.update((r.action, r.target) for r in rows)
    return found


def pending(conn: Connection) -> list[Pending]:
    """List loads and key changes that have no audit entry yet, oldest first."""
    versions = conn.execute(sa.select(list_versions).order_by(list_versions.c.id)).all()
    keys = conn.execute(sa.select(api_keys).order_by(api_keys.c.created_at, api_keys.c.id)).all()
    done = _audited(conn, [f"list_version:{v.id}" for v in versions] + [f"api_key:{k.id}" for k in keys])
    todo: list[Pending] = []
    for v in versions:
        target = f"list_version:{v.id}"
        if ("list.load", target) not in done:
            data = {"dataset": v.dataset, "version": v.version, "sha256": v.sha256, "source": v.source,
                    "entity_count": v.entity_count, "loaded_at": iso(v.loaded_at)}  # fmt: skip
            todo.append(("list.load", target, data))
    for k in keys:
        target = f"api_key:{k.id}"
        if ("key.create", target) not in done:
            todo.append(("key.create", target, {"name": k.name, "role": k.role}))
        if k.revoked_at is not None and ("key.revoke", target) not in done:
            todo.append(("key.revoke", target, {"name": k.name, "revoked_at": iso(k.revoked_at)}))
    return todo
