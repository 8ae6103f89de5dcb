"""Hot swap: list versions change while /match is under concurrent load; no request fails,
each sees either the old or the new index whole, and the new lists serve afterwards."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Self

import orjson
import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import Keys, Lists, copy_store, web_settings
from zaslon.lists import load_path
from zaslon.store import ListStore
from zaslon.web.app import create_app

SOLEIMANI = {"schema": "Person", "properties": {"name": ["Qasem Soleimani"], "birthDate": ["1957"]}}
NEWCOMER = {"schema": "Person", "properties": {"name": ["Zorbatron Quixwell"], "birthDate": ["1961-02-03"]}}


def _ftm_list(path: Path, *people: tuple[str, str, str]) -> Path:
    lines = [
        orjson.dumps({"id": pid, "schema": "Person", "properties": {"name": [name], "birthDate": [dob]}})
        for pid, name, dob in people
    ]
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


@pytest.fixture(scope="module")
def private_store(web_lists: Lists, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ListStore]:
    store = copy_store(web_lists, tmp_path_factory.mktemp("swap") / "zaslon.sqlite3")
    yield store
    store.close()


class Load:
    """Threads posting /match until stopped; every answer kept."""

    def __init__(self, client: TestClient, headers: dict[str, str], threads: int = 4) -> None:
        self.client, self.headers = client, headers
        self.answers: list[tuple[int, Any, int]] = []
        self.errors: list[BaseException] = []
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._run) for _ in range(threads)]

    def _run(self) -> None:
        body = {"queries": {"known": SOLEIMANI, "new": NEWCOMER}}
        while not self._stop.is_set():
            try:
                r = self.client.post("/match/default", json=body, headers=self.headers)
                self.answers.append((r.status_code, r.json(), int(r.headers["x-zaslon-generation"])))
            except BaseException as exc:  # noqa: BLE001 - a transport failure is a failure too
                self.errors.append(exc)

    def __enter__(self) -> Self:
        for t in self._threads:
            t.start()
        time.sleep(0.3)
        return self

    def __exit__(self, *_: object) -> None:
        time.sleep(0.3)
        self._stop.set()
        for t in self._threads:
            t.join()


def _newcomer_found(answer: Any) -> bool:
    return any(h["id"] == "extra-1" and h["match"] for h in answer["responses"]["new"]["results"])


def test_swap_under_load(web_lists: Lists, keys: Keys, private_store: ListStore, tmp_path: Path) -> None:
    app = create_app(web_settings(tmp_path), engine=web_lists.engine, store=private_store,
                     entities=web_lists.entities, key_cache_seconds=0)  # fmt: skip
    admin = keys.header(keys.admin)
    with TestClient(app) as client:
        before = client.post("/admin/reload", headers=admin).json()
        assert before["swapped"] is False  # nothing changed yet
        # a new list version loaded from outside the server (as `zaslon lists load` would)
        _ftm_list(tmp_path / "extra.ftm.json", ("extra-1", "Zorbatron Quixwell", "1961-02-03"))
        load_path(private_store, tmp_path / "extra.ftm.json", dataset="test_extra")
        with Load(client, keys.header(keys.screen)) as load:
            swap = client.post("/admin/reload", headers=admin)
        assert swap.status_code == 200 and swap.json()["swapped"] is True
        assert swap.json()["generation"] == before["generation"] + 1
        assert not load.errors
        statuses = [s for s, _, _ in load.answers]
        assert len(statuses) > 20 and set(statuses) == {200}
        # every answer is whole: the known target always found, the newcomer only once swapped in
        assert all(a["responses"]["known"]["results"][0]["match"] for _, a, _ in load.answers)
        new = swap.json()["generation"]
        assert {g for _, _, g in load.answers} <= {before["generation"], new}
        assert all(_newcomer_found(a) == (g == new) for _, a, g in load.answers)
        assert any(g == new for _, _, g in load.answers) and load.answers[0][2] == before["generation"]
        assert "test_extra" in {d["name"] for d in client.get("/catalog", headers=admin).json()["datasets"]}

        # POST /admin/update with a path: load and swap in one call, again under load
        _ftm_list(tmp_path / "extra2.ftm.json", ("extra-1", "Zorbatron Quixwell", "1961-02-03"),
                  ("extra-2", "Wilhelmina Quarrystone", "1970-01-01"))  # fmt: skip
        with Load(client, keys.header(keys.screen)) as load:
            update = client.post("/admin/update", headers=admin,
                                 json={"path": str(tmp_path / "extra2.ftm.json"), "dataset": "test_extra"})  # fmt: skip
        assert update.status_code == 200, update.text
        body = update.json()
        assert body["lists"][0]["status"] == "updated" and body["swapped"] is True
        assert not load.errors and {s for s, _, _ in load.answers} == {200}
        r = client.post("/match/test_extra", headers=admin, json={"queries": {"q": {
            "schema": "Person", "properties": {"name": ["Wilhelmina Quarrystone"]}}}})  # fmt: skip
        assert r.json()["responses"]["q"]["results"][0]["id"] == "extra-2"
