"""Shared fixtures: the bundled snapshot, the dev set, an isolated data directory."""

from __future__ import annotations

import json
import lzma
from pathlib import Path

import pytest

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
