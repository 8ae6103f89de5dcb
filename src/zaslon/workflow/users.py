"""Analyst accounts: a role and a scrypt-hashed password.

The stored hash is ``scrypt$<n>$<r>$<p>$<salt hex>$<hash hex>``, so the cost
parameters can be raised later without breaking existing passwords.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from zaslon.exc import ConflictError, QueryError
from zaslon.store.workflow_schema import users
from zaslon.workflow import audit
from zaslon.workflow.records import User, now, utc

ROLES = ("analyst", "admin")
_N, _R, _P = 2**14, 8, 1  # ~16 MiB and ~50 ms per hash: slow to guess, fine to log in
_MIN_PASSWORD = 8


def hash_password(password: str, *, n: int = _N, r: int = _R, p: int = _P) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=64 * 1024 * 1024, dklen=32
    )
    return f"scrypt${n}${r}${p}${salt.hex()}${digest.hex()}"


def check_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        got = hashlib.scrypt(
            password.encode("utf-8"),
            salt=bytes.fromhex(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            maxmem=64 * 1024 * 1024,
            dklen=len(digest) // 2,
        )
    except ValueError:
        return False
    return hmac.compare_digest(got.hex(), digest)


def _user(row: sa.Row[Any]) -> User:
    created = utc(row.created_at)
    assert created is not None
    return User(row.id, row.username, row.role, created, utc(row.disabled_at))


def create(conn: Connection, username: str, password: str, role: str, *, actor: str) -> User:
    username = username.strip()
    if not username or len(username) > 100 or any(c.isspace() for c in username):
        raise QueryError(f"invalid username {username!r}: 1-100 characters, no spaces", field="username")
    if role not in ROLES:
        raise QueryError(
            f"unknown role {role!r}; expected one of {', '.join(ROLES)}",
            field="role",
            expected=" or ".join(ROLES),
        )
    if len(password) < _MIN_PASSWORD:
        raise QueryError(f"the password must have at least {_MIN_PASSWORD} characters", field="password")
    if conn.execute(sa.select(users.c.id).where(users.c.username == username)).first() is not None:
        raise ConflictError(f"a user named {username!r} already exists")
    at = now()
    user_id = conn.execute(
        users.insert()
        .values(username=username, role=role, password_hash=hash_password(password), created_at=at)
        .returning(users.c.id)
    ).scalar_one()
    audit.append(
        conn,
        actor=actor,
        action="user.create",
        target=f"user:{user_id}",
        data={"username": username, "role": role},
    )
    return User(user_id, username, role, at)


def authenticate(conn: Connection, username: str, password: str) -> User | None:
    row = conn.execute(sa.select(users).where(users.c.username == username.strip())).first()
    if row is None:
        # spend the same time as a real check, so timing does not reveal which names exist
        check_password(password, f"scrypt${_N}${_R}${_P}${'00' * 16}${'00' * 32}")
        return None
    if row.disabled_at is not None or not check_password(password, row.password_hash):
        return None
    return _user(row)


def listing(conn: Connection) -> list[User]:
    return [_user(r) for r in conn.execute(sa.select(users).order_by(users.c.username))]
