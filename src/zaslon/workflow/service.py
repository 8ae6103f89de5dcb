"""The workflow service: one object per process over the store's database.

Orchestration only: each concern lives in its own module (``users``,
``screenings``, ``monitoring``, ``alerts``, ``webhooks``, ``audit``); this
class owns the database engine, the serving engine holder and the write
transactions, so every change and its audit entry commit together.

List updates are audited by catching up: before every write, and in
``monitor``, ``audit`` and ``sync_audit`` itself, the service appends a
``list.load`` entry for every list version not audited yet, and
``key.create`` / ``key.revoke`` entries for API key changes made through
``store.keys``.  Lists and keys are written by other
modules (``zaslon.lists``, ``store.keys``), so this keeps one place that
audits them, whichever path loaded a list.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import timedelta
from typing import Any, Protocol

import httpx
import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.engine import Engine as DbEngine
from sqlalchemy.exc import SQLAlchemyError

from zaslon.batch.mapping import Mapping as ColumnMapping
from zaslon.core.model.query import Query, query_from_ftm
from zaslon.engine import Engine
from zaslon.exc import NotFound, QueryError, StoreError, ZaslonError
from zaslon.store import ListStore
from zaslon.store.db import WRITE, _short, open_engine
from zaslon.store.workflow_schema import alerts as alerts_table
from zaslon.workflow import alerts as alerts_mod
from zaslon.workflow import audit as audit_mod
from zaslon.workflow import customers as customers_mod
from zaslon.workflow import external, monitoring, screenings, users, webhooks
from zaslon.workflow.records import (
    Alert,
    AlertDetail,
    AuditCheck,
    AuditEntry,
    Customer,
    Delivery,
    ImportResult,
    MonitoringRun,
    Replay,
    Screening,
    User,
    Webhook,
    loads,
    now,
)


class HoldsEngine(Protocol):
    """What the service needs of ``EngineHolder``: the serving engine (and, optionally,
    ``refresh(store)`` to pick up a new list version before monitoring)."""

    @property
    def engine(self) -> Engine: ...


class Workflow:
    """Recorded screenings, customers, monitoring, alerts, webhooks, audit (see ``zaslon.workflow``)."""

    def __init__(
        self,
        db_url: str,
        holder: HoldsEngine,
        *,
        db: DbEngine | None = None,
        suppress_days: float | None = 365.0,
        webhook_attempts: int = 4,
        webhook_backoff: float = 0.5,
        http_client: httpx.Client | None = None,
    ) -> None:
        self._owns_db = db is None
        self.db = open_engine(db_url) if db is None else db
        self.lists = ListStore(self.db)
        self.holder = holder
        self.suppress_for = timedelta(days=suppress_days) if suppress_days is not None else None
        self.webhook_attempts = webhook_attempts
        self.webhook_backoff = webhook_backoff
        self.http_client = http_client
        self._replays = screenings.ReplayEngines(self.lists)

    def close(self) -> None:
        if self._owns_db:
            self.db.dispose()

    # -- transactions ----------------------------------------------------------

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        try:
            with self.db.connect() as conn:
                yield conn
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot read the workflow tables: {_short(exc)}") from None

    @contextmanager
    def _write(self, *, sync: bool = True) -> Iterator[Connection]:
        """One write transaction: everything in it, audit entries included, commits or nothing does.

        List loads and key changes made elsewhere are audited first, so the log
        keeps the order in which things happened.
        """
        if sync:
            self.sync_audit()
        try:
            with self.db.connect().execution_options(**{WRITE: True}) as conn, conn.begin():
                yield conn
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot write the workflow tables: {_short(exc)}") from None

    # -- users -------------------------------------------------------------------

    def create_user(self, username: str, password: str, role: str, *, actor: str) -> User:
        with self._write() as conn:
            return users.create(conn, username, password, role, actor=actor)

    def authenticate(self, username: str, password: str) -> User | None:
        with self._read() as conn:
            return users.authenticate(conn, username, password)

    def users(self) -> list[User]:
        with self._read() as conn:
            return users.listing(conn)

    # -- screenings ----------------------------------------------------------------

    def screen(
        self,
        query: Query | Mapping[str, Any],
        *,
        source: str,
        actor: str,
        limit: int = 10,
        threshold: float | None = None,
        record: bool = True,
    ) -> Screening:
        """Screen with the serving engine; recorded (and audited) unless ``record`` is false.

        ``query`` is a ``Query`` or an FtM-shaped object (``{"schema", "properties"}``).
        """
        q = _as_query(query)
        engine = self.holder.engine  # taken once: the whole screen uses one engine
        hits, config = screenings.run(engine, q, limit=limit, threshold=threshold)
        if not record:
            return screenings.unrecorded(engine, q, hits, config, source, actor)
        with self._write() as conn:
            done = screenings.record(
                conn, engine=engine, query=q, hits=hits, config=config, source=source, actor=actor
            )
            audit_mod.append(
                conn,
                actor=actor,
                action="screening.record",
                target=f"screening:{done.id}",
                data={
                    "source": source,
                    "names": q.names,
                    "hits": [h.entity_id for h in hits],
                    "versions": [v["id"] for v in done.versions],
                },
            )
        return done

    def screening(self, screening_id: int) -> Screening:
        with self._read() as conn:
            return screenings.get(conn, screening_id)

    def screenings(self, *, limit: int = 50, offset: int = 0, source: str | None = None) -> list[Screening]:
        with self._read() as conn:
            return screenings.listing(conn, limit=limit, offset=offset, source=source)

    def replay(self, screening_id: int) -> Replay:
        """Rebuild an engine from the recorded list versions, run the query again, compare."""
        return screenings.replay(self.screening(screening_id), self._replays)

    # -- customers -------------------------------------------------------------------

    def upsert_customer(self, external_id: str, query: Query | Mapping[str, Any], *, actor: str) -> Customer:
        """Register a customer for monitoring, or update its data (a change re-screens it next run)."""
        q = _as_query(query)
        with self._write() as conn:
            return customers_mod.upsert(conn, external_id, q, actor=actor)[0]

    def import_customers(
        self,
        rows: Iterable[Mapping[str, Any]],
        mapping: ColumnMapping | str,
        *,
        actor: str,
        id_column: str | None = None,
    ) -> ImportResult:
        """Register or update customers from rows (e.g. CSV ``DictReader``), all in one transaction.

        ``mapping`` is a batch column mapping or its ``--map`` text, which may
        also name the customer id column as ``customer=COL`` (default
        ``customer_id``).  Rows that cannot be screened are reported, not stored.
        """
        with self._write() as conn:
            return customers_mod.import_rows(conn, rows, mapping, actor=actor, id_column=id_column)

    def customers(self, *, limit: int = 50, offset: int = 0) -> list[Customer]:
        with self._read() as conn:
            return customers_mod.listing(conn, limit=limit, offset=offset)

    def customer(self, external_id: str) -> Customer:
        with self._read() as conn:
            return customers_mod.get(conn, external_id)

    # -- monitoring ----------------------------------------------------------------------

    def monitor(self, *, actor: str = "system", full: bool = False, deliver: bool = True) -> MonitoringRun:
        """Re-screen what changed since the last run and raise alerts (see ``monitoring``);
        ``full`` re-screens every customer against every list."""
        refresh = getattr(self.holder, "refresh", None)
        if callable(refresh):
            refresh(self.lists)
        self.sync_audit()
        done = monitoring.run(self.db, self.lists, self.holder.engine, actor=actor, full=full)
        if deliver and done.deliveries:
            self.deliver_pending(done.deliveries)
        return done

    # -- alerts ----------------------------------------------------------------------------

    def alerts(
        self,
        *,
        status: str | None = None,
        customer: str | None = None,
        entity: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[Alert]:
        with self._read() as conn:
            return alerts_mod.listing(
                conn, status=status, customer=customer, entity=entity, limit=limit, offset=offset
            )

    def alert(self, alert_id: int) -> AlertDetail:
        """The alert with its customer, the listed entity as alerted, provenance and history."""
        with self._read() as conn:
            alert = alerts_mod.get(conn, alert_id)
            customer = customers_mod.by_id(conn, alert.customer_id)
            extra = conn.execute(
                sa.select(
                    alerts_table.c.hit, alerts_table.c.customer_fingerprint, alerts_table.c.entity_fingerprint
                ).where(alerts_table.c.id == alert_id)
            ).one()
            history = alerts_mod.history_of(conn, "alert", alert_id)
            _, until = alerts_mod.suppression_until(
                conn,
                alert.customer_id,
                alert.entity_id,
                extra.customer_fingerprint,
                extra.entity_fingerprint,
                now(),
            )
        entity = self.lists.entity_at(alert.entity_id, alert.list_version_id)
        try:
            version = self.lists.version(alert.list_version_id).to_dict()
        except NotFound:
            version = None
        return AlertDetail(
            alert,
            customer,
            entity.to_ftm() if entity else None,
            version,
            loads(extra.hit),
            history,
            until,
        )

    def decide(self, alert_id: int, decision: str, reason: str, *, actor: str, version: int) -> Alert:
        """Decide an alert; a stale ``version`` raises ``ConflictError`` (someone decided first)."""
        with self._write() as conn:
            return alerts_mod.decide(
                conn, alert_id, decision, reason, actor=actor, version=version, suppress_for=self.suppress_for
            )

    # -- webhooks --------------------------------------------------------------------------

    def add_webhook(self, url: str, secret: str, *, actor: str) -> Webhook:
        with self._write() as conn:
            return webhooks.add(conn, url, secret, actor=actor)

    def webhooks(self) -> list[Webhook]:
        with self._read() as conn:
            return webhooks.listing(conn)

    def deliveries(self, *, limit: int = 50) -> list[Delivery]:
        with self._read() as conn:
            return webhooks.listing_deliveries(conn, limit=limit)

    def deliver_pending(self, delivery_ids: Iterable[int] | None = None) -> list[Delivery]:
        """Send (these, or all) undelivered webhook deliveries, with retries and backoff."""
        ids = list(delivery_ids) if delivery_ids is not None else None
        return webhooks.deliver(
            self.db,
            ids,
            client=self.http_client,
            attempts=self.webhook_attempts,
            backoff=self.webhook_backoff,
        )

    # -- audit -----------------------------------------------------------------------------

    def audit(self, *, limit: int = 50, offset: int = 0, target: str | None = None) -> list[AuditEntry]:
        self.sync_audit()
        with self._read() as conn:
            return audit_mod.entries(conn, limit=limit, offset=offset, target=target)

    def verify_audit(self) -> AuditCheck:
        with self._read() as conn:
            return audit_mod.verify(conn)

    def sync_audit(self, *, actor: str = "system") -> int:
        """Audit list versions and API key changes made outside the service (see ``external``)."""
        with self._read() as conn:
            if not external.pending(conn):
                return 0
        with self._write(sync=False) as conn:
            audit_mod.lock(conn)  # then read again: a concurrent sync may have written some already
            todo = external.pending(conn)
            for action, target, data in todo:
                audit_mod.append(conn, actor=actor, action=action, target=target, data=data)
        return len(todo)


def _as_query(query: Query | Mapping[str, Any]) -> Query:
    if isinstance(query, Query):
        return query
    try:
        return query_from_ftm(dict(query))
    except ZaslonError:
        raise
    except (TypeError, ValueError) as exc:
        raise QueryError(f"not a query: {exc}", field="query") from None
