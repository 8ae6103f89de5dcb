"""UI fixtures: a private copy of the web tests' store (the UI writes users, customers,
alerts and audit entries), an app over it with the session's engine, two users, and
alerts raised by monitoring a customer named like a listed person."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.web.conftest import Lists, copy_store, web_settings
from zaslon.core.model import Entity
from zaslon.engine import Engine
from zaslon.store import ListStore
from zaslon.web.app import create_app
from zaslon.workflow import Workflow

PASSWORD = "correct horse battery"
SECRET = "tests-session-secret-0123456789"


@dataclass
class UiWorld:
    app: FastAPI
    store: ListStore
    workflow: Workflow
    data_dir: Path
    alerts: list[int]  # raised for customer C-LUK (Aliaksandr Lukashenka)


@pytest.fixture(scope="session")
def ui_world(web_lists: Lists, tmp_path_factory: pytest.TempPathFactory) -> Iterator[UiWorld]:
    data_dir = tmp_path_factory.mktemp("ui")
    store = copy_store(web_lists, data_dir / "zaslon.sqlite3")
    app = create_app(web_settings(data_dir), engine=web_lists.engine, store=store, entities=web_lists.entities,
                     key_cache_seconds=0, session_secret=SECRET)  # fmt: skip
    workflow: Workflow = app.state.workflow
    workflow.create_user("ana", PASSWORD, "analyst", actor="tests")
    workflow.create_user("root", PASSWORD, "admin", actor="tests")
    workflow.upsert_customer("C-LUK", {"schema": "Person", "properties": {"name": ["Aliaksandr Lukashenka"],
                                       "birthDate": ["1954"]}}, actor="tests")  # fmt: skip
    run = workflow.monitor(actor="tests")
    assert run.alerts, "monitoring a customer named Aliaksandr Lukashenka must raise alerts"
    yield UiWorld(app, store, workflow, data_dir, list(run.alerts))
    workflow.close()
    store.close()


@contextmanager
def app_over(data_dir: Path, store: ListStore, entities: list[Entity]) -> Iterator[FastAPI]:
    """An app over a test's own store and entities, with the analyst "ana"; closed afterwards."""
    engine = Engine.build(entities, versions=store.current(), generation=store.generation())
    app = create_app(web_settings(data_dir), engine=engine, store=store, entities=entities,
                     key_cache_seconds=0, session_secret=SECRET)  # fmt: skip
    app.state.workflow.create_user("ana", PASSWORD, "analyst", actor="tests")
    try:
        yield app
    finally:
        app.state.workflow.close()
        store.close()


@contextmanager
def logged_in(app: FastAPI, username: str = "ana") -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as c:
        assert login(c, username).status_code == 303  # type: ignore[attr-defined]
        yield c


def login(client: TestClient, username: str, password: str = PASSWORD, next_url: str = "") -> object:
    """Log in through the form, as a browser does (CSRF cookie and field included)."""
    page = client.get("/ui/login" + (f"?next={next_url}" if next_url else ""))
    assert page.status_code == 200, page.text
    token = csrf_field(page.text)
    return client.post("/ui/login", data={"username": username, "password": password, "csrf": token,
                                          "next": next_url}, follow_redirects=False)  # fmt: skip


def csrf_field(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the page has no CSRF field"
    return found.group(1)


@pytest.fixture
def anon(ui_world: UiWorld) -> Iterator[TestClient]:
    with TestClient(ui_world.app, raise_server_exceptions=False) as c:
        yield c


@pytest.fixture
def analyst(ui_world: UiWorld) -> Iterator[TestClient]:
    with TestClient(ui_world.app, raise_server_exceptions=False) as c:
        assert login(c, "ana").status_code == 303  # type: ignore[attr-defined]
        yield c


@pytest.fixture
def admin(ui_world: UiWorld) -> Iterator[TestClient]:
    with TestClient(ui_world.app, raise_server_exceptions=False) as c:
        assert login(c, "root").status_code == 303  # type: ignore[attr-defined]
        yield c
