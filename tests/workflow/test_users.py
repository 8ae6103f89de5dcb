"""Users: roles, scrypt-hashed passwords, audited creation."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from zaslon.exc import ConflictError, QueryError
from zaslon.store.workflow_schema import users
from zaslon.workflow import Workflow
from zaslon.workflow.users import check_password, hash_password


def test_users_log_in_with_their_password_only(workflow: Workflow) -> None:
    created = workflow.create_user("ana", "correct horse battery", "analyst", actor="admin")
    workflow.create_user("root", "another long secret", "admin", actor="admin")
    assert workflow.authenticate("ana", "correct horse battery") == created
    assert workflow.authenticate("ana", "correct horse batterY") is None
    assert workflow.authenticate("nobody", "correct horse battery") is None
    assert [(u.username, u.role) for u in workflow.users()] == [("ana", "analyst"), ("root", "admin")]
    with workflow.db.connect() as conn:
        stored = conn.execute(sa.select(users.c.password_hash).where(users.c.username == "ana")).scalar_one()
    assert stored.startswith("scrypt$16384$8$1$") and "horse" not in stored
    [entry] = [e for e in workflow.audit() if e.action == "user.create" and e.data["username"] == "ana"]
    assert entry.actor == "admin" and entry.data == {"username": "ana", "role": "analyst"}


@pytest.mark.parametrize(
    ("username", "password", "role", "error", "message"),
    [
        ("ana", "correct horse battery", "root", QueryError, "unknown role 'root'"),
        ("ana", "short", "analyst", QueryError, "at least 8 characters"),
        ("an a", "correct horse battery", "analyst", QueryError, "invalid username 'an a'"),
        ("taken", "correct horse battery", "analyst", ConflictError, "'taken' already exists"),
    ],
)
def test_bad_users_are_refused(workflow: Workflow, username: str, password: str, role: str,
                               error: type[Exception], message: str) -> None:  # fmt: skip
    workflow.create_user("taken", "correct horse battery", "analyst", actor="admin")
    with pytest.raises(error, match=message):
        workflow.create_user(username, password, role, actor="admin")
    assert len(workflow.users()) == 1


def test_password_hashes_are_salted_and_checked_in_constant_form() -> None:
    a, b = hash_password("same password"), hash_password("same password")
    assert a != b and check_password("same password", a) and check_password("same password", b)
    assert not check_password("same password", "md5$abc") and not check_password("x", "garbage")
