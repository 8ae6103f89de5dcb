"""Circumvention fixtures: ONE store filled from the bundled lists, with the official EU ownership
fixture and a small stakes CSV loaded through ``zaslon ownership load``; ONE engine over it.

Tests that write to the store take their own copy (``own_dir``)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest
from click.testing import Result

from tests.cli.conftest import invoke
from zaslon.engine import Engine
from zaslon.ownership import OwnershipService
from zaslon.store import ListStore

FIXTURES = Path(__file__).parent / "fixtures"
EU_FIXTURE = Path(
    str(resources.files("zaslon") / "data" / "circumvention" / "ownership_fixtures_eu_official.ftm.jsonl")
)
STAKES = FIXTURES / "stakes.csv"


@pytest.fixture(scope="session")
def circ_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Bundled lists + the EU fixture (dataset ``ownership``) + stakes.csv (``ownership-suppliers``)."""
    path = tmp_path_factory.mktemp("circumvention")
    eu = invoke(path, "ownership", "load", str(EU_FIXTURE))
    assert eu.exit_code == 0, eu.stderr
    (path / "load_eu.txt").write_text(eu.stdout)
    csv = invoke(path, "ownership", "load", str(STAKES), "--dataset", "suppliers")
    assert csv.exit_code == 0, csv.stderr
    (path / "load_csv.txt").write_text(csv.stdout)
    return path


@pytest.fixture
def own_dir(circ_dir: Path, tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(circ_dir, target)
    return target


def run_in(data_dir: Path, *args: str) -> Result:
    return invoke(data_dir, *args)


@pytest.fixture(scope="session")
def circ_store(circ_dir: Path) -> Iterator[ListStore]:
    store = ListStore.open(f"sqlite:///{circ_dir / 'zaslon.sqlite3'}")
    yield store
    store.close()


@pytest.fixture(scope="session")
def circ_engine(circ_store: ListStore) -> Engine:
    return Engine.from_store(circ_store)


@pytest.fixture(scope="session")
def circ_service(circ_store: ListStore) -> OwnershipService:
    return OwnershipService.from_store(circ_store)
