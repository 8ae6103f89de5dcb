"""One screening engine over the bundled lists, shared by every test of a session.

Filling a store from the bundled snapshot and building the index over it take
several seconds each, so both happen at most once per session.  A test module
registers the fixtures it needs under their own names::

    from tests import engine_fixture

    engine = engine_fixture.engine

``engine_data_dir`` is the data directory of that store (closed, so a CLI run
may open it); ``engine`` is ``Engine.from_store`` over it — the same engine the
CLI builds for ``zaslon match``.  Tests must treat both as read-only.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from zaslon.engine import Engine
from zaslon.lists import ensure_snapshot, open_store
from zaslon.settings import Settings

# Kept at module level: a fixture imported into several test modules is a
# separate fixture definition in each, so pytest's session cache alone would
# build the engine once per module.
_STATE: dict[str, Path | Engine] = {}


def _build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Engine]:
    if "engine" not in _STATE:
        path = tmp_path_factory.mktemp("engine-data")
        # a SQLite store in the temporary directory, whatever ZASLON_DATABASE_URL says
        store = open_store(Settings.from_env({}, data_dir=path))
        try:
            started = time.perf_counter()
            outcomes = ensure_snapshot(store)
            filled = time.perf_counter() - started
            failed = [o.dataset for o in outcomes if o.status == "failed"]
            assert not failed, f"bundled lists failed to load: {failed}"
            engine = Engine.from_store(store)
        finally:
            store.close()
        built = engine.build_seconds
        print(f"\nstore filled in {filled:.1f} s; index of {engine.size} entities built in {built:.1f} s")
        _STATE["path"] = path
        _STATE["engine"] = engine
    path, built_engine = _STATE["path"], _STATE["engine"]
    assert isinstance(path, Path) and isinstance(built_engine, Engine)
    return path, built_engine


@pytest.fixture(scope="session")
def engine_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory whose store holds the bundled snapshot (read-only for tests)."""
    return _build(tmp_path_factory)[0]


@pytest.fixture(scope="session")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """The engine over every bundled list (read-only for tests)."""
    return _build(tmp_path_factory)[1]
