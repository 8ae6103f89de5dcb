"""The list page shows what changed between two versions (``ListStore.diff``), and its JSON twin agrees."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import Lists, copy_store, web_settings
from tests.web.ui.conftest import PASSWORD, login
from zaslon.lists import load_path
from zaslon.web.app import create_app


def person(entity_id: str, name: str, **props: list[str]) -> dict[str, object]:
    return {
        "id": entity_id,
        "schema": "Person",
        "properties": {"name": [name], **props},
        "datasets": ["watch"],
    }


@pytest.fixture(scope="module")
def client(web_lists: Lists, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    data_dir = tmp_path_factory.mktemp("ui-lists")
    store = copy_store(web_lists, data_dir / "zaslon.sqlite3")
    first = [person("watch-1", "Ivan Petrov", birthDate=["1970"]), person("watch-2", "Anna Sidorova"),
             person("watch-3", "Oleg Smirnov")]  # fmt: skip
    second = [person("watch-1", "Ivan Petrov", birthDate=["1971"]), person("watch-3", "Oleg Smirnov"),
              person("watch-4", "Pavel Kuznetsov")]  # fmt: skip
    for number, entities in enumerate((first, second), start=1):
        path = data_dir / f"watch-{number}.ftm.jsonl"
        path.write_text("".join(json.dumps(e) + "\n" for e in entities), encoding="utf-8")
        assert load_path(store, path, dataset="watch").status == "updated"
    app = create_app(web_settings(data_dir), engine=web_lists.engine, store=store, entities=web_lists.entities,
                     session_secret="tests-session-secret-0123456789")  # fmt: skip
    app.state.workflow.create_user("lena", PASSWORD, "analyst", actor="tests")
    with TestClient(app, raise_server_exceptions=False) as c:
        assert login(c, "lena").status_code == 303  # type: ignore[attr-defined]
        yield c
    app.state.workflow.close()
    store.close()


def test_what_changed_between_the_two_latest_versions(client: TestClient) -> None:
    r = client.get("/ui/lists/watch")
    assert r.status_code == 200
    html = r.text
    assert "<strong>1</strong> added · <strong>1</strong> removed · <strong>1</strong> changed" in html
    assert 'href="/ui/entities/watch-4">Pavel Kuznetsov</a>' in html  # added: still listed, linked
    assert "Anna Sidorova" in html and 'href="/ui/entities/watch-2"' not in html  # removed: no longer there
    assert 'href="/ui/entities/watch-1">Ivan Petrov</a> <span class="meta">birthDate</span>' in html
    data = client.get("/lists/watch/diff").json()
    assert [e["id"] for e in data["added"]] == ["watch-4"]
    assert [e["id"] for e in data["removed"]] == ["watch-2"]
    assert data["changed"] == [{"id": "watch-1", "caption": "Ivan Petrov", "properties": ["birthDate"]}]
    versions = client.get("/lists/watch/versions").json()["versions"]
    assert len(versions) == 2 and versions[0]["id"] > versions[1]["id"]


def test_the_first_version_against_nothing(client: TestClient) -> None:
    versions = client.get("/lists/watch/versions").json()["versions"]
    old = versions[-1]["id"]
    r = client.get(f"/ui/lists/watch?new={old}")
    assert r.status_code == 200 and "the first version" in r.text
    other = client.get("/lists/un_sc/versions").json()["versions"][0]["id"]
    wrong = client.get(f"/ui/lists/watch?old={other}")
    assert wrong.status_code == 404 and "un_sc" in wrong.text and "<html" in wrong.text
