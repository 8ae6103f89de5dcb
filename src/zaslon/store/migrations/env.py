"""Alembic environment: runs on the connection zaslon hands over (see ``db.migrate``)."""

from __future__ import annotations

from alembic import context

from zaslon.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only ever run through zaslon.store.db
    raise RuntimeError("zaslon migrations run through zaslon.store.db.migrate(engine)")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
