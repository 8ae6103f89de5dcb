"""Opening the database: an engine from a URL, migrated to the newest schema.

SQLite is the default (a file in the data directory); any SQLAlchemy URL works,
PostgreSQL included (``postgresql+psycopg://``).  Migrations are Alembic
revisions under ``migrations/`` and run on every open, so an upgraded zaslon
brings an old database up to date by itself.  A later feature adds its tables
with a new revision whose ``down_revision`` is the current head.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine
from sqlalchemy.engine.url import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from zaslon.exc import ConfigError, StoreError

MIGRATIONS = Path(__file__).parent / "migrations"


WRITE = "zaslon_write"  # execution option: this connection's transaction will write


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event (below) issue BEGIN, instead of the driver's implicit one.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    # WAL: readers (the screening engine) keep reading while a list loads.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _sqlite_begin(conn: sa.Connection) -> None:
    # A write transaction takes the write lock up front (waiting up to the busy
    # timeout), so it never starts reading a snapshot another writer then
    # invalidates: that would fail at once with "database is locked".
    immediate = conn.get_execution_options().get(WRITE)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def create_engine(url: str) -> Engine:
    """An engine for ``url``; for SQLite the file's folder is created."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ConfigError(f"not a database URL: {url!r}") from None
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")  # psycopg 3, not psycopg2
    kwargs: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            folder = Path(parsed.database).expanduser().parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(
                    f"cannot create the data directory {folder}: {exc.strerror or exc}"
                ) from None
        kwargs["connect_args"] = {"timeout": 30}  # wait for a concurrent writer instead of failing
    try:
        engine = sa.create_engine(parsed, **kwargs)
    except (ArgumentError, ImportError) as exc:
        raise ConfigError(f"cannot use database URL {parsed.render_as_string()!r}: {exc}") from None
    if parsed.get_backend_name() == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        sa.event.listen(engine, "begin", _sqlite_begin)
    return engine


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def migrate(engine: Engine) -> None:
    """Bring the database to the newest schema revision (no-op when it is there)."""
    head = head_revision()
    try:
        with engine.connect() as conn:
            if MigrationContext.configure(conn).get_current_revision() == head:
                return
        with engine.connect().execution_options(**{WRITE: True}) as conn, conn.begin():
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot prepare the database {_safe_url(engine)}: {_short(exc)}") from None


def open_engine(url: str) -> Engine:
    """An engine for ``url`` whose database is migrated to the newest schema."""
    engine = create_engine(url)
    migrate(engine)
    return engine


def _safe_url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def _short(exc: BaseException) -> str:
    """The driver's message without SQLAlchemy's multi-line statement dump."""
    orig = getattr(exc, "orig", None)
    return str(orig if orig is not None else exc).splitlines()[0]
