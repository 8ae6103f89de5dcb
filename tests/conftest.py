"""Shared fixtures: the bundled snapshot, the dev set, an isolated data directory."""

from __future__ import annotations

import json
import lzma
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from zaslon.store import ListStore, create_engine

TESTS = Path(__file__).parent
DATA = TESTS / "data"


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test touches the user's real data directory."""
    path = tmp_path_factory.mktemp("zaslon-data")
    monkeypatch.setenv("ZASLON_DATA_DIR", str(path))
    return path


@pytest.fixture(scope="session")
def snapshot_dir() -> Path:
    from zaslon.sources.files import snapshot_root

    return snapshot_root()


@pytest.fixture(scope="session")
def reference_entities() -> dict[str, dict]:
    """The dev set's reference parse of the lists, by entity id."""
    with lzma.open(DATA / "reference.ftm.jsonl.xz", "rt", encoding="utf-8") as fh:
        return {e["id"]: e for e in map(json.loads, fh)}


@pytest.fixture(scope="session")
def devset_queries() -> list[dict]:
    with open(DATA / "devset_queries.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _wipe(url: str) -> None:
    engine = create_engine(url)
    meta = sa.MetaData()
    meta.reflect(engine)
    with engine.begin() as conn:
        meta.drop_all(conn)
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database per backend: SQLite always, PostgreSQL when ``ZASLON_TEST_POSTGRES_URL``
    names a database the tests may wipe."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'zaslon.sqlite3'}"
    url = os.environ.get("ZASLON_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("ZASLON_TEST_POSTGRES_URL is not set")
    _wipe(url)
    return url


@pytest.fixture
def store(db_url: str) -> Iterator[ListStore]:
    s = ListStore.open(db_url)
    yield s
    s.close()
