"""Resuming: a run stopped by Ctrl-C and then by ``kill -9`` finishes with exactly the output of an
uninterrupted run — no row lost, none written twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest

from tests.batch.conftest import CUSTOMERS, CUSTOMERS_MAP, Screen
from zaslon.batch.runner import checkpoint_path

COPIES = 1000  # 40,000 rows: several one-second checkpoints long, even at 4,000+ rows/s


def _start(data_dir: Path, input_path: Path, out: Path) -> subprocess.Popen[bytes]:
    command = [
        sys.executable, "-c", "from zaslon.cli import main; main()", "--data-dir", str(data_dir),
        "screen", str(input_path), "--map", CUSTOMERS_MAP, "--out", str(out), "--workers", "2",
    ]  # fmt: skip
    # a session of its own: signals go to the whole process group, as a terminal's Ctrl-C does
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


def _rows_done(out: Path) -> int:
    try:
        return int(orjson.loads(checkpoint_path(out).read_bytes())["rows_done"])
    except (OSError, orjson.JSONDecodeError, KeyError):
        return 0


def _stop_midway(process: subprocess.Popen[bytes], out: Path, after: int, sig: signal.Signals) -> str:
    deadline = time.monotonic() + 240
    while _rows_done(out) < after:
        assert process.poll() is None, process.communicate()[1].decode()
        assert time.monotonic() < deadline, "the run made no progress"
        time.sleep(0.05)
    os.killpg(process.pid, sig)
    _, stderr = process.communicate(timeout=60)
    return stderr.decode()


@pytest.mark.slow
def test_interrupted_and_killed_runs_resume_to_the_same_output(
    screen: Screen, batch_data_dir: Path, tmp_path: Path
) -> None:
    header, *body = CUSTOMERS.read_bytes().splitlines(keepends=True)
    big = tmp_path / "customers.csv"
    big.write_bytes(header + b"".join(body) * COPIES)
    total = len(body) * COPIES

    reference = tmp_path / "reference.csv"
    result = screen(big, "--map", CUSTOMERS_MAP, "--out", reference, "--workers", "2")
    assert result.exit_code == 0, result.output

    out = tmp_path / "hits.csv"
    stderr = _stop_midway(_start(batch_data_dir, big, out), out, 400, signal.SIGINT)
    assert "error: interrupted" in stderr and "run the same command again" in stderr, stderr
    first = _rows_done(out)
    assert 400 <= first < total

    process = _start(batch_data_dir, big, out)
    stderr = _stop_midway(process, out, first + 400, signal.SIGKILL)
    assert process.returncode == -signal.SIGKILL
    assert f"resuming after row {first}" in stderr, stderr
    second = _rows_done(out)
    assert first + 400 <= second < total
    # a kill leaves rows written after the last checkpoint: they must not be written twice
    result = screen(big, "--map", CUSTOMERS_MAP, "--out", out)
    assert result.exit_code == 0, result.output
    assert f"resuming after row {second}" in result.stderr
    assert f"rows read {total}, screened {total}, rejected 0" in result.stderr
    assert out.read_bytes() == reference.read_bytes()
    assert (tmp_path / "hits.csv.errors.csv").read_bytes() == (
        tmp_path / "reference.csv.errors.csv"
    ).read_bytes()
    assert not checkpoint_path(out).exists()
