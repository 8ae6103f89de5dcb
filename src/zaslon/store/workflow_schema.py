"""The tables of the analyst workflow, on the store's ``metadata``.

Users, recorded screenings, monitored customers, alerts with their history and
suppressions, webhooks and their delivery log, monitoring runs, and the
hash-chained audit log.  Created by the Alembic revision ``0003_workflow``
(never by ``create_all``); the same portable types as ``schema.py``.

Structured values (queries, hits, payloads) are JSON *text* written with
canonical key order, so what was recorded is byte-for-byte what is read back
(the audit chain hashes that text).
"""

from __future__ import annotations

import sqlalchemy as sa

from zaslon.store.schema import metadata

_TS = sa.DateTime(timezone=True)

users = sa.Table(
    "users",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("username", sa.String(100), nullable=False, unique=True),
    sa.Column("role", sa.String(20), nullable=False),  # analyst | admin
    sa.Column("password_hash", sa.String(300), nullable=False),  # scrypt$n$r$p$salt$hash
    sa.Column("created_at", _TS, nullable=False),
    sa.Column("disabled_at", _TS, nullable=True),
)

# One recorded screen: what was asked, against which list versions, by which
# algorithm and configuration, and every candidate returned.
screenings = sa.Table(
    "screenings",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("created_at", _TS, nullable=False),
    sa.Column("source", sa.String(50), nullable=False),  # api, cli, ui, batch, monitoring
    sa.Column("actor", sa.String(100), nullable=False),
    sa.Column("query", sa.Text, nullable=False),  # JSON of the Query
    sa.Column("versions", sa.Text, nullable=False),  # JSON [{id, dataset, version, sha256}]
    sa.Column("generation", sa.BigInteger, nullable=False),
    sa.Column("algorithm", sa.String(100), nullable=False),
    sa.Column("config", sa.Text, nullable=False),  # JSON {limit, threshold, entity_ids?}
    sa.Column("hits", sa.Text, nullable=False),  # JSON [Hit.to_dict()]
    sa.Column("hit_count", sa.Integer, nullable=False),
)

customers = sa.Table(
    "customers",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("external_id", sa.String(200), nullable=False, unique=True),
    sa.Column("query", sa.Text, nullable=False),  # JSON of the Query
    sa.Column("fingerprint", sa.String(64), nullable=False),  # sha256 of the query JSON
    sa.Column("screened_fingerprint", sa.String(64), nullable=True),  # as last monitored
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("created_at", _TS, nullable=False),
    sa.Column("updated_at", _TS, nullable=False),
)

alerts = sa.Table(
    "alerts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("customer_id", sa.Integer, sa.ForeignKey("customers.id"), nullable=False, index=True),
    sa.Column("entity_id", sa.String(200), nullable=False, index=True),
    sa.Column("dataset", sa.String(100), nullable=False),
    sa.Column("list_version_id", sa.Integer, sa.ForeignKey("list_versions.id"), nullable=False),
    sa.Column("screening_id", sa.Integer, sa.ForeignKey("screenings.id"), nullable=True),
    sa.Column("run_id", sa.Integer, nullable=True),
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("caption", sa.Text, nullable=False),
    sa.Column("hit", sa.Text, nullable=False),  # JSON Hit.to_dict()
    sa.Column("customer_fingerprint", sa.String(64), nullable=False),
    sa.Column("entity_fingerprint", sa.String(64), nullable=False),
    sa.Column(
        "status", sa.String(20), nullable=False, index=True
    ),  # open, escalated, true_match, false_positive
    sa.Column("reason", sa.Text, nullable=True),
    sa.Column("decided_by", sa.String(100), nullable=True),
    sa.Column("decided_at", _TS, nullable=True),
    sa.Column("version", sa.Integer, nullable=False),  # optimistic concurrency
    sa.Column("created_at", _TS, nullable=False),
    sa.Column("updated_at", _TS, nullable=False),
)

# Every change of a customer or an alert, as the state after the change.
history = sa.Table(
    "workflow_history",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.String(20), nullable=False),  # customer | alert
    sa.Column("object_id", sa.Integer, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("at", _TS, nullable=False),
    sa.Column("actor", sa.String(100), nullable=False),
    sa.Column("action", sa.String(50), nullable=False),
    sa.Column("data", sa.Text, nullable=False),  # JSON
    sa.UniqueConstraint("kind", "object_id", "version", name="uq_workflow_history_kind"),
)

suppressions = sa.Table(
    "suppressions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("customer_id", sa.Integer, sa.ForeignKey("customers.id"), nullable=False),
    sa.Column("entity_id", sa.String(200), nullable=False),
    sa.Column("customer_fingerprint", sa.String(64), nullable=False),
    sa.Column("entity_fingerprint", sa.String(64), nullable=False),
    sa.Column("alert_id", sa.Integer, sa.ForeignKey("alerts.id"), nullable=False),
    sa.Column("created_at", _TS, nullable=False),
    sa.Column("created_by", sa.String(100), nullable=False),
    sa.Column("expires_at", _TS, nullable=True),
    sa.Index("ix_suppressions_pair", "customer_id", "entity_id"),
)

monitor_runs = sa.Table(
    "monitor_runs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("started_at", _TS, nullable=False),
    sa.Column("finished_at", _TS, nullable=False),
    sa.Column("actor", sa.String(100), nullable=False),
    sa.Column("versions", sa.Text, nullable=False),  # JSON [{id, dataset}]
    sa.Column("stats", sa.Text, nullable=False),  # JSON counts
)

# The list version of each dataset that monitoring last screened against.
monitor_lists = sa.Table(
    "monitor_lists",
    metadata,
    sa.Column("dataset", sa.String(100), primary_key=True),
    sa.Column("version_id", sa.Integer, sa.ForeignKey("list_versions.id"), nullable=False),
)

webhooks = sa.Table(
    "webhooks",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("secret", sa.Text, nullable=False),  # HMAC key: must be kept to sign
    sa.Column("created_at", _TS, nullable=False),
    sa.Column("active", sa.Boolean, nullable=False),
)

deliveries = sa.Table(
    "webhook_deliveries",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("webhook_id", sa.Integer, sa.ForeignKey("webhooks.id"), nullable=False),
    sa.Column("event", sa.String(50), nullable=False),
    sa.Column("body", sa.Text, nullable=False),  # exactly the bytes signed and sent
    sa.Column("status", sa.String(20), nullable=False),  # pending, delivered, failed
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("log", sa.Text, nullable=False),  # JSON [{at, status_code?, error?}]
    sa.Column("created_at", _TS, nullable=False),
    sa.Column("delivered_at", _TS, nullable=True),
)

# Append-only; each row's hash covers the previous row's hash and this row.
audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),  # 1, 2, 3... no gaps
    sa.Column("at", _TS, nullable=False),
    sa.Column("actor", sa.String(100), nullable=False),
    sa.Column("action", sa.String(50), nullable=False),
    sa.Column("target", sa.String(200), nullable=False),  # e.g. "alert:12", "list_version:3"
    sa.Column("data", sa.Text, nullable=False),  # canonical JSON
    sa.Column("prev_hash", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
    sa.Index("ix_audit_log_target", "target"),
)
