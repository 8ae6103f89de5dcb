"""Lists: every loaded version, its entities, and the current version of each dataset.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "list_versions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("dataset", sa.String(100), nullable=False),
        sa.Column("version", sa.String(200), nullable=False),
        sa.Column("format", sa.String(100), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("entity_count", sa.Integer, nullable=False),
        sa.Column("targets", sa.Integer, nullable=False),
        sa.Column("schemata", sa.JSON, nullable=False),
        sa.Column("warnings", sa.JSON, nullable=False),
        sa.Column("files", sa.JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_list_versions"),
    )
    op.create_index("ix_list_versions_dataset", "list_versions", ["dataset"])
    op.create_table(
        "entities",
        sa.Column("version_id", sa.Integer, nullable=False),
        sa.Column("entity_id", sa.String(200), nullable=False),
        sa.Column("schema", sa.String(50), nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("version_id", "entity_id", name="pk_entities"),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["list_versions.id"],
            name="fk_entities_version_id_list_versions",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_entities_entity_id", "entities", ["entity_id"])
    op.create_table(
        "current_versions",
        sa.Column("dataset", sa.String(100), nullable=False),
        sa.Column("version_id", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("dataset", name="pk_current_versions"),
        sa.ForeignKeyConstraint(
            ["version_id"], ["list_versions.id"], name="fk_current_versions_version_id_list_versions"
        ),
    )
    counters = op.create_table(
        "counters",
        sa.Column("name", sa.String(50), nullable=False),
        sa.Column("value", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_counters"),
    )
    # the row every load locks first, so loads never race (see ListStore.load_many)
    op.bulk_insert(counters, [{"name": "generation", "value": 0}])


def downgrade() -> None:
    op.drop_table("counters")
    op.drop_table("current_versions")
    op.drop_index("ix_entities_entity_id", table_name="entities")
    op.drop_table("entities")
    op.drop_index("ix_list_versions_dataset", table_name="list_versions")
    op.drop_table("list_versions")
