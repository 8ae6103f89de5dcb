"""Contract tests: every route answers in its documented shape, on the bundled lists."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import assert_error

# The example in yente's own /match documentation (yente/routers/match.py), unchanged.
YENTE_DOCS_BODY = {
    "queries": {
        "entity1": {
            "schema": "Person",
            "properties": {"name": ["John Doe"], "birthDate": ["1975-04-21"], "nationality": ["us"]},
        },
        "entity2": {
            "schema": "Company",
            "properties": {
                "name": ["Brilliant Amazing Limited"],
                "jurisdiction": ["hk"],
                "registrationNumber": ["84BA99810"],
            },
        },
    }
}

SOLEIMANI = {
    "schema": "Person",
    "properties": {"name": ["Qasem Soleimani"], "birthDate": ["1957"], "nationality": ["ir"]},
}


def test_yente_docs_body_works_unchanged(client: TestClient, screen_headers: dict[str, str]) -> None:
    r = client.post("/match/default", json=YENTE_DOCS_BODY, headers=screen_headers)
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"responses", "matcher", "limit"}
    assert set(body["responses"]) == {"entity1", "entity2"}
    assert body["limit"] == 5
    assert body["matcher"]["name"] == "zaslon-v1"
    for key, response in body["responses"].items():
        assert response["status"] == 200
        assert response["total"] == {"value": len(response["results"]), "relation": "eq"}
        assert response["query"]["schema"] == YENTE_DOCS_BODY["queries"][key]["schema"]
        assert response["query"]["properties"] == YENTE_DOCS_BODY["queries"][key]["properties"]
        # invented parties: nothing on the lists should be called a match
        assert not any(hit["match"] for hit in response["results"])
    assert r.headers["x-batch-size"] == "2"


def test_match_finds_and_explains(client: TestClient, screen_headers: dict[str, str]) -> None:
    r = client.post("/match/default", json={"queries": {"q": SOLEIMANI}}, headers=screen_headers)
    assert r.status_code == 200, r.text
    results = r.json()["responses"]["q"]["results"]
    top = results[0]
    assert top["id"] in ("un_sc-IRi.039", "us_ofac_sdn-10481")
    assert top["match"] is True and top["score"] >= 0.9
    assert {"id", "caption", "schema", "properties", "datasets", "score", "match", "features", "explanation",
            "explanations", "target", "referents", "last_seen"} <= set(top)  # fmt: skip
    assert top["schema"] == "Person" and top["target"] is True
    # the same man on the other lists: named by this hit, not hits of their own
    assert {top["id"], *top["referents"]} >= {"un_sc-IRi.039", "us_ofac_sdn-10481"}
    assert not {r["id"] for r in results[1:]} & {top["id"], *top["referents"]}
    assert len(top["explanations"][0]["party"]) == len(top["referents"])  # why, a sentence per link
    assert (
        "Qasem Sulaimani" in top["properties"]["alias"]
        or "SOLEIMANI" in json.dumps(top["properties"]).upper()
    )
    assert top["features"]["name"] > 0.9 and "birth_date" in top["features"]
    assert "Soleimani" in top["explanation"] or "SOLEIMANI" in top["explanation"]
    assert top["explanations"][0]["tokens"]
    assert [h["score"] for h in results] == sorted((h["score"] for h in results), reverse=True)


def test_match_one_dataset_and_filters(client: TestClient, screen_headers: dict[str, str]) -> None:
    body = {"queries": {"q": SOLEIMANI}}
    r = client.post("/match/un_sc", json=body, headers=screen_headers)
    assert {d for h in r.json()["responses"]["q"]["results"] for d in h["datasets"]} == {"un_sc"}
    r = client.post("/match/default", json=body, headers=screen_headers,
                    params={"exclude_dataset": "un_sc", "exclude_entity_ids": "us_ofac_sdn-10481"})  # fmt: skip
    ids = [h["id"] for h in r.json()["responses"]["q"]["results"]]
    assert "us_ofac_sdn-10481" not in ids and not any(i.startswith("un_sc-") for i in ids)
    r = client.post("/match/default", json=body, headers=screen_headers, params={"exclude_schema": "Person"})
    assert all(h["schema"] != "Person" for h in r.json()["responses"]["q"]["results"])
    r = client.post(
        "/match/default", json=body, headers=screen_headers, params={"include_dataset": "us_ofac_sdn"}
    )
    assert {d for h in r.json()["responses"]["q"]["results"] for d in h["datasets"]} == {"us_ofac_sdn"}
    r = client.post(
        "/match/default", json=body, headers=screen_headers, params={"limit": 1, "threshold": 0.99}
    )
    data = r.json()
    assert data["limit"] == 1 and len(data["responses"]["q"]["results"]) == 1
    r = client.post(
        "/match/default", json=body, headers=screen_headers, params={"changed_since": "2999-01-01"}
    )
    assert r.json()["responses"]["q"]["results"] == []
    r = client.post(
        "/match/default", json=body, headers=screen_headers, params={"changed_since": "2000-01-01"}
    )
    assert r.json()["responses"]["q"]["results"]


@pytest.mark.parametrize("algorithm", ["zaslon-v1", "logic-v1", "logic-v2", "best"])
def test_match_algorithm_names(client: TestClient, screen_headers: dict[str, str], algorithm: str) -> None:
    r = client.post("/match/default", json={"queries": {"q": SOLEIMANI}}, headers=screen_headers,
                    params={"algorithm": algorithm})  # fmt: skip
    assert r.status_code == 200
    assert r.json()["matcher"]["name"] == "zaslon-v1"
    assert ("x-zaslon-note" in r.headers) == (algorithm != "zaslon-v1")


def test_search(client: TestClient, screen_headers: dict[str, str]) -> None:
    r = client.get("/search/default", params={"q": "Soleimani"}, headers=screen_headers)
    assert r.status_code == 200, r.text
    body = r.json()
    assert {"results", "facets", "limit", "offset", "total"} <= set(body)
    assert any("SOLEIMANI" in h["caption"].upper() for h in body["results"])
    ids_all = [h["id"] for h in body["results"]]
    page = client.get("/search/default", params={"q": "Soleimani", "limit": 1, "offset": 1},
                      headers=screen_headers).json()  # fmt: skip
    assert [h["id"] for h in page["results"]] == ids_all[1:2]
    only = client.get("/search/default", params={"q": "Soleimani", "countries": "ir", "schema": "Person",
                                                 "datasets": "us_ofac_sdn"}, headers=screen_headers).json()  # fmt: skip
    assert only["results"] and all(
        h["datasets"] == ["us_ofac_sdn"] and h["schema"] == "Person" for h in only["results"]
    )
    assert "Person" in {v["name"] for v in only["facets"]["schema"]["values"]}


def test_entity(client: TestClient, screen_headers: dict[str, str]) -> None:
    r = client.get("/entities/un_sc-IRi.039", headers=screen_headers)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["id"] == "un_sc-IRi.039" and body["schema"] == "Person"
    assert body["properties"]["birthDate"] == ["1957-03-11"]
    assert body["provenance"]["dataset"] == "un_sc" and body["provenance"]["native_id"]
    assert body["list_version"]["dataset"] == "un_sc" and body["list_version"]["sha256"]
    assert "us_ofac_sdn-10481" in body["referents"]  # Soleimani on the US list: the same party
    assert_error(client.get("/entities/no-such-entity", headers=screen_headers), 404, "entity_id")


def test_catalog(client: TestClient, screen_headers: dict[str, str]) -> None:
    body = client.get("/catalog", headers=screen_headers).json()
    names = {d["name"] for d in body["datasets"]}
    assert {"un_sc", "us_ofac_sdn", "gb_hmt"} <= names
    for item in body["datasets"]:
        assert item["entities"] > 0 and item["versions"] >= 1 and item["loaded_at"] and item["index_current"]
    assert body["last_update"] == max(d["loaded_at"] for d in body["datasets"])
    assert body["index"]["entities"] > 20_000 and body["outdated"] == []


def test_algorithms(client: TestClient, screen_headers: dict[str, str]) -> None:
    body = client.get("/algorithms", headers=screen_headers).json()
    assert body["default"] == body["best"] == "zaslon-v1"
    algo = body["algorithms"][0]
    assert algo["name"] == "zaslon-v1" and 0 < algo["threshold"] < 1
    assert {"name", "birth_date", "country", "identifier"} <= set(algo["features"])
    assert body["aliases"]["logic-v2"] == "zaslon-v1"


def test_health_ready_metrics(client: TestClient, screen_headers: dict[str, str]) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["entities"] > 20_000
    client.post("/match/default", json={"queries": {"q": SOLEIMANI}}, headers=screen_headers)
    text = client.get("/metrics", headers=screen_headers).text
    assert 'zaslon_http_requests_total{method="POST",route="/match/{dataset}",status="200"}' in text
    assert "zaslon_match_queries_total" in text and "zaslon_index_entities" in text


def test_openapi_and_docs(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in (
        "/match/{dataset}",
        "/search/{dataset}",
        "/entities/{entity_id}",
        "/catalog",
        "/algorithms",
        "/healthz",
        "/readyz",
        "/metrics",
        "/reconcile/{dataset}",
        "/admin/update",
        "/admin/reload",
    ):
        assert path in spec["paths"], path
    assert "ApiKey" in spec["components"]["securitySchemes"]
    assert client.get("/docs").status_code == 200


def test_reconcile_manifest_and_queries(client: TestClient, keys: object) -> None:
    key = keys.screen  # type: ignore[attr-defined]
    manifest = client.get("/reconcile/default", params={"api_key": key}).json()
    assert manifest["versions"] and manifest["identifierSpace"] and manifest["schemaSpace"]
    assert {"id": "Person", "name": "Person"} in manifest["defaultTypes"]
    assert manifest["suggest"]["entity"]["service_path"] == f"/suggest/entity?api_key={key}"
    queries = {"q0": {"query": "Qasem Soleimani", "type": "Person", "limit": 3,
                      "properties": [{"pid": "birthDate", "v": "1957"}]},
               "q1": {"query": "Brilliant Amazing Limited"}}  # fmt: skip
    # as OpenRefine sends it: a form field holding JSON
    r = client.post("/reconcile/default", params={"api_key": key}, data={"queries": json.dumps(queries)})
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"q0", "q1"}
    top = body["q0"]["result"][0]
    assert top["id"] in ("un_sc-IRi.039", "us_ofac_sdn-10481") and top["match"] is True
    assert top["type"] == [{"id": "Person", "name": "Person"}] and 90 <= top["score"] <= 100
    assert len(body["q0"]["result"]) <= 3
    # and as JSON, and as a GET with ?queries= (the 0.1 protocol)
    r = client.post("/reconcile/default", params={"api_key": key}, json={"queries": queries})
    assert r.json()["q0"]["result"][0]["id"] == top["id"]
    r = client.get("/reconcile/un_sc", params={"api_key": key, "queries": json.dumps(queries)})
    assert r.json()["q0"]["result"][0]["id"] == "un_sc-IRi.039"


def test_reconcile_suggest_and_preview(client: TestClient, screen_headers: dict[str, str]) -> None:
    entity = client.get(
        "/reconcile/default/suggest/entity", params={"prefix": "Soleim"}, headers=screen_headers
    )
    assert any("SOLEIM" in item["name"].upper() for item in entity.json()["result"])
    types = client.get(
        "/reconcile/default/suggest/type", params={"prefix": "pe"}, headers=screen_headers
    ).json()
    assert types["result"] == [{"id": "Person", "name": "Person"}]
    props = client.get(
        "/reconcile/default/suggest/property", params={"prefix": "birth"}, headers=screen_headers
    )
    assert {"id": "birthDate", "name": "birthDate"} in props.json()["result"]
    preview = client.get("/reconcile/default/preview", params={"id": "un_sc-IRi.039"}, headers=screen_headers)
    assert preview.status_code == 200 and "SOLEIMANI" in preview.text
    assert preview.headers["content-type"].startswith("text/html")


def test_a_yente_client_finds_a_listed_person(client: TestClient, screen_headers: dict[str, str]) -> None:
    # the shape of OpenSanctions' matching tutorial: name, birth year, nationality code
    body = {
        "queries": {
            "q1": {
                "schema": "Person",
                "properties": {"name": ["Vladimir Putin"], "birthDate": ["1952"], "nationality": ["ru"]},
            }
        }
    }
    results = client.post("/match/default", json=body, headers=screen_headers).json()["responses"]["q1"][
        "results"
    ]
    matched = {i for h in results if h["match"] for i in (h["id"], *h["referents"])}
    assert {"gb_hmt-14196", "us_ofac_sdn-35096"} <= matched
