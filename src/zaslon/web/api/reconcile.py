"""``/reconcile/{dataset}``: the W3C (OpenRefine) Reconciliation Service API, v0.2.

* ``GET /reconcile/{dataset}`` is the service manifest (or, with ``queries=``, a batch).
* ``POST /reconcile/{dataset}`` takes a batch as the form field ``queries`` (what
  OpenRefine sends) or as a JSON body, ``{"q0": {"query": "...", "type": "Person",
  "limit": 3, "properties": [{"pid": "birthDate", "v": "1970"}]}}``, and answers
  ``{"q0": {"result": [{"id", "name", "type", "score", "match", "description"}]}}``.
* ``.../suggest/entity|type|property?prefix=`` feed OpenRefine's auto-complete;
  ``.../preview?id=`` is a small HTML card.

Queries are screened exactly like ``/match`` queries.  OpenRefine cannot send
headers, so these routes also take the key as ``?api_key=``, and the manifest
passes the query string on to the suggest and preview addresses.
"""

from __future__ import annotations

from html import escape
from typing import Any
from urllib.parse import parse_qs

import orjson
from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import HTMLResponse, Response

from zaslon.core.model.query import query_from_ftm
from zaslon.core.model.schema import MATCHABLE, PROPERTIES, THING
from zaslon.exc import QueryError
from zaslon.web.api.deps import PATH_DATASET, dataset_filter, settings_of, snapshot_of
from zaslon.web.auth import requires
from zaslon.web.errors import ApiError, JSONResponse, error_responses
from zaslon.web.serving import Snapshot

router = APIRouter(prefix="/reconcile/{dataset}", tags=["Reconciliation"])
auth = [Depends(requires("screen", allow_query_key=True))]
TYPES = sorted(MATCHABLE)
MAX_LIMIT = 100


def _types(schema: str) -> list[dict[str, str]]:
    return [{"id": schema, "name": schema}]


def _suffix(request: Request) -> str:
    query = request.url.query
    return f"?{query}" if query else ""


def manifest(request: Request, dataset: str) -> dict[str, Any]:
    base = str(request.base_url).rstrip("/")
    service = f"{base}/reconcile/{dataset}"
    keep = {k: v for k, v in request.query_params.items() if k == "api_key"}
    suffix = ("?" + "&".join(f"{k}={v}" for k, v in keep.items())) if keep else ""
    joiner = "&" if suffix else "?"
    return {
        "versions": ["0.1", "0.2"],
        "name": f"zaslon sanctions screening ({dataset})",
        "identifierSpace": f"{base}/entities/",
        "schemaSpace": "https://followthemoney.tech/explorer/schemata/",
        "defaultTypes": [{"id": t, "name": t} for t in TYPES],
        "view": {"url": f"{base}/entities/{{{{id}}}}{suffix}"},
        "preview": {"url": f"{service}/preview{suffix}{joiner}id={{{{id}}}}", "width": 430, "height": 300},
        "suggest": {
            "entity": {"service_url": service, "service_path": f"/suggest/entity{suffix}"},
            "type": {"service_url": service, "service_path": f"/suggest/type{suffix}"},
            "property": {"service_url": service, "service_path": f"/suggest/property{suffix}"},
        },
        "batchSize": 25,
    }


def _query_of(key: str, item: Any) -> tuple[Any, int]:
    where = f"queries.{key}"
    if isinstance(item, str):
        item = {"query": item}
    if not isinstance(item, dict):
        raise QueryError("a reconciliation query must be an object", field=where, expected='{"query": "..."}')
    schema = item.get("type") or THING
    if isinstance(schema, list):
        schema = schema[0] if schema else THING
    if isinstance(schema, dict):
        schema = schema.get("id", THING)
    limit = item.get("limit", 5)
    if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"invalid limit {limit!r}", field=f"{where}.limit", expected=f"1 to {MAX_LIMIT}")
    props: dict[str, list[str]] = {}
    if item.get("query") is not None:
        props["name"] = [str(item["query"])]
    extra = item.get("properties") or []
    if not isinstance(extra, list):
        raise QueryError(
            "'properties' must be a list", field=f"{where}.properties", expected='[{"pid", "v"}]'
        )
    for number, prop in enumerate(extra):
        if not isinstance(prop, dict):
            raise QueryError(
                "must be an object", field=f"{where}.properties.{number}", expected='{"pid", "v"}'
            )
        pid = str(prop.get("pid", "")).rsplit(":", 1)[-1]  # "Person:birthDate" -> birthDate
        if pid not in PROPERTIES:
            continue  # OpenRefine sends columns freely; ones zaslon cannot use are left out
        values = prop.get("v")
        values = values if isinstance(values, list) else [values]
        for value in values:
            if isinstance(value, dict):
                value = value.get("id") or value.get("name")
            if value is not None:
                props.setdefault(pid, []).append(str(value))
    example = {"schema": schema, "properties": props}
    return query_from_ftm(example, field_prefix=f"{where}."), limit


