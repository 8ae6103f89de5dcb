"""The Alembic revisions build exactly the tables ``schema.py`` describes."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from zaslon.store import ListStore
from zaslon.store.db import head_revision, migrate
from zaslon.store.schema import metadata


def test_migrations_match_the_schema(store: ListStore) -> None:
    with store.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        assert ctx.get_current_revision() == head_revision()
        assert compare_metadata(ctx, metadata) == []


def test_migrating_twice_is_a_no_op(store: ListStore) -> None:
    migrate(store.engine)
    migrate(store.engine)
    with store.engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == head_revision()
