"""What the workflow service hands out: plain, immutable records with a JSON shape.

Each record's ``to_dict`` is the shape the CLI's ``--json`` and the API print.
Also the two encodings every workflow module shares: canonical JSON (sorted
keys, UTF-8, what the audit chain hashes) and UTC timestamps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, overload

import orjson


def canonical(data: Any) -> str:
    """JSON with sorted keys and no whitespace: one text per value, stable across runs."""
    return orjson.dumps(data, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS).decode()


def loads(text: str | None) -> Any:
    return orjson.loads(text) if text else None


def now() -> datetime:
    return datetime.now(UTC)


@overload
def utc(value: datetime) -> datetime: ...
@overload
def utc(value: None) -> None: ...
@overload
def utc(value: datetime | None) -> datetime | None: ...


def utc(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; everything written here is UTC."""
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def iso(value: datetime | None) -> str | None:
    # PostgreSQL hands back the session's zone: always print UTC, so text is stable
    return utc(value).astimezone(UTC).isoformat() if value is not None else None


@dataclass(frozen=True, slots=True)
class User:
    id: int
    username: str
    role: str  # analyst | admin
    created_at: datetime
    disabled_at: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "username": self.username,
            "role": self.role,
            "created_at": iso(self.created_at),
            "disabled_at": iso(self.disabled_at),
        }


@dataclass(frozen=True, slots=True)
class Screening:
    """One recorded screen (``id`` 0 when it was not recorded)."""

    id: int
    created_at: datetime
    source: str
    actor: str
    query: dict[str, Any]
    versions: list[dict[str, Any]]  # [{id, dataset, version, sha256}]
    generation: int
    algorithm: str
    config: dict[str, Any]
    hits: list[dict[str, Any]]  # Hit.to_dict(), best first

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "created_at": iso(self.created_at),
            "source": self.source,
            "actor": self.actor,
            "query": self.query,
            "versions": self.versions,
            "generation": self.generation,
            "algorithm": self.algorithm,
            "config": self.config,
            "hits": self.hits,
        }


@dataclass(frozen=True, slots=True)
class Replay:
    """A recorded screening run again against its recorded list versions."""

    screening: Screening
    hits: list[dict[str, Any]]
    differences: list[dict[str, Any]]  # [{entity_id, field, recorded, replayed}]

    @property
    def same(self) -> bool:
        return not self.differences

    def to_dict(self) -> dict[str, Any]:
        return {
            "screening_id": self.screening.id,
            "same": self.same,
            "differences": self.differences,
            "recorded": len(self.screening.hits),
            "replayed": len(self.hits),
        }


@dataclass(frozen=True, slots=True)
class Customer:
    id: int
    external_id: str
    query: dict[str, Any]
    fingerprint: str
    version: int
    created_at: datetime
    updated_at: datetime

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "external_id": self.external_id,
            "query": self.query,
            "version": self.version,
            "created_at": iso(self.created_at),
            "updated_at": iso(self.updated_at),
        }


@dataclass(frozen=True, slots=True)
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)  # [{row, reason}]

    def to_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
        }


@dataclass(frozen=True, slots=True)
class Alert:
    id: int
    customer_id: int
    external_id: str
    entity_id: str
    dataset: str
    caption: str
    score: float
    status: str  # open, escalated, true_match, false_positive
    reason: str | None
    decided_by: str | None
    decided_at: datetime | None
    version: int
    screening_id: int | None
    list_version_id: int
    created_at: datetime
    updated_at: datetime

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "customer_id": self.customer_id,
            "external_id": self.external_id,
            "entity_id": self.entity_id,
            "dataset": self.dataset,
            "caption": self.caption,
            "score": self.score,
            "status": self.status,
            "reason": self.reason,
            "decided_by": self.decided_by,
            "decided_at": iso(self.decided_at),
            "version": self.version,
            "screening_id": self.screening_id,
            "list_version_id": self.list_version_id,
            "created_at": iso(self.created_at),
            "updated_at": iso(self.updated_at),
        }


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    version: int
    at: datetime
    actor: str
    action: str
    data: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "at": iso(self.at),
            "actor": self.actor,
            "action": self.action,
            "data": self.data,
        }


@dataclass(frozen=True, slots=True)
class AlertDetail:
    """An alert with the customer, the listed entity as it was alerted, and provenance."""

    alert: Alert
    customer: Customer
    entity: dict[str, Any] | None  # FtM of the entity in the alerted list version
    list_version: dict[str, Any] | None
    hit: dict[str, Any]  # score and explanation
    history: list[HistoryEntry]
    suppressed_until: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "alert": self.alert.to_dict(),
            "customer": self.customer.to_dict(),
            "entity": self.entity,
            "list_version": self.list_version,
            "hit": self.hit,
            "history": [h.to_dict() for h in self.history],
            "suppressed_until": iso(self.suppressed_until),
        }


@dataclass(frozen=True, slots=True)
class MonitoringRun:
    id: int
    started_at: datetime
    finished_at: datetime
    actor: str
    versions: list[dict[str, Any]]
    customers_screened: int
    entities_screened: int  # new and changed listed entities screened against all customers
    alerts: list[int]  # ids of the alerts raised
    suppressed: int  # hits not alerted because a false-positive decision still holds
    deliveries: list[int] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "started_at": iso(self.started_at),
            "finished_at": iso(self.finished_at),
            "actor": self.actor,
            "versions": self.versions,
            "customers_screened": self.customers_screened,
            "entities_screened": self.entities_screened,
            "alerts": self.alerts,
            "suppressed": self.suppressed,
            "deliveries": self.deliveries,
        }


@dataclass(frozen=True, slots=True)
class Webhook:
    id: int
    url: str
    created_at: datetime
    active: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "url": self.url, "created_at": iso(self.created_at), "active": self.active}


@dataclass(frozen=True, slots=True)
class Delivery:
    id: int
    webhook_id: int
    event: str
    status: str  # pending, delivered, failed
    attempts: int
    log: list[dict[str, Any]]
    created_at: datetime
    delivered_at: datetime | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "webhook_id": self.webhook_id,
            "event": self.event,
            "status": self.status,
            "attempts": self.attempts,
            "log": self.log,
            "created_at": iso(self.created_at),
            "delivered_at": iso(self.delivered_at),
        }


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: datetime
    actor: str
    action: str
    target: str
    data: dict[str, Any]
    prev_hash: str
    hash: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": iso(self.at),
            "actor": self.actor,
            "action": self.action,
            "target": self.target,
            "data": self.data,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }


@dataclass(frozen=True, slots=True)
class AuditCheck:
    ok: bool
    entries: int
    first_bad: int | None = None  # id of the first entry that does not verify
    problem: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "entries": self.entries, "first_bad": self.first_bad, "problem": self.problem}
