"""``zaslon serve`` for real: uvicorn on a loopback port, an API key made with the CLI, and a
list version loaded with ``zaslon lists load`` picked up by the running server without a restart."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import orjson
import pytest

from tests.web.conftest import Lists, copy_store

CLI = [sys.executable, "-c", "from zaslon.cli import main; main()"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _cli(data_dir: Path, *args: str) -> str:
    done = subprocess.run(
        [*CLI, "--data-dir", str(data_dir), *args], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def served(web_lists: Lists, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    copy_store(web_lists, tmp_path / "zaslon.sqlite3").close()  # a filled store: no bundled load at startup
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "ZASLON_AUTH"}
    proc = subprocess.Popen(
        [*CLI, "--data-dir", str(tmp_path), "serve", "--port", str(port), "--reload-interval", "0.5"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            try:
                if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        else:
            pytest.fail("zaslon serve did not become ready")
        yield base, tmp_path
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def test_serve_with_a_cli_key_and_a_cli_loaded_list(served: tuple[str, Path]) -> None:
    base, data_dir = served
    key = _cli(data_dir, "keys", "create", "--role", "screen").strip()
    headers = {"Authorization": f"ApiKey {key}"}
    body = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Zorbatron Quixwell"]}}}}
    assert httpx.post(f"{base}/match/default", json=body).status_code == 401
    first = httpx.post(f"{base}/match/default", json=body, headers=headers)
    assert first.status_code == 200
    assert not any(h["match"] for h in first.json()["responses"]["q"]["results"])

    extra = data_dir / "extra.ftm.json"
    extra.write_bytes(
        orjson.dumps({"id": "extra-1", "schema": "Person", "properties": {"name": ["Zorbatron Quixwell"]}})
        + b"\n"
    )
    _cli(data_dir, "lists", "load", str(extra), "--dataset", "test_extra")
    deadline = time.monotonic() + 90
    found = False
    while time.monotonic() < deadline and not found:
        r = httpx.post(f"{base}/match/default", json=body, headers=headers, timeout=10)
        assert r.status_code == 200  # answered throughout the rebuild
        found = any(h["id"] == "extra-1" and h["match"] for h in r.json()["responses"]["q"]["results"])
        time.sleep(0.2)
    assert found, "the running server did not pick up the version loaded from the CLI"
