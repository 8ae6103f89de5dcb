"""Bad input answers 4xx in the one error shape naming the field; never 500, never a traceback."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import MAX_BODY, MAX_QUERIES, assert_error


def _q(**props: Any) -> dict[str, Any]:
    return {"queries": {"q1": {"schema": "Person", "properties": {"name": ["Ivan Petrov"], **props}}}}


# (body as bytes or JSON, query params, status, field)
MATCH_CASES: list[tuple[str, Any, dict[str, Any], int, str | None]] = [
    ("malformed json", b'{"queries": {', {}, 400, "body"),
    ("empty body", b"", {}, 400, "body"),
    ("not an object", [1, 2], {}, 400, "body"),
    ("no queries", {"weights": {}}, {}, 400, "queries"),
    ("queries not an object", {"queries": ["Ivan"]}, {}, 400, "queries"),
    ("zero queries", {"queries": {}}, {}, 400, "queries"),
    ("query not an object", {"queries": {"q1": "Ivan Petrov"}}, {}, 400, "queries.q1"),
    (
        "unknown schema",
        {"queries": {"q1": {"schema": "Spaceship", "properties": {"name": ["X"]}}}},
        {},
        400,
        "queries.q1.schema",
    ),
    ("unknown property", _q(favouriteColour=["red"]), {}, 400, "queries.q1.properties.favouriteColour"),
    ("invalid date", _q(birthDate=["1975-13-45"]), {}, 400, "queries.q1.properties.birthDate"),
    ("value not strings", _q(birthDate=[{"year": 1975}]), {}, 400, "queries.q1.properties.birthDate"),
    (
        "properties not an object",
        {"queries": {"q1": {"schema": "Person", "properties": ["x"]}}},
        {},
        400,
        "queries.q1.properties",
    ),
    (
        "no name",
        {"queries": {"q1": {"schema": "Person", "properties": {"birthDate": ["1975"]}}}},
        {},
        400,
        "queries.q1.properties.name",
    ),
    ("negative limit", _q(), {"limit": -1}, 400, "limit"),
    ("limit not a number", _q(), {"limit": "ten"}, 400, "limit"),
    ("limit too high", _q(), {"limit": 100_000}, 400, "limit"),
    ("threshold above 1", _q(), {"threshold": 2}, 400, "threshold"),
    ("unknown algorithm", _q(), {"algorithm": "magic-v9"}, 400, "algorithm"),
    ("invalid changed_since", _q(), {"changed_since": "last tuesday"}, 400, "changed_since"),
    ("unknown include_dataset", _q(), {"include_dataset": "xx_nowhere"}, 400, "include_dataset"),
    ("unknown exclude_schema", _q(), {"exclude_schema": "Spaceship"}, 400, "exclude_schema"),
]


@pytest.mark.parametrize(
    ("name", "body", "params", "status", "field"), MATCH_CASES, ids=[c[0] for c in MATCH_CASES]
)
def test_match_bad_input(
    client: TestClient, screen_headers: dict[str, str], name: str, body: Any, params: dict[str, Any], status: int,
    field: str | None,
) -> None:  # fmt: skip
    if isinstance(body, bytes):
        r = client.post("/match/default", content=body, params=params,
                        headers={**screen_headers, "Content-Type": "application/json"})  # fmt: skip
    else:
        r = client.post("/match/default", json=body, params=params, headers=screen_headers)
    error = assert_error(r, status, field)
    assert error["expected"], error


def test_too_many_queries(client: TestClient, screen_headers: dict[str, str]) -> None:
    queries = {
        f"q{n}": {"schema": "Person", "properties": {"name": ["Ivan Petrov"]}} for n in range(MAX_QUERIES + 1)
    }
    error = assert_error(client.post("/match/default", json={"queries": queries}, headers=screen_headers), 400,
                         "queries")  # fmt: skip
    assert error["code"] == "too_many_queries" and str(MAX_QUERIES) in str(error["expected"])
    queries.pop("q0")
    assert client.post("/match/default", json={"queries": queries}, headers=screen_headers).status_code == 200


def test_oversized_body(client: TestClient, screen_headers: dict[str, str]) -> None:
    big = b'{"queries": {"q": {"schema": "Person", "properties": {"name": ["' + b"a" * MAX_BODY + b'"]}}}}'
    error = assert_error(client.post("/match/default", content=big, headers=screen_headers), 413, "body")
    assert error["code"] == "payload_too_large"

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        yield big[: MAX_BODY // 2]
        yield big[MAX_BODY // 2 :]

    assert_error(client.post("/match/default", content=chunks(), headers=screen_headers), 413, "body")


def test_unknown_dataset(client: TestClient, screen_headers: dict[str, str]) -> None:
    error = assert_error(client.post("/match/xx_nowhere", json=_q(), headers=screen_headers), 404, "dataset")
    assert "default" in str(error["expected"])
    assert_error(client.get("/search/xx_nowhere", params={"q": "x"}, headers=screen_headers), 404, "dataset")
    assert_error(client.get("/reconcile/xx_nowhere", headers=screen_headers), 404, "dataset")


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "q"),
        ({"q": ""}, "q"),
        ({"q": "x", "limit": -5}, "limit"),
        ({"q": "x", "offset": -1}, "offset"),
        ({"q": "x", "schema": "Spaceship"}, "schema"),
        ({"q": "x", "countries": "Atlantis"}, "countries"),
        ({"q": "x", "datasets": "xx_nowhere"}, "datasets"),
    ],
)
def test_search_bad_input(
    client: TestClient, screen_headers: dict[str, str], params: dict[str, Any], field: str
) -> None:
    assert_error(client.get("/search/default", params=params, headers=screen_headers), 400, field)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"queries": "{not json"}, "queries"),
        ({"queries": "[]"}, "queries"),
        ({}, "queries"),
        ({"queries": '{"q0": {"query": "x", "limit": -1}}'}, "queries.q0.limit"),
        ({"queries": '{"q0": {"query": "x", "type": "Spaceship"}}'}, "queries.q0.schema"),
        ({"queries": '{"q0": 5}'}, "queries.q0"),
    ],
)
def test_reconcile_bad_input(
    client: TestClient, screen_headers: dict[str, str], data: dict[str, str], field: str
) -> None:
    assert_error(client.post("/reconcile/default", data=data, headers=screen_headers), 400, field)


def test_admin_update_bad_input(client: TestClient, admin_headers: dict[str, str]) -> None:
    assert_error(client.post("/admin/update", content=b"{", headers=admin_headers), 400, "body")
    assert_error(
        client.post("/admin/update", json={"datasets": "un_sc"}, headers=admin_headers), 400, "datasets"
    )
    assert_error(client.post("/admin/update", json={"force": "yes"}, headers=admin_headers), 400, "force")


def test_unknown_route_and_method(client: TestClient, screen_headers: dict[str, str]) -> None:
    assert_error(client.get("/nowhere", headers=screen_headers), 404)
    assert_error(client.get("/match/default", headers=screen_headers), 405)


def test_a_bug_is_a_json_500_without_traceback(web_lists: Any, tmp_path: Any, monkeypatch: Any) -> None:
    from tests.web.conftest import web_settings
    from zaslon.web.app import create_app

    app = create_app(web_settings(tmp_path, auth_required=False), engine=web_lists.engine, store=web_lists.store,
                     entities=web_lists.entities)  # fmt: skip

    def broken(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(type(web_lists.engine), "screen", broken)
    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.post("/match/default", json=_q())
    error = assert_error(r, 500)
    assert error["code"] == "internal_error" and "secret internal detail" not in r.text
