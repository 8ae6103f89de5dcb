"""API keys: created with a role, shown once, stored only as a hash, revocable.

A key is ``zsk_<id>_<secret>``: ``id`` is public (it names the key in
``zaslon keys list`` and ``revoke``), ``secret`` is 32 random bytes.  Only the
SHA-256 of the whole key is stored; since the secret is high-entropy a plain
hash is enough (no salt or slow hash needed to resist guessing).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from zaslon.exc import ConfigError, NotFound, StoreError
from zaslon.store.db import WRITE, _short
from zaslon.store.schema import api_keys

Role = Literal["screen", "admin"]
ROLES: tuple[Role, ...] = ("screen", "admin")
PREFIX = "zsk_"


@dataclass(frozen=True, slots=True)
class ApiKey:
    """One API key as stored (never the key itself)."""

    id: str
    name: str
    role: Role
    created_at: datetime
    revoked_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "role": self.role,
            "created_at": self.created_at.isoformat(),
            "revoked_at": self.revoked_at.isoformat() if self.revoked_at else None,
        }


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _from_row(row: sa.Row[Any]) -> ApiKey:
    return ApiKey(
        id=row.id,
        name=row.name,
        role=row.role,
        created_at=_utc(row.created_at) or datetime.now(UTC),
        revoked_at=_utc(row.revoked_at),
    )


class KeyStore:
    """API keys in the same database as the lists (``ListStore.engine``)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def create(self, role: str, name: str = "") -> tuple[ApiKey, str]:
        """A new key with ``role``; returns its record and the key, which is not stored."""
        if role not in ROLES:
            raise ConfigError(f"unknown role {role!r}; expected one of {', '.join(ROLES)}")
        key_id = secrets.token_hex(6)
        key = f"{PREFIX}{key_id}_{secrets.token_urlsafe(32)}"
        record = ApiKey(id=key_id, name=name, role=role, created_at=datetime.now(UTC))
        try:
            with self.engine.connect().execution_options(**{WRITE: True}) as conn, conn.begin():
                conn.execute(
                    api_keys.insert().values(
                        id=record.id,
                        name=record.name,
                        role=record.role,
                        key_sha256=hash_key(key),
                        created_at=record.created_at,
                        revoked_at=None,
                    )
                )
        except SQLAlchemyError as exc:
            raise StoreError(f"could not store the new API key: {_short(exc)}") from None
        return record, key

    def list(self) -> list[ApiKey]:
        """Every key, revoked ones included, oldest first."""
        try:
            with self.engine.connect() as conn:
                rows = conn.execute(sa.select(api_keys).order_by(api_keys.c.created_at, api_keys.c.id)).all()
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot read the API keys: {_short(exc)}") from None
        return [_from_row(r) for r in rows]

    def revoke(self, key_id: str) -> ApiKey:
        """Revoke a key by its id; revoking a revoked key is a no-op."""
        try:
            with self.engine.connect().execution_options(**{WRITE: True}) as conn, conn.begin():
                row = conn.execute(sa.select(api_keys).where(api_keys.c.id == key_id)).first()
                if row is None:
                    raise NotFound(f"no API key with id {key_id!r} (see `zaslon keys list`)")
                if row.revoked_at is None:
                    conn.execute(
                        api_keys.update().where(api_keys.c.id == key_id).values(revoked_at=datetime.now(UTC))
                    )
                row = conn.execute(sa.select(api_keys).where(api_keys.c.id == key_id)).one()
        except SQLAlchemyError as exc:
            raise StoreError(f"could not revoke API key {key_id!r}: {_short(exc)}") from None
        return _from_row(row)

    def verify(self, key: str) -> ApiKey | None:
        """The active key record for ``key``, or None if unknown or revoked."""
        if not key.startswith(PREFIX):
            return None
        try:
            with self.engine.connect() as conn:
                row = conn.execute(sa.select(api_keys).where(api_keys.c.key_sha256 == hash_key(key))).first()
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot read the API keys: {_short(exc)}") from None
        if row is None or row.revoked_at is not None:
            return None
        return _from_row(row)
