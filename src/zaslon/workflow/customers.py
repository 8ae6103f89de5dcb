"""Customers registered for monitoring: an external id and the query they are screened with.

A customer's ``fingerprint`` is the SHA-256 of its screened values; an
update that changes it bumps ``version``, keeps the new state in the history
and makes the next monitoring run screen the customer against every list.
An update that changes nothing writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from zaslon.batch.mapping import Mapping as ColumnMapping
from zaslon.batch.mapping import RowRejected, parse_mapping
from zaslon.core.model.query import Query
from zaslon.exc import NotFound, QueryError
from zaslon.store.workflow_schema import customers
from zaslon.workflow import audit, screenings
from zaslon.workflow.alerts import add_history
from zaslon.workflow.records import Customer, ImportResult, canonical, loads, now, utc

CUSTOMER_KEYS = ("customer", "external_id")  # the extra --map field naming the customer id column
DEFAULT_ID_COLUMN = "customer_id"

Outcome = Literal["create", "update", "unchanged"]


def from_row(row: sa.Row[Any]) -> Customer:
    return Customer(
        row.id, row.external_id, loads(row.query), row.fingerprint, row.version, utc(row.created_at),
        utc(row.updated_at),
    )  # fmt: skip


def upsert(conn: Connection, external_id: str, query: Query, *, actor: str) -> tuple[Customer, Outcome]:
    """Create or update one customer in the caller's write transaction."""
    external_id = str(external_id).strip()
    if not external_id or len(external_id) > 200:
        raise QueryError(
            f"invalid customer id {external_id!r}", field="external_id", expected="1-200 characters"
        )
    query.id = external_id
    data = screenings.query_to_dict(query)
    fp = screenings.query_fingerprint(query)
    at = now()
    row = conn.execute(sa.select(customers).where(customers.c.external_id == external_id)).first()
    action: Outcome
    if row is None:
        cid = conn.execute(
            customers.insert()
            .values(
                external_id=external_id,
                query=canonical(data),
                fingerprint=fp,
                version=1,
                created_at=at,
                updated_at=at,
            )
            .returning(customers.c.id)
        ).scalar_one()
        action, version = "create", 1
    elif row.fingerprint == fp:
        return from_row(row), "unchanged"
    else:
        cid, version, action = row.id, row.version + 1, "update"
        conn.execute(
            customers.update()
            .where(customers.c.id == cid)
            .values(query=canonical(data), fingerprint=fp, version=version, updated_at=at)
        )
    add_history(conn, "customer", cid, version, actor, action, {"query": data})
    audit.append(conn, actor=actor, action=f"customer.{action}", target=f"customer:{cid}",
                 data={"external_id": external_id, "query": data, "version": version})  # fmt: skip
    return from_row(conn.execute(sa.select(customers).where(customers.c.id == cid)).one()), action


def split_customer_key(spec: str) -> tuple[str, str | None]:
    """Take ``customer=COL`` out of a ``--map`` text; the rest is a batch column mapping."""
    kept, column = [], None
    for item in spec.split(","):
        key, _, value = item.partition("=")
        if key.strip().lower() in CUSTOMER_KEYS:
            column = value.strip() or None
        elif item.strip():
            kept.append(item)
    return ",".join(kept), column


def import_rows(
    conn: Connection,
    rows: Iterable[Mapping[str, Any]],
    mapping: ColumnMapping | str,
    *,
    actor: str,
    id_column: str | None = None,
) -> ImportResult:
    """Upsert every row that can be screened; the others are reported with the reason."""
    if isinstance(mapping, str):
        spec, found = split_customer_key(mapping)
        id_column = id_column or found
        mapping = parse_mapping(spec)
    id_column = id_column or DEFAULT_ID_COLUMN
    counts = {"create": 0, "update": 0, "unchanged": 0}
    rejected: list[dict[str, Any]] = []
    for number, values in enumerate(rows, start=1):
        external_id = str(values.get(id_column) or "").strip()
        if not external_id:
            rejected.append({"row": number, "reason": f"no customer id in column {id_column!r}"})
            continue
        try:
            query = mapping.query(values)
        except RowRejected as exc:
            rejected.append({"row": number, "customer": external_id, "reason": str(exc)})
            continue
        counts[upsert(conn, external_id, query, actor=actor)[1]] += 1
    return ImportResult(counts["create"], counts["update"], counts["unchanged"], rejected)


def listing(conn: Connection, *, limit: int = 50, offset: int = 0) -> list[Customer]:
    rows = conn.execute(sa.select(customers).order_by(customers.c.id).limit(limit).offset(offset))
    return [from_row(r) for r in rows]


def get(conn: Connection, external_id: str) -> Customer:
    row = conn.execute(sa.select(customers).where(customers.c.external_id == external_id)).first()
    if row is None:
        raise NotFound(f"no customer {external_id!r}")
    return from_row(row)


def by_id(conn: Connection, customer_id: int) -> Customer:
    row = conn.execute(sa.select(customers).where(customers.c.id == customer_id)).first()
    if row is None:
        raise NotFound(f"no customer #{customer_id}")
    return from_row(row)
