"""Webhooks: alerts announced by an HMAC-signed POST, retried with backoff, logged.

Deliveries are written as ``pending`` rows in the same transaction as the
alerts they announce (an outbox): a crash after the commit loses no
announcement, ``deliver_pending`` sends it later.  The body is stored as the
exact bytes that are signed and sent; the signature header is
``X-Zaslon-Signature: sha256=<hex HMAC-SHA256 of the body with the secret>``.
Every attempt (status code or error) is appended to the delivery's log.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Sequence
from typing import Any

import httpx
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from zaslon.exc import QueryError
from zaslon.store.db import WRITE
from zaslon.store.workflow_schema import deliveries, webhooks
from zaslon.workflow import audit
from zaslon.workflow.records import Delivery, Webhook, canonical, iso, loads, now, utc

SIGNATURE_HEADER = "X-Zaslon-Signature"
DELIVERY_HEADER = "X-Zaslon-Delivery"
EVENT_HEADER = "X-Zaslon-Event"


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def verify_signature(secret: str, body: bytes, header: str) -> bool:
    """What a receiver does: recompute and compare in constant time."""
    return hmac.compare_digest(sign(secret, body), header)


def add(conn: Connection, url: str, secret: str, *, actor: str) -> Webhook:
    if not url.startswith(("http://", "https://")):
        raise QueryError(f"not an http(s) address: {url!r}", field="url", expected="http://… or https://…")
    if len(secret) < 16:
        raise QueryError("the webhook secret must have at least 16 characters", field="secret")
    at = now()
    hook_id = conn.execute(
        webhooks.insert().values(url=url, secret=secret, created_at=at, active=True).returning(webhooks.c.id)
    ).scalar_one()
    audit.append(conn, actor=actor, action="webhook.add", target=f"webhook:{hook_id}", data={"url": url})
    return Webhook(hook_id, url, at)


def listing(conn: Connection) -> list[Webhook]:
    rows = conn.execute(sa.select(webhooks).order_by(webhooks.c.id))
    return [Webhook(r.id, r.url, utc(r.created_at), bool(r.active)) for r in rows]


def enqueue(conn: Connection, event: str, payload: dict[str, Any]) -> list[int]:
    """A pending delivery per active webhook, in the caller's transaction."""
    body = canonical({"event": event, **payload})
    ids = []
    for hook_id in conn.execute(sa.select(webhooks.c.id).where(webhooks.c.active.is_(True))).scalars():
        ids.append(
            conn.execute(
                deliveries.insert()
                .values(
                    webhook_id=hook_id,
                    event=event,
                    body=body,
                    status="pending",
                    attempts=0,
                    log="[]",
                    created_at=now(),
                )
                .returning(deliveries.c.id)
            ).scalar_one()
        )
    return ids


def _delivery(row: sa.Row[Any]) -> Delivery:
    return Delivery(
        row.id,
        row.webhook_id,
        row.event,
        row.status,
        row.attempts,
        loads(row.log) or [],
        utc(row.created_at),
        utc(row.delivered_at),
    )


def listing_deliveries(conn: Connection, *, limit: int = 50) -> list[Delivery]:
    rows = conn.execute(sa.select(deliveries).order_by(deliveries.c.id.desc()).limit(limit))
    return [_delivery(r) for r in rows]


def deliver(
    engine: Engine,
    delivery_ids: Sequence[int] | None = None,
    *,
    client: httpx.Client | None = None,
    attempts: int = 4,
    backoff: float = 0.5,
    timeout: float = 10.0,
) -> list[Delivery]:
    """Send pending deliveries (these, or all pending); ``attempts`` tries each, waiting
    ``backoff``, 2×, 4×… seconds between tries.  A 2xx answer is delivered."""
    own = client is None
    http = client or httpx.Client(timeout=timeout)
    done: list[Delivery] = []
    try:
        with engine.connect() as conn:
            query = (
                sa.select(deliveries, webhooks.c.url, webhooks.c.secret)
                .join(webhooks, webhooks.c.id == deliveries.c.webhook_id)
                .where(deliveries.c.status != "delivered")
            )
            if delivery_ids is not None:
                query = query.where(deliveries.c.id.in_(list(delivery_ids)))
            rows = conn.execute(query.order_by(deliveries.c.id)).all()
        for row in rows:
            done.append(_send(engine, http, row, attempts, backoff))
    finally:
        if own:
            http.close()
    return done


def _send(engine: Engine, http: httpx.Client, row: sa.Row[Any], attempts: int, backoff: float) -> Delivery:
    body = row.body.encode("utf-8")
    headers = {
        "Content-Type": "application/json",
        SIGNATURE_HEADER: sign(row.secret, body),
        DELIVERY_HEADER: str(row.id),
        EVENT_HEADER: row.event,
    }
    log: list[dict[str, Any]] = loads(row.log) or []
    tried = row.attempts
    status = "failed"
    for attempt in range(attempts):
        if attempt:
            time.sleep(backoff * 2 ** (attempt - 1))
        entry: dict[str, Any] = {"at": iso(now())}
        try:
            response = http.post(row.url, content=body, headers=headers)
            entry["status_code"] = response.status_code
            ok = 200 <= response.status_code < 300
        except httpx.HTTPError as exc:
            entry["error"] = f"{type(exc).__name__}: {exc}"
            ok = False
        tried += 1
        log.append(entry)
        if ok:
            status = "delivered"
            break
    with engine.connect().execution_options(**{WRITE: True}) as conn, conn.begin():
        conn.execute(
            deliveries.update()
            .where(deliveries.c.id == row.id)
            .values(
                status=status,
                attempts=tried,
                log=canonical(log),
                delivered_at=now() if status == "delivered" else None,
            )
        )
        fresh = conn.execute(sa.select(deliveries).where(deliveries.c.id == row.id)).one()
    return _delivery(fresh)
