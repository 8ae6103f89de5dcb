"""The auth matrix: no key, a malformed header, an unknown key, a revoked key, the
wrong role and the right key, for every route."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import Keys, assert_error, web_settings
from zaslon.store.keys import KeyStore
from zaslon.web.app import create_app

MATCH_BODY = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Qasem Soleimani"]}}}}

# (method, path, request kwargs, role needed)
ROUTES: list[tuple[str, str, dict[str, Any], str]] = [
    ("POST", "/match/default", {"json": MATCH_BODY}, "screen"),
    ("GET", "/search/default", {"params": {"q": "Soleimani"}}, "screen"),
    ("GET", "/entities/un_sc-IRi.039", {}, "screen"),
    ("GET", "/catalog", {}, "screen"),
    ("GET", "/algorithms", {}, "screen"),
    ("GET", "/metrics", {}, "screen"),
    ("GET", "/reconcile/default", {}, "screen"),
    ("POST", "/reconcile/default", {"data": {"queries": '{"q0": {"query": "Soleimani"}}'}}, "screen"),
    ("GET", "/reconcile/default/suggest/entity", {"params": {"prefix": "Sol"}}, "screen"),
    ("GET", "/reconcile/default/suggest/type", {"params": {"prefix": "P"}}, "screen"),
    ("GET", "/reconcile/default/suggest/property", {"params": {"prefix": "n"}}, "screen"),
    ("GET", "/reconcile/default/preview", {"params": {"id": "un_sc-IRi.039"}}, "screen"),
    ("POST", "/admin/reload", {}, "admin"),
    # a path that does not exist: authorised, then refused as bad input, so the shared store stays as it is
    ("POST", "/admin/update", {"json": {"path": "/nonexistent/list.xml"}}, "admin"),
]
IDS = [f"{m} {p}" for m, p, _, _ in ROUTES]


def _call(
    client: TestClient, method: str, path: str, kwargs: dict[str, Any], headers: dict[str, str] | None
) -> Any:
    return client.request(method, path, headers=headers or {}, **kwargs)


@pytest.mark.parametrize(("method", "path", "kwargs", "role"), ROUTES, ids=IDS)
def test_no_key(client: TestClient, method: str, path: str, kwargs: dict[str, Any], role: str) -> None:
    r = _call(client, method, path, kwargs, None)
    assert_error(r, 401, "Authorization")
    assert r.headers["www-authenticate"].startswith("ApiKey")


@pytest.mark.parametrize(("method", "path", "kwargs", "role"), ROUTES, ids=IDS)
def test_bad_keys(
    client: TestClient, keys: Keys, method: str, path: str, kwargs: dict[str, Any], role: str
) -> None:
    for header in (f"ApiKey {keys.revoked}", "ApiKey zsk_0000_unknown", f"Basic {keys.admin}", "ApiKey"):
        assert_error(_call(client, method, path, kwargs, {"Authorization": header}), 401, "Authorization")


@pytest.mark.parametrize(("method", "path", "kwargs", "role"), ROUTES, ids=IDS)
def test_roles(
    client: TestClient, keys: Keys, method: str, path: str, kwargs: dict[str, Any], role: str
) -> None:
    screen = _call(client, method, path, kwargs, keys.header(keys.screen))
    admin = _call(client, method, path, kwargs, {"Authorization": f"Bearer {keys.admin}"})
    if role == "admin":
        assert_error(screen, 403, "Authorization")
    else:
        assert screen.status_code == 200, screen.text
    if path == "/admin/update":
        assert_error(admin, 422)  # authorised: the missing file is what was refused
    else:
        assert admin.status_code == 200, admin.text  # admin may do everything


@pytest.mark.parametrize("path", ["/healthz", "/readyz", "/openapi.json", "/docs"])
def test_open_routes(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 200


def test_reconcile_takes_the_key_in_the_query_string(client: TestClient, keys: Keys) -> None:
    assert client.get("/reconcile/default", params={"api_key": keys.screen}).status_code == 200
    assert_error(client.get("/reconcile/default", params={"api_key": keys.revoked}), 401)
    # only the reconciliation routes, which OpenRefine calls without headers
    assert_error(client.get("/catalog", params={"api_key": keys.screen}), 401)


def test_revocation_takes_effect(client: TestClient, web_lists: Any) -> None:
    store = KeyStore(web_lists.store.engine)
    record, key = store.create("screen", "revoked mid-test")
    headers = {"Authorization": f"ApiKey {key}"}
    assert client.get("/catalog", headers=headers).status_code == 200
    store.revoke(record.id)
    assert_error(client.get("/catalog", headers=headers), 401)


def test_auth_can_be_turned_off(web_lists: Any, tmp_path: Any) -> None:
    app = create_app(web_settings(tmp_path, auth_required=False), engine=web_lists.engine, store=web_lists.store,
                     entities=web_lists.entities)  # fmt: skip
    with TestClient(app) as c:
        assert c.get("/catalog").status_code == 200
        assert c.post("/admin/reload").status_code == 200
