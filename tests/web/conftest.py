"""Web fixtures: ONE store filled from the bundled lists and ONE engine per session,
shared by every web test; apps over them are cheap to make."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from zaslon.core.model.entity import Entity
from zaslon.engine import Engine
from zaslon.lists import ensure_snapshot
from zaslon.settings import Settings
from zaslon.store import ListStore
from zaslon.store.keys import KeyStore
from zaslon.web.app import create_app

MAX_BODY = 64 * 1024
MAX_QUERIES = 10


@dataclass
class Keys:
    screen: str
    admin: str
    revoked: str

    def header(self, key: str) -> dict[str, str]:
        return {"Authorization": f"ApiKey {key}"}


@dataclass
class Lists:
    path: Path
    store: ListStore
    entities: list[Entity]
    engine: Engine


@pytest.fixture(scope="session")
def web_lists(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lists]:
    path = tmp_path_factory.mktemp("web") / "zaslon.sqlite3"
    store = ListStore.open(f"sqlite:///{path}")
    outcomes = ensure_snapshot(store)
    assert all(o.status == "updated" for o in outcomes), [o.reason for o in outcomes]
    entities = list(store.entities())
    engine = Engine.build(entities, versions=store.current(), generation=store.generation())
    yield Lists(path, store, entities, engine)
    store.close()


def web_settings(data_dir: Path, **changes: object) -> Settings:
    return Settings(data_dir=data_dir, max_body_bytes=MAX_BODY, max_queries_per_request=MAX_QUERIES).with_(
        **changes
    )


@pytest.fixture(scope="session")
def keys(web_lists: Lists) -> Keys:
    store = KeyStore(web_lists.store.engine)
    _, screen = store.create("screen", "tests: screening")
    _, admin = store.create("admin", "tests: admin")
    record, revoked = store.create("screen", "tests: revoked")
    store.revoke(record.id)
    return Keys(screen, admin, revoked)


@pytest.fixture(scope="session")
def app(web_lists: Lists, keys: Keys) -> FastAPI:
    return create_app(
        web_settings(web_lists.path.parent),
        engine=web_lists.engine,
        store=web_lists.store,
        entities=web_lists.entities,
        key_cache_seconds=0,
    )


@pytest.fixture(scope="session")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="session")
def screen_headers(keys: Keys) -> dict[str, str]:
    return keys.header(keys.screen)


@pytest.fixture(scope="session")
def admin_headers(keys: Keys) -> dict[str, str]:
    return keys.header(keys.admin)


def copy_store(web_lists: Lists, target: Path) -> ListStore:
    """A private copy of the session store (for tests that load new versions)."""
    src = sqlite3.connect(web_lists.path)
    dst = sqlite3.connect(target)
    with dst:
        src.backup(dst)
    src.close()
    dst.close()
    return ListStore.open(f"sqlite:///{target}")


def assert_error(response: object, status: int, field: str | None = None) -> dict[str, object]:
    """The one error shape, with ``status`` and (if given) the field it names."""
    assert response.status_code == status, response.text  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert set(body) == {"error"}, body
    error = body["error"]
    assert set(error) == {"code", "message", "field", "expected"}, error
    assert error["code"] and error["message"]
    assert "Traceback" not in response.text  # type: ignore[attr-defined]
    if field is not None:
        assert error["field"] == field, error
    return error