def _reconcile(request: Request, snapshot: Snapshot, dataset: str, raw: Any) -> dict[str, Any]:
    settings = settings_of(request)
    if isinstance(raw, (str, bytes)):
        try:
            raw = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise ApiError(400, "malformed_json", f"'queries' is not valid JSON: {exc}", field="queries",
                           expected="a JSON object of queries by key") from None  # fmt: skip
    if isinstance(raw, list):  # the 1.0 draft sends a list
        raw = {str(n): q for n, q in enumerate(raw)}
    if not isinstance(raw, dict) or not raw:
        raise ApiError(400, "invalid_query", "'queries' must be a non-empty object of queries by key",
                       field="queries", expected='{"q0": {"query": "..."}}')  # fmt: skip
    if len(raw) > settings.max_queries_per_request:
        raise ApiError(400, "too_many_queries", f"{len(raw)} queries; the limit is {settings.max_queries_per_request}",
                       field="queries", expected=f"at most {settings.max_queries_per_request}")  # fmt: skip
    datasets = dataset_filter(snapshot, dataset)
    parsed = [(key, *_query_of(str(key), item)) for key, item in raw.items()]
    threshold = settings.threshold if settings.threshold is not None else snapshot.engine.threshold
    answer: dict[str, Any] = {}
    for key, query, limit in parsed:
        hits = snapshot.engine.screen(query, limit=limit, threshold=threshold, datasets=datasets)
        answer[str(key)] = {
            "result": [
                {
                    "id": h.entity_id,
                    "name": h.caption,
                    "type": _types(h.schema),
                    "score": round(h.score * 100, 2),  # OpenRefine shows scores as 0-100
                    "match": h.match,
                    "description": h.explanation.summary(),
                }
                for h in hits
            ]
        }
    return answer


@router.get(
    "",
    summary="Service manifest (or a batch given as ?queries=)",
    responses={200: {"description": "The manifest"}, **error_responses(400, 401, 403, 404)},
    response_class=JSONResponse,
    dependencies=auth,
)
async def reconcile_get(
    request: Request,
    dataset: str = PATH_DATASET,
    queries: str | None = Query(None, max_length=100_000, description="A JSON batch of queries"),
) -> Response:
    snapshot = snapshot_of(request)
    dataset_filter(snapshot, dataset)
    if queries:
        return JSONResponse(_reconcile(request, snapshot, dataset, queries))
    return JSONResponse(manifest(request, dataset))


@router.post(
    "",
    summary="Reconcile a batch of queries",
    openapi_extra={
        "requestBody": {
            "content": {
                "application/x-www-form-urlencoded": {
                    "schema": {"type": "object", "properties": {"queries": {"type": "string"}}}
                },
                "application/json": {"schema": {"type": "object"}},
            }
        }
    },
    responses={200: {"description": "Candidates per query key"}, **error_responses(400, 401, 403, 404, 413)},
    response_class=JSONResponse,
    dependencies=auth,
)
async def reconcile_post(request: Request, dataset: str = PATH_DATASET) -> Response:
    snapshot = snapshot_of(request)
    body = await request.body()
    content_type = request.headers.get("content-type", "")
    raw: Any
    if content_type.startswith("application/json"):
        try:
            raw = orjson.loads(body)
        except orjson.JSONDecodeError as exc:
            raise ApiError(400, "malformed_json", f"the request body is not valid JSON: {exc}", field="body",
                           expected="a JSON object") from None  # fmt: skip
        if isinstance(raw, dict) and "queries" in raw:
            raw = raw["queries"]
    else:
        form = parse_qs(body.decode("utf-8", "replace"))
        if "queries" not in form:
            raise ApiError(400, "invalid_query", "no 'queries' form field", field="queries",
                           expected="a JSON object of queries by key")  # fmt: skip
        raw = form["queries"][0]
    return JSONResponse(_reconcile(request, snapshot, dataset, raw))


