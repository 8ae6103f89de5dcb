"""The tables of the store, as SQLAlchemy Core metadata.

Only portable types (Integer, String, Text, DateTime, JSON) so the same tables
live in SQLite and PostgreSQL.  Entity data is kept as JSON *text* rather than
a JSON column: reading every current entity back is the hot path (the matching
index is built from it) and ``orjson.loads`` on text is the fastest way there
on both backends.

The tables are created by the Alembic revisions in ``migrations/``, never by
``metadata.create_all``: a revision is the only way the schema changes.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

# One row per load of one list: the list's own version plus where and when it came from.
list_versions = sa.Table(
    "list_versions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("dataset", sa.String(100), nullable=False, index=True),
    sa.Column("version", sa.String(200), nullable=False),  # as the list states it, "" if none
    sa.Column("format", sa.String(100), nullable=False),
    sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),  # UTC
    sa.Column("source", sa.Text, nullable=False),  # path or address(es) read
    sa.Column("sha256", sa.String(64), nullable=False),  # of the input files
    sa.Column("entity_count", sa.Integer, nullable=False),
    sa.Column("targets", sa.Integer, nullable=False),  # matchable entities
    sa.Column("schemata", sa.JSON, nullable=False),  # schema -> count
    sa.Column("warnings", sa.JSON, nullable=False),  # list of messages
    sa.Column("files", sa.JSON, nullable=False),  # file name -> {"size": int, "sha256": str}
)

# Every entity of every version; versions are immutable once written.
entities = sa.Table(
    "entities",
    metadata,
    sa.Column(
        "version_id",
        sa.Integer,
        sa.ForeignKey("list_versions.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("entity_id", sa.String(200), primary_key=True),
    sa.Column("schema", sa.String(50), nullable=False),
    sa.Column("data", sa.Text, nullable=False),  # orjson of Entity.to_ftm()
    sa.Index("ix_entities_entity_id", "entity_id"),
)

# The version of each dataset that is served.  Moving this pointer is the
# last write of a load, in the same transaction as the version's entities.
current_versions = sa.Table(
    "current_versions",
    metadata,
    sa.Column("dataset", sa.String(100), primary_key=True),
    sa.Column("version_id", sa.Integer, sa.ForeignKey("list_versions.id"), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)

# Small named counters; "generation" changes whenever any current version changes.
counters = sa.Table(
    "counters",
    metadata,
    sa.Column("name", sa.String(50), primary_key=True),
    sa.Column("value", sa.BigInteger, nullable=False),
)

# API keys for the HTTP API; only a hash of each key is kept (see keys.py).
api_keys = sa.Table(
    "api_keys",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),  # public, names the key in list/revoke
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("role", sa.String(20), nullable=False),  # screen | admin
    sa.Column("key_sha256", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),  # UTC
    sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
)
