"""Revision 0003 creates the workflow tables (with the append-only triggers) and removes them again."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic import command

from zaslon.store import ListStore
from zaslon.store.db import WRITE, alembic_config, migrate

WORKFLOW_TABLES = {
    "users", "screenings", "customers", "alerts", "workflow_history", "suppressions", "monitor_runs",
    "monitor_lists", "webhooks", "webhook_deliveries", "audit_log",
}  # fmt: skip


def _to(store: ListStore, revision: str, downgrade: bool) -> None:
    with store.engine.connect().execution_options(**{WRITE: True}) as conn, conn.begin():
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        (command.downgrade if downgrade else command.upgrade)(cfg, revision)


def test_downgrade_removes_the_workflow_and_upgrade_restores_it(store: ListStore) -> None:
    assert WORKFLOW_TABLES <= set(sa.inspect(store.engine).get_table_names())
    _to(store, "0002", downgrade=True)
    assert not WORKFLOW_TABLES & set(sa.inspect(store.engine).get_table_names())
    with store.engine.connect() as conn:
        names = conn.execute(sa.text("SELECT name FROM counters")).scalars().all()
    assert names == ["generation"]
    migrate(store.engine)
    assert WORKFLOW_TABLES <= set(sa.inspect(store.engine).get_table_names())
    with store.engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO audit_log (id, at, actor, action, target, data, prev_hash, hash) "
                             "VALUES (1, CURRENT_TIMESTAMP, 'a', 'x', 't', '{}', '', '')"))  # fmt: skip
    with pytest.raises(sa.exc.DBAPIError, match="append-only"), store.engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM audit_log"))
