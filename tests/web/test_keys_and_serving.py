"""API keys (store and CLI) and the serving snapshot's refresh and watcher, on a small store."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from zaslon.cli import main
from zaslon.exc import ConfigError, NotFound
from zaslon.lists import load_path
from zaslon.store import ListStore
from zaslon.store.keys import KeyStore, hash_key
from zaslon.web.serving import Serving


@pytest.fixture
def small_store(tmp_path: Path) -> Iterator[ListStore]:
    store = ListStore.open(f"sqlite:///{tmp_path / 'zaslon.sqlite3'}")
    yield store
    store.close()


def _ftm(path: Path, *names: str) -> Path:
    rows = [orjson.dumps({"id": f"p-{n}", "schema": "Person", "properties": {"name": [name]}})
            for n, name in enumerate(names)]  # fmt: skip
    path.write_bytes(b"\n".join(rows) + b"\n")
    return path


def test_keys_are_stored_hashed_and_revocable(small_store: ListStore) -> None:
    keys = KeyStore(small_store.engine)
    record, key = keys.create("screen", "onboarding")
    assert key.startswith(f"zsk_{record.id}_") and len(key) > 40
    assert keys.verify(key) == record
    with small_store.engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT key_sha256 FROM api_keys").scalar()
        dump = "\n".join(str(r) for r in conn.exec_driver_sql("SELECT * FROM api_keys"))
    assert stored == hash_key(key) and key not in dump
    assert keys.verify(key + "x") is None and keys.verify("not-a-key") is None
    revoked = keys.revoke(record.id)
    assert revoked.revoked_at is not None and keys.verify(key) is None
    assert keys.revoke(record.id).revoked_at == revoked.revoked_at  # revoking twice changes nothing
    with pytest.raises(NotFound, match="nope"):
        keys.revoke("nope")
    with pytest.raises(ConfigError, match="superuser"):
        keys.create("superuser")


def test_keys_cli(tmp_path: Path) -> None:
    def run(*args: str) -> tuple[int, str, str]:
        result = CliRunner().invoke(main, ["--data-dir", str(tmp_path), *args])
        return result.exit_code, result.stdout, result.stderr

    code, out, err = run("keys", "create", "--role", "admin", "--name", "ops")
    assert code == 0 and out.strip().startswith("zsk_") and "shown only this once" in err
    key = out.strip()
    code, out, _ = run("keys", "list", "--json")
    listed = orjson.loads(out)
    assert [(k["name"], k["role"], k["revoked_at"]) for k in listed] == [("ops", "admin", None)]
    assert key not in out
    code, _, err = run("keys", "revoke", listed[0]["id"])
    assert code == 0 and "revoked" in err
    code, out, _ = run("keys", "list")
    assert "ops" in out and "admin" in out
    code, _, err = run("keys", "create", "--role", "root")
    assert code != 0
    code, _, err = run("keys", "revoke", "nope")
    assert code == 1 and err.startswith("error: no API key")


def test_refresh_and_watcher_pick_up_new_versions(small_store: ListStore, tmp_path: Path) -> None:
    load_path(small_store, _ftm(tmp_path / "a.ftm.json", "Ivan Petrov"), dataset="small")
    serving = Serving(small_store)
    assert serving.snapshot is None
    serving.load_initial()
    first = serving.snapshot
    assert first is not None and first.engine.size == 1 and "small" in first.versions
    assert serving.refresh() is False and serving.snapshot is first  # nothing changed
    serving.start_watching(0.05)
    try:
        load_path(small_store, _ftm(tmp_path / "b.ftm.json", "Ivan Petrov", "Olga Sidorova"), dataset="small")
        deadline = time.monotonic() + 20
        while serving.snapshot is first and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        serving.stop_watching()
    second = serving.snapshot
    assert second is not first and second is not None
    assert second.engine.size == 2 and "p-1" in second.entities
    assert second.generation == small_store.generation()
    # the old snapshot is untouched: a request still holding it answers from it whole
    assert first.engine.size == 1 and "p-1" not in first.entities
