"""The workflow's JSON routes over a store holding the UN list: customers, monitoring,
alerts and decisions (409 on a stale version), screenings and replay, audit, webhooks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import assert_error, web_settings
from zaslon.engine import Engine
from zaslon.lists import load_path
from zaslon.store import ListStore
from zaslon.store.keys import KeyStore
from zaslon.web.app import create_app

KANG = {
    "id": "C-1",
    "schema": "Person",
    "properties": {"name": ["Kang Chol Su"], "birthDate": ["1969-02-13"]},
}


@pytest.fixture(scope="module")
def api(
    snapshot_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[TestClient, dict, dict]]:
    folder = tmp_path_factory.mktemp("workflow-api")
    store = ListStore.open(f"sqlite:///{folder / 'zaslon.sqlite3'}")
    load_path(store, snapshot_dir / "un_sc")
    keys = KeyStore(store.engine)
    _, screen = keys.create("screen", "analyst-bot")
    _, admin = keys.create("admin", "ops")
    app = create_app(web_settings(folder), engine=Engine.from_store(store), store=store, key_cache_seconds=0)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client, {"Authorization": f"ApiKey {screen}"}, {"Authorization": f"ApiKey {admin}"}
    store.close()


def test_register_monitor_decide_and_audit(api: tuple[TestClient, dict, dict]) -> None:
    client, screen, admin = api
    r = client.post("/customers", json=KANG, headers=screen)
    assert r.status_code == 200, r.text
    assert r.json()["external_id"] == "C-1" and r.json()["version"] == 1
    assert [c["external_id"] for c in client.get("/customers", headers=screen).json()["customers"]] == ["C-1"]

    assert_error(client.post("/monitor/run", headers=screen), 403)
    run = client.post("/monitor/run", headers=admin).json()
    assert run["customers_screened"] == 1 and len(run["alerts"]) == 1
    [alert] = client.get("/alerts", params={"status": "open"}, headers=screen).json()["alerts"]
    assert alert["entity_id"] == "un_sc-KPi.059" and alert["external_id"] == "C-1" and alert["version"] == 1
    detail = client.get(f"/alerts/{alert['id']}", headers=screen).json()
    assert detail["entity"]["id"] == "un_sc-KPi.059" and detail["list_version"]["dataset"] == "un_sc"
    assert detail["hit"]["explanation"] and [h["action"] for h in detail["history"]] == ["create"]

    body = {"decision": "false_positive", "reason": "different person: passport checked", "version": 1}
    decided = client.post(f"/alerts/{alert['id']}/decision", json=body, headers=screen)
    assert decided.status_code == 200 and decided.json()["status"] == "false_positive"
    assert decided.json()["decided_by"] == "api_key:analyst-bot" and decided.json()["version"] == 2
    stale = {"decision": "true_match", "reason": "same name", "version": 1}
    error = assert_error(client.post(f"/alerts/{alert['id']}/decision", json=stale, headers=screen), 409)
    assert error["code"] == "conflict" and "reload" in str(error["message"])
    assert_error(
        client.post(
            f"/alerts/{alert['id']}/decision",
            json={**stale, "decision": "maybe", "version": 2},
            headers=screen,
        ),
        400,
        "decision",
    )
    assert_error(client.get("/alerts/999999", headers=screen), 404)
    assert_error(client.get("/alerts", params={"status": "closed"}, headers=screen), 400, "status")

    # the monitoring screening is recorded and replays to the same answer
    [screening] = client.get("/screenings", params={"source": "monitoring"}, headers=screen).json()[
        "screenings"
    ]
    assert screening["hits"][0]["id"] == "un_sc-KPi.059"
    replay = client.post(f"/screenings/{screening['id']}/replay", headers=screen).json()
    assert replay["same"] is True and replay["differences"] == []

    assert_error(client.get("/audit", headers=screen), 403)
    actions = [
        e["action"] for e in client.get("/audit", headers=admin, params={"limit": 100}).json()["entries"]
    ]
    for action in (
        "list.load",
        "key.create",
        "customer.create",
        "alert.create",
        "alert.decide",
        "suppression.create",
    ):
        assert action in actions
    assert client.get("/audit/verify", headers=admin).json() == {
        "ok": True,
        "entries": len(actions),
        "first_bad": None,
        "problem": None,
    }


def test_csv_import_and_webhooks(api: tuple[TestClient, dict, dict]) -> None:
    client, screen, admin = api
    csv_text = (
        "customer_id,name,birth_date\nC-10,Eric Badege,1971\nC-11,,1980\nC-12,Maria Example,not-a-date\n"
    )
    r = client.post(
        "/customers/import",
        params={"map": "customer=customer_id,name=name,dob=birth_date"},
        content=csv_text.encode(),
        headers={**screen, "Content-Type": "text/csv"},
    )
    assert r.status_code == 200, r.text
    result = r.json()
    assert (result["created"], result["updated"], result["unchanged"]) == (1, 0, 0)
    assert [x["row"] for x in result["rejected"]] == [2, 3] and "no name" in result["rejected"][0]["reason"]
    assert_error(
        client.post("/customers/import", params={"map": "nme=name"}, content=b"a\n1\n", headers=screen), 400
    )
    assert_error(
        client.post("/customers", json={"id": "C-2", "properties": {"birthDate": ["1970"]}}, headers=screen),
        400,
        "properties.name",
    )

    assert_error(
        client.post("/webhooks", json={"url": "ftp://x", "secret": "s" * 20}, headers=admin), 400, "url"
    )
    hook = client.post(
        "/webhooks", json={"url": "http://127.0.0.1:9/hook", "secret": "s" * 20}, headers=admin
    )
    assert hook.status_code == 200 and hook.json()["url"] == "http://127.0.0.1:9/hook"
    assert "secret" not in hook.json()
    assert [w["id"] for w in client.get("/webhooks", headers=admin).json()["webhooks"]] == [hook.json()["id"]]
    assert client.get("/webhooks/deliveries", headers=admin).json() == {"deliveries": []}


ROUTES = [
    ("POST", "/customers", "screen"),
    ("GET", "/customers", "screen"),
    ("POST", "/customers/import", "screen"),
    ("GET", "/screenings", "screen"),
    ("GET", "/screenings/1", "screen"),
    ("POST", "/screenings/1/replay", "screen"),
    ("GET", "/alerts", "screen"),
    ("GET", "/alerts/1", "screen"),
    ("POST", "/alerts/1/decision", "screen"),
    ("GET", "/audit", "admin"),
    ("GET", "/audit/verify", "admin"),
    ("POST", "/monitor/run", "admin"),
    ("POST", "/webhooks", "admin"),
    ("GET", "/webhooks", "admin"),
    ("GET", "/webhooks/deliveries", "admin"),
]


@pytest.mark.parametrize(("method", "path", "role"), ROUTES, ids=[f"{m} {p}" for m, p, _ in ROUTES])
def test_every_route_needs_a_key_of_its_role(api: tuple[TestClient, dict, dict], method: str, path: str,
                                             role: str) -> None:  # fmt: skip
    client, screen, _admin = api
    assert_error(client.request(method, path), 401, "Authorization")
    if role == "admin":
        assert_error(client.request(method, path, headers=screen), 403, "Authorization")
