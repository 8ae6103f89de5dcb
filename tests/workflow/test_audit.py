"""The audit log: hash-chained, and verify names the first entry that was tampered with."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from tests.workflow.conftest import tamper
from zaslon.store.keys import KeyStore
from zaslon.workflow import Workflow
from zaslon.workflow.audit import GENESIS, entry_hash


def _some_entries(wf: Workflow) -> None:
    wf.create_user("ana", "correct horse battery", "analyst", actor="admin")
    wf.upsert_customer("C-1", {"schema": "Person", "properties": {"name": ["Eric Example"]}}, actor="ana")
    wf.add_webhook("http://127.0.0.1:9/x", "s" * 20, actor="admin")


def test_the_chain_links_every_entry_to_the_one_before(workflow: Workflow) -> None:
    _some_entries(workflow)
    entries = list(reversed(workflow.audit(limit=100)))
    assert [e.id for e in entries] == list(range(1, len(entries) + 1))
    assert entries[0].action == "list.load" and entries[0].data["dataset"] == "un_sc"
    prev = GENESIS
    for e in entries:
        assert e.prev_hash == prev
        assert e.hash == entry_hash(prev, e.to_dict())
        prev = e.hash
    check = workflow.verify_audit()
    assert check.ok and check.entries == len(entries) and check.first_bad is None


def test_the_database_refuses_to_change_or_delete_an_entry(workflow: Workflow) -> None:
    _some_entries(workflow)
    for sql in ("UPDATE audit_log SET actor = 'mallory'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"), workflow.db.begin() as conn:
            conn.execute(sa.text(sql))
    assert workflow.verify_audit().ok


def test_verify_names_an_edited_entry(workflow: Workflow) -> None:
    _some_entries(workflow)
    workflow.sync_audit()
    [user_entry] = [e for e in workflow.audit(limit=100) if e.action == "user.create"]
    tamper(workflow.db, "UPDATE audit_log SET data = :d WHERE id = :i",
           {"d": '{"role":"admin","username":"ana"}', "i": user_entry.id})  # fmt: skip
    check = workflow.verify_audit()
    assert not check.ok and check.first_bad == user_entry.id and "hash" in (check.problem or "")


def test_verify_names_a_deleted_entry_and_a_cut_tail(workflow: Workflow) -> None:
    _some_entries(workflow)
    workflow.sync_audit()
    total = workflow.verify_audit().entries
    tamper(workflow.db, "DELETE FROM audit_log WHERE id = :i", {"i": total})
    check = workflow.verify_audit()
    assert not check.ok and check.first_bad == total
    tamper(workflow.db, "DELETE FROM audit_log WHERE id = 2")
    assert workflow.verify_audit().first_bad == 2


def test_key_changes_and_list_loads_are_audited_once(workflow: Workflow) -> None:
    keys = KeyStore(workflow.db)
    record, _secret = keys.create("screen", "ci")
    keys.revoke(record.id)
    assert workflow.sync_audit() == 3  # the list load, the key created, the key revoked
    assert workflow.sync_audit() == 0
    actions = [(e.action, e.target) for e in workflow.audit(limit=100)]
    assert ("key.create", f"api_key:{record.id}") in actions and (
        "key.revoke",
        f"api_key:{record.id}",
    ) in actions
    assert sum(a == "list.load" for a, _ in actions) == 1
