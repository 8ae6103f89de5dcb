"""Batch fixtures: one store and one engine per session, shared by every batch test.

The store is filled once from the bundled snapshot; CLI runs in this process
reuse the session's engine (building it takes seconds), and subprocess runs
point ``--data-dir`` at the same store so they build the same engine.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from zaslon.engine import Engine
from zaslon.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures"
CUSTOMERS = FIXTURES / "customers.csv"
CUSTOMERS_MAP = "name=full_name,dob=birth_date,country=nationality,id=passport,schema=kind"

Screen = Callable[..., Result]


@pytest.fixture(scope="session")
def batch_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("batch-data")


@pytest.fixture(scope="session")
def engine(batch_data_dir: Path) -> Engine:
    """The engine over every bundled list (its store lives in ``batch_data_dir``)."""
    return Engine.open(Settings(data_dir=batch_data_dir))


@pytest.fixture
def screen(engine: Engine, batch_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Screen:
    """``zaslon screen ARGS...`` in this process, over the session's engine."""
    import zaslon.cli.screen as screen_module
    from zaslon.cli import main

    monkeypatch.setattr(screen_module, "engine_of", lambda state, warm=True: engine)

    def run(*args: str | Path) -> Result:
        return CliRunner().invoke(main, ["--data-dir", str(batch_data_dir), "screen", *map(str, args)])

    return run


@pytest.fixture
def customers(tmp_path: Path) -> Path:
    """A copy of the customers fixture in this test's own folder (outputs land beside it)."""
    target = tmp_path / "customers.csv"
    shutil.copy(CUSTOMERS, target)
    return target