def _suggest(prefix: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    return {"code": "/api/status/ok", "status": "200 OK", "prefix": prefix, "result": items}


@router.get("/suggest/entity", summary="Entity auto-complete", response_class=JSONResponse,
            responses={200: {"description": "Suggestions"}, **error_responses(400, 401, 403, 404)},
            dependencies=auth)  # fmt: skip
async def suggest_entity(
    request: Request,
    dataset: str = PATH_DATASET,
    prefix: str = Query("", max_length=500),
    limit: int = Query(10, ge=1, le=MAX_LIMIT),
) -> Response:
    snapshot = snapshot_of(request)
    datasets = dataset_filter(snapshot, dataset)
    items: list[dict[str, Any]] = []
    if prefix.strip():
        from zaslon.core.model.query import Query as ScreenQuery

        hits = snapshot.engine.screen(ScreenQuery(names=[prefix.strip()], schema=THING), limit=limit,
                                      threshold=1.0, datasets=datasets)  # fmt: skip
        items = [{"id": h.entity_id, "name": h.caption, "type": _types(h.schema),
                  "description": ", ".join(h.datasets)} for h in hits]  # fmt: skip
        if not items:
            items = _prefix_scan(snapshot, prefix, limit, datasets)
    return JSONResponse(_suggest(prefix, items))


def _prefix_scan(
    snapshot: Snapshot, prefix: str, limit: int, datasets: set[str] | None
) -> list[dict[str, Any]]:
    """Names with a word starting with ``prefix``: what a half-typed name needs (the index wants whole parts)."""
    text = prefix.lower().strip()
    found: list[dict[str, Any]] = []
    for entity in snapshot.entities.values():
        if not entity.matchable or (datasets is not None and entity.dataset not in datasets):
            continue
        for _prop, name in entity.names():
            lowered = name.lower()
            if lowered.startswith(text) or f" {text}" in lowered:
                found.append({"id": entity.id, "name": name, "type": _types(entity.schema),
                              "description": entity.dataset})  # fmt: skip
                break
        if len(found) >= limit:
            break
    return found


@router.get("/suggest/type", summary="Type auto-complete", response_class=JSONResponse,
            responses={200: {"description": "Suggestions"}, **error_responses(401, 403, 404)},
            dependencies=auth)  # fmt: skip
async def suggest_type(
    request: Request, dataset: str = PATH_DATASET, prefix: str = Query("", max_length=500)
) -> Response:
    dataset_filter(snapshot_of(request), dataset)
    items = [{"id": t, "name": t} for t in TYPES if t.lower().startswith(prefix.lower().strip())]
    return JSONResponse(_suggest(prefix, items))


@router.get("/suggest/property", summary="Property auto-complete", response_class=JSONResponse,
            responses={200: {"description": "Suggestions"}, **error_responses(401, 403, 404)},
            dependencies=auth)  # fmt: skip
async def suggest_property(
    request: Request, dataset: str = PATH_DATASET, prefix: str = Query("", max_length=500)
) -> Response:
    dataset_filter(snapshot_of(request), dataset)
    text = prefix.lower().strip()
    items = [{"id": p, "name": p} for p in sorted(PROPERTIES) if text in p.lower()]
    return JSONResponse(_suggest(prefix, items))


@router.get("/preview", summary="HTML preview card", response_class=HTMLResponse,
            responses={200: {"description": "HTML", "content": {"text/html": {}}}, **error_responses(401, 403, 404)},
            dependencies=auth)  # fmt: skip
async def preview(
    request: Request, dataset: str = PATH_DATASET, id: str = Query(..., max_length=200)
) -> Response:
    snapshot = snapshot_of(request)
    dataset_filter(snapshot, dataset)
    entity = snapshot.entities.get(id)
    if entity is None:
        raise ApiError(404, "not_found", f"no entity {id!r} in the current lists", field="id")
    rows = "".join(
        f"<tr><th>{escape(prop)}</th><td>{escape('; '.join(values))}</td></tr>"
        for prop, values in entity.properties.items()
        if values and prop != "notes"
    )
    html = (
        '<html><body style="font-family: sans-serif; font-size: 12px">'
        f"<h3>{escape(entity.caption)}</h3><p>{escape(entity.schema)} · {escape(entity.dataset)}</p>"
        f"<table>{rows}</table></body></html>"
    )
    return HTMLResponse(html)
