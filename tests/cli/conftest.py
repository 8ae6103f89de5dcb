"""CLI fixtures: a store filled once from the bundled snapshot (through the CLI
itself, on first use), copied into each test's own data directory."""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any, Protocol

import orjson
import pytest
from click.testing import CliRunner, Result

from zaslon.cli import main


class Run(Protocol):
    def __call__(self, *args: str, env: dict[str, str] | None = None) -> Result: ...


def invoke(data_dir: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, ["--data-dir", str(data_dir), *args], env=env, catch_exceptions=True)


@pytest.fixture(scope="session")
def bundled_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory whose store was filled by a first ``zaslon lists`` (timed)."""
    path = tmp_path_factory.mktemp("bundled")
    start = time.perf_counter()
    result = invoke(path, "lists", "--json")
    elapsed = time.perf_counter() - start
    assert result.exit_code == 0, result.stderr
    assert "first use: loading the bundled lists" in result.stderr
    print(f"\nfirst `zaslon lists` loaded the bundled snapshot in {elapsed:.1f} s")
    (path / "first_run.json").write_bytes(result.stdout_bytes)
    (path / "first_run_seconds").write_text(f"{elapsed:.2f}")
    return path


@pytest.fixture
def data_dir(bundled_data_dir: Path, tmp_path: Path) -> Path:
    """This test's own copy of the bundled store."""
    target = tmp_path / "data"
    shutil.copytree(bundled_data_dir, target)
    return target


@pytest.fixture
def run(data_dir: Path) -> Run:
    def _run(*args: str, env: dict[str, str] | None = None) -> Result:
        return invoke(data_dir, *args, env=env)

    return _run


def lists_json(run: Run) -> list[dict[str, Any]]:
    result = run("lists", "--json")
    assert result.exit_code == 0, result.stderr
    return orjson.loads(result.stdout)


def assert_one_line_error(result: Result, *fragments: str) -> None:
    """Exit 1, nothing on stdout, one ``error:`` line on stderr naming what it should."""
    assert result.exit_code == 1, (result.stdout, result.stderr, result.exception)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
