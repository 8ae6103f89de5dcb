"""Persistence: the versions of every list, in SQLite (default) or PostgreSQL.

``ListStore.open(settings.db_url)`` opens the database and migrates it to the
newest schema; see ``lists.py`` for what a version is and how loads stay
all-or-nothing.
"""

from zaslon.store.db import create_engine, migrate, open_engine
from zaslon.store.diff import Diff, EntityChange
from zaslon.store.lists import ListStore, LoadResult, NewVersion, Served, VersionInfo
from zaslon.store import workflow_schema  # noqa: F401,E402 - registers the workflow tables on ``metadata``

__all__ = [
    "Diff",
    "EntityChange",
    "ListStore",
    "LoadResult",
    "NewVersion",
    "Served",
    "VersionInfo",
    "create_engine",
    "migrate",
    "open_engine",
]
