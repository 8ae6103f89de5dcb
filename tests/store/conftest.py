"""Store fixtures: every store test runs on SQLite, and on PostgreSQL when
``ZASLON_TEST_POSTGRES_URL`` names a database the tests may wipe."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from zaslon.store import ListStore, create_engine


def _wipe(url: str) -> None:
    engine = create_engine(url)
    meta = sa.MetaData()
    meta.reflect(engine)
    with engine.begin() as conn:
        meta.drop_all(conn)
    engine.dispose()


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param("postgres", marks=pytest.mark.postgres),
    ]
)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite3'}"
    url = os.environ.get("ZASLON_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("ZASLON_TEST_POSTGRES_URL is not set")
    _wipe(url)
    return url


@pytest.fixture
def store(store_url: str) -> Iterator[ListStore]:
    s = ListStore.open(store_url)
    yield s
    s.close()
