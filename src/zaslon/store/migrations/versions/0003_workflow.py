"""Analyst workflow: users, recorded screenings, customers, alerts, history,
suppressions, monitoring runs, webhooks and deliveries, the audit log.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("username", sa.String(100), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("password_hash", sa.String(300), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("disabled_at", _TS, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("username", name="uq_users_username"),
    )
    op.create_table(
        "screenings",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("source", sa.String(50), nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("query", sa.Text, nullable=False),
        sa.Column("versions", sa.Text, nullable=False),
        sa.Column("generation", sa.BigInteger, nullable=False),
        sa.Column("algorithm", sa.String(100), nullable=False),
        sa.Column("config", sa.Text, nullable=False),
        sa.Column("hits", sa.Text, nullable=False),
        sa.Column("hit_count", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_screenings"),
    )
    op.create_table(
        "customers",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("external_id", sa.String(200), nullable=False),
        sa.Column("query", sa.Text, nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("screened_fingerprint", sa.String(64), nullable=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("updated_at", _TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_customers"),
        sa.UniqueConstraint("external_id", name="uq_customers_external_id"),
    )
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("customer_id", sa.Integer, nullable=False),
        sa.Column("entity_id", sa.String(200), nullable=False),
        sa.Column("dataset", sa.String(100), nullable=False),
        sa.Column("list_version_id", sa.Integer, nullable=False),
        sa.Column("screening_id", sa.Integer, nullable=True),
        sa.Column("run_id", sa.Integer, nullable=True),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("caption", sa.Text, nullable=False),
        sa.Column("hit", sa.Text, nullable=False),
        sa.Column("customer_fingerprint", sa.String(64), nullable=False),
        sa.Column("entity_fingerprint", sa.String(64), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("decided_by", sa.String(100), nullable=True),
        sa.Column("decided_at", _TS, nullable=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("updated_at", _TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_alerts"),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], name="fk_alerts_customer_id_customers"),
        sa.ForeignKeyConstraint(
            ["list_version_id"], ["list_versions.id"], name="fk_alerts_list_version_id_list_versions"
        ),
        sa.ForeignKeyConstraint(
            ["screening_id"], ["screenings.id"], name="fk_alerts_screening_id_screenings"
        ),
    )
    op.create_index("ix_alerts_customer_id", "alerts", ["customer_id"])
    op.create_index("ix_alerts_entity_id", "alerts", ["entity_id"])
    op.create_index("ix_alerts_status", "alerts", ["status"])
    op.create_table(
        "workflow_history",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("object_id", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("at", _TS, nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("action", sa.String(50), nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_workflow_history"),
        sa.UniqueConstraint("kind", "object_id", "version", name="uq_workflow_history_kind"),
    )
    op.create_table(
        "suppressions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("customer_id", sa.Integer, nullable=False),
        sa.Column("entity_id", sa.String(200), nullable=False),
        sa.Column("customer_fingerprint", sa.String(64), nullable=False),
        sa.Column("entity_fingerprint", sa.String(64), nullable=False),
        sa.Column("alert_id", sa.Integer, nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("expires_at", _TS, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_suppressions"),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name="fk_suppressions_customer_id_customers"
        ),
        sa.ForeignKeyConstraint(["alert_id"], ["alerts.id"], name="fk_suppressions_alert_id_alerts"),
    )
    op.create_index("ix_suppressions_pair", "suppressions", ["customer_id", "entity_id"])
    op.create_table(
        "monitor_runs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("started_at", _TS, nullable=False),
        sa.Column("finished_at", _TS, nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("versions", sa.Text, nullable=False),
        sa.Column("stats", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_monitor_runs"),
    )
    op.create_table(
        "monitor_lists",
        sa.Column("dataset", sa.String(100), nullable=False),
        sa.Column("version_id", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("dataset", name="pk_monitor_lists"),
        sa.ForeignKeyConstraint(
            ["version_id"], ["list_versions.id"], name="fk_monitor_lists_version_id_list_versions"
        ),
    )
    op.create_table(
        "webhooks",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("secret", sa.Text, nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_webhooks"),
    )
    op.create_table(
        "webhook_deliveries",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("webhook_id", sa.Integer, nullable=False),
        sa.Column("event", sa.String(50), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("log", sa.Text, nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("delivered_at", _TS, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_webhook_deliveries"),
        sa.ForeignKeyConstraint(
            ["webhook_id"], ["webhooks.id"], name="fk_webhook_deliveries_webhook_id_webhooks"
        ),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, autoincrement=False, nullable=False),
        sa.Column("at", _TS, nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("action", sa.String(50), nullable=False),
        sa.Column("target", sa.String(200), nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
    )
    op.create_index("ix_audit_log_target", "audit_log", ["target"])
    _append_only()
    # rows a writer locks first, so audit appends and monitoring runs are serialised
    counters = sa.table("counters", sa.column("name", sa.String), sa.column("value", sa.BigInteger))
    op.bulk_insert(counters, [{"name": "audit", "value": 0}, {"name": "monitor", "value": 0}])


def _append_only() -> None:
    """The database itself refuses to change or delete an audit row (the hash chain then
    detects what someone with the rights to drop these triggers did anyway)."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE OR REPLACE FUNCTION zaslon_audit_append_only() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$ LANGUAGE plpgsql"
        )
        op.execute(
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION zaslon_audit_append_only()"
        )
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_log_no_{event.lower()} BEFORE {event} ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS zaslon_audit_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    op.execute("DELETE FROM counters WHERE name IN ('audit', 'monitor')")
    for index, table in (
        ("ix_audit_log_target", "audit_log"),
        ("ix_suppressions_pair", "suppressions"),
        ("ix_alerts_status", "alerts"),
        ("ix_alerts_entity_id", "alerts"),
        ("ix_alerts_customer_id", "alerts"),
    ):
        op.drop_index(index, table_name=table)
    for table in (
        "audit_log",
        "webhook_deliveries",
        "webhooks",
        "monitor_lists",
        "monitor_runs",
        "suppressions",
        "workflow_history",
        "alerts",
        "customers",
        "screenings",
        "users",
    ):
        op.drop_table(table)
