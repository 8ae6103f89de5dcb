"""The circumvention API: ownership verdicts, goods codes, shipment screening, ownership hits in /match."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, status_code_conformance

from tests.web.conftest import assert_error
from zaslon.engine import Engine
from zaslon.ownership import unlisted_id
from zaslon.settings import Settings
from zaslon.store import ListStore
from zaslon.store.keys import KeyStore
from zaslon.web.app import create_app


@pytest.fixture(scope="module")
def app(circ_store: ListStore, circ_engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    settings = Settings(data_dir=tmp_path_factory.mktemp("api"), max_queries_per_request=5)
    return create_app(settings, engine=circ_engine, store=circ_store, key_cache_seconds=0)


@pytest.fixture(scope="module")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="module")
def headers(circ_store: ListStore) -> dict[str, str]:
    _, key = KeyStore(circ_store.engine).create("screen", "tests: circumvention")
    return {"Authorization": f"ApiKey {key}"}


ROUTES = [
    ("GET", "/ownership/cx-drake", None),
    ("GET", "/ownership/cx-drake/graph", None),
    ("POST", "/ownership/check", {"entity": "cx-drake"}),
    ("GET", "/goods/8542.31", None),
    ("POST", "/goods/check", {"codes": ["8542.31"]}),
    ("POST", "/shipments/screen", {"shipments": [{"shipment_id": "A"}]}),
]


@pytest.mark.parametrize(("method", "path", "body"), ROUTES)
def test_every_route_needs_a_key(client: TestClient, method: str, path: str, body: object) -> None:
    assert_error(client.request(method, path, json=body), 401)
    bad = {"Authorization": "ApiKey not-a-key"}
    assert client.request(method, path, json=body, headers=bad).status_code in (401, 403)


def test_ownership_get_and_post(client: TestClient, headers: dict[str, str]) -> None:
    r = client.get("/ownership/cx-drake", params={"regime": "eu", "date": "2024-06-01"}, headers=headers)
    assert r.status_code == 200, r.text
    data = r.json()
    assert (data["entity"], data["regime"], data["date"], data["verdict"], data["aggregate_percent"]) == (
        "cx-drake", "eu", "2024-06-01", "owned", 100.0,
    )  # fmt: skip
    assert len(data["paths"]) == 2
    body = {"entity": "Kama Freight LLC", "regime": "ofac", "date": "2024-06-01"}
    posted = client.post("/ownership/check", json=body, headers=headers).json()
    assert (posted["entity"], posted["verdict"]) == (unlisted_id("Kama Freight LLC"), "blocked")


def test_ownership_graph(client: TestClient, headers: dict[str, str]) -> None:
    r = client.get(
        "/ownership/cx-drake/graph", params={"regime": "eu", "date": "2024-06-01"}, headers=headers
    )
    assert r.status_code == 200, r.text
    data = r.json()
    nodes = {n["id"]: (n["status"], n["level"]) for n in data["nodes"]}
    assert nodes == {
        "cx-drake": ("owned", 0),
        "cx-alabuga-dev": ("owned", -1),
        "cx-alabuga-mach": ("owned", -1),
        "cx-alabuga-sez": ("listed", -2),
    }
    edges = {(e["owner"], e["asset"]): (e["percentage"], e["deciding"]) for e in data["edges"]}
    assert edges == {
        ("cx-alabuga-dev", "cx-drake"): (50.0, True),
        ("cx-alabuga-mach", "cx-drake"): (50.0, True),
        ("cx-alabuga-sez", "cx-alabuga-dev"): (100.0, True),
        ("cx-alabuga-dev", "cx-alabuga-mach"): (100.0, True),
    }
    assert data["truncated"] is False
    small = client.get("/ownership/cx-drake/graph", params={"limit": 2}, headers=headers).json()
    assert len(small["nodes"]) == 2 and small["truncated"] is True


def test_ownership_errors(client: TestClient, headers: dict[str, str]) -> None:
    assert_error(client.get("/ownership/nobody-at-all", headers=headers), 404)
    assert_error(
        client.get("/ownership/cx-drake", params={"date": "2024-02-30"}, headers=headers), 400, "date"
    )
    assert_error(client.get("/ownership/cx-drake", params={"regime": "uk"}, headers=headers), 400)
    assert_error(client.post("/ownership/check", json={"regime": "eu"}, headers=headers), 400, "entity")
    assert_error(client.post("/ownership/check", content=b"{", headers=headers), 400, "body")


def test_goods(client: TestClient, headers: dict[str, str]) -> None:
    one = client.get("/goods/8542 31 90 00", headers=headers).json()
    assert (one["verdict"], one["chpl_tiers"], one["annexes"]) == ("listed", ["1"], ["XL"])
    many = client.post("/goods/check", json={"codes": ["8542.31", "0901.11", "9304"]}, headers=headers).json()
    assert [r["verdict"] for r in many["results"]] == ["listed", "none", "review"]
    assert_error(client.get("/goods/85A2", headers=headers), 400, "code")
    assert_error(
        client.post("/goods/check", json={"codes": ["8542.31", "854"]}, headers=headers), 400, "codes.1"
    )
    too_many = {"codes": ["8542.31"] * 6}
    assert_error(client.post("/goods/check", json=too_many, headers=headers), 400, "codes")


def test_shipments(client: TestClient, headers: dict[str, str]) -> None:
    body = {
        "date": "2024-06-01",
        "shipments": [
            {"shipment_id": "A", "consignee": "ПАО Сбербанк", "destination": "ru"},
            {"shipment_id": "B", "goods_codes": ["8542.31"], "origin": "de", "destination": "kz"},
            {"shipment_id": "C", "consignee": "Kama Freight LLC", "destination": "fr"},
            {"shipment_id": "D", "goods_codes": "12"},
            "not an object",
        ],
    }
    r = client.post("/shipments/screen", json=body, headers=headers)
    assert r.status_code == 200, r.text
    data = r.json()
    assert [(x["shipment_id"], x["verdict"]) for x in data["results"]] == [("A", "block"), ("B", "review"),
                                                                           ("C", "block")]  # fmt: skip
    assert [e["index"] for e in data["errors"]] == [3, 4]
    assert data["counts"] == {"read": 5, "screened": 3, "rejected": 2}
    assert_error(client.post("/shipments/screen", json={"shipments": []}, headers=headers), 400, "shipments")


def test_match_has_an_ownership_hit(client: TestClient, headers: dict[str, str]) -> None:
    body = {"queries": {"q": {"schema": "Company", "properties": {"name": ["Kama Freight"]}}}}
    r = client.post("/match/default", json=body, headers=headers)
    assert r.status_code == 200, r.text
    results = r.json()["responses"]["q"]["results"]
    first = results[0]
    assert (first["id"], first["kind"], first["match"]) == (
        unlisted_id("Kama Freight LLC"),
        "ownership",
        True,
    )
    assert "OFAC blocked" in first["explanation"] and "—60%→ Kama Freight LLC" in first["explanation"]
    assert all(r["kind"] == "name" for r in results[1:])


def test_routes_conform_to_the_openapi_document(
    app: FastAPI, client: TestClient, headers: dict[str, str]
) -> None:
    # a few generated requests per operation: no server error, only declared statuses and content types
    schema = schemathesis.openapi.from_asgi("/openapi.json", app).include(
        path_regex=r"^/(ownership|goods|shipments)\b"
    )
    labels, failures = [], []
    for result in schema.get_all_operations():
        operation = result.ok()  # type: ignore[union-attr]
        labels.append(operation.label)

        @given(case=operation.as_strategy())
        @settings(max_examples=15, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))  # fmt: skip
        def run(case: schemathesis.Case) -> None:
            case.call_and_validate(
                headers=headers,
                checks=[not_a_server_error, status_code_conformance, content_type_conformance],
            )

        try:
            run()
        except Exception as exc:  # noqa: BLE001 - gather every operation's failure, then report all
            failures.append(f"{operation.label}: {exc}")
    assert len(labels) == 6, labels
    assert not failures, "\n\n".join(failures)
