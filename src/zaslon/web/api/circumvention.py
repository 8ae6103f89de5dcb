"""Circumvention checks over HTTP: ownership verdicts, goods codes, shipment screening.

``GET /ownership/{entity}`` (or ``POST /ownership/check``) answers what
``zaslon ownership check --json`` prints, ``GET /ownership/{entity}/graph`` the
graph around it for drawing; ``GET /goods/{code}`` (or
``POST /goods/check`` for several codes) what ``zaslon goods check --json``
prints; ``POST /shipments/screen`` screens up to the request limit of
shipments given as JSON objects with the columns of a shipment file.  The
ownership graph is built from the serving snapshot once per list generation.
All need a key with the ``screen`` role.
"""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Path, Query, Request
from starlette.responses import Response

from zaslon.exc import QueryError
from zaslon.ownership import OwnershipService
from zaslon.shipments import ShipmentScreener, goods_verdict, screen_rows
from zaslon.web.api.deps import json_body, settings_of, snapshot_of
from zaslon.web.auth import requires
from zaslon.web.errors import ApiError, JSONResponse, error_responses

router = APIRouter(tags=["Circumvention"])
_BUILD = threading.Lock()

REGIME = Query(
    "ofac", pattern="^(ofac|eu)$", description="ofac (50 Percent Rule) or eu (owned or controlled)"
)
DAY = Query(None, max_length=10, description="The day the verdict is for (YYYY-MM-DD); default today")


def _body(schema: dict[str, Any], example: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI request body of a route that reads its JSON itself (for /docs and schema tests)."""
    content = {"application/json": {"schema": {**schema, "example": example}}}
    return {"requestBody": {"required": True, "content": content}}


_DATE = {"type": "string", "description": "YYYY-MM-DD; default today"}
OWNERSHIP_BODY = _body(
    {"type": "object", "required": ["entity"],
     "properties": {"entity": {"type": "string"}, "regime": {"type": "string", "enum": ["ofac", "eu"]}, "date": _DATE}},
    {"entity": "cx-drake", "regime": "eu", "date": "2024-06-01"},
)  # fmt: skip
GOODS_BODY = _body(
    {"type": "object", "required": ["codes"],
     "properties": {"codes": {"type": "array", "items": {"type": "string"}}, "date": _DATE}},
    {"codes": ["8542.31", "8542 31 90 00"]},
)  # fmt: skip
_TEXT = {"type": "string"}
SHIPMENT = {
    "type": "object",
    "required": ["shipment_id"],
    "properties": {
        **{c: _TEXT for c in ("shipment_id", "consignor", "consignee", "notify_party", "vessel_name", "vessel_imo",
                              "origin", "destination")},
        "goods_codes": {"anyOf": [_TEXT, {"type": "array", "items": _TEXT}]},
        "transit_countries": {"anyOf": [_TEXT, {"type": "array", "items": _TEXT}]},
    },
}  # fmt: skip
SHIPMENTS_BODY = _body(
    {"type": "object", "required": ["shipments"],
     "properties": {"shipments": {"type": "array", "items": SHIPMENT}, "date": _DATE}},
    {"shipments": [{"shipment_id": "S1", "consignee": "ПАО Сбербанк", "goods_codes": ["8542.31"],
                    "origin": "de", "destination": "kz", "transit_countries": []}]},
)  # fmt: skip


def ownership_of(request: Request) -> OwnershipService:
    """The ownership graph of the serving snapshot, built on first use per generation."""
    snapshot = snapshot_of(request)
    state = request.app.state
    cached = getattr(state, "ownership", None)
    if cached is not None and cached[0] == snapshot.generation:
        return cached[1]  # type: ignore[no-any-return]
    with _BUILD:
        cached = getattr(state, "ownership", None)
        if cached is None or cached[0] != snapshot.generation:
            cached = (snapshot.generation, OwnershipService.build(snapshot.entities.values()))
            state.ownership = cached
    return cached[1]  # type: ignore[no-any-return]


def _day(value: Any, field: str = "date") -> date:
    if value is None or value == "":
        return date.today()
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ApiError(400, "invalid_parameter", f"invalid date {value!r}", field=field,
                       expected="YYYY-MM-DD") from None  # fmt: skip


async def _object(request: Request) -> dict[str, Any]:
    body = await json_body(request)
    if not isinstance(body, dict):
        raise ApiError(
            400, "invalid_query", "the body must be a JSON object", field="body", expected="an object"
        )
    return body


@router.get(
    "/ownership/{entity_id}",
    summary="Ownership verdict for one entity",
    responses={
        200: {"description": "verdict, aggregate, paths, findings"},
        **error_responses(400, 401, 403, 404, 503),
    },
    response_class=JSONResponse,
    dependencies=[Depends(requires("screen"))],
)
async def ownership_get(
    request: Request,
    entity_id: str = Path(..., max_length=300, examples=["cx-drake"]),
    regime: str = REGIME,
    date_: str | None = Query(None, alias="date", max_length=10, description="YYYY-MM-DD; default today"),
) -> Response:
    """The OFAC 50 Percent Rule or EU ownership verdict, with every path to a listed owner and the sum."""
    verdict = ownership_of(request).check(entity_id, regime, _day(date_))
    return JSONResponse(verdict.to_dict())


@router.get(
    "/ownership/{entity_id}/graph",
    summary="The ownership graph around one entity, for drawing",
    responses={
        200: {"description": "nodes with status, edges with percentage, dates, source and 'deciding'"},
        **error_responses(400, 401, 403, 404, 503),
    },
    response_class=JSONResponse,
    dependencies=[Depends(requires("screen"))],
)
async def ownership_graph(
    request: Request,
    entity_id: str = Path(..., max_length=300, examples=["cx-drake"]),
    regime: str = REGIME,
    date_: str | None = Query(None, alias="date", max_length=10, description="YYYY-MM-DD; default today"),
    depth: int = Query(3, ge=1, le=10, description="Levels of owners to include"),
    limit: int = Query(200, ge=1, le=2000, description="Nodes at most"),
) -> Response:
    """Owners up to ``depth`` levels and the stakes the entity holds, each node with its status."""
    service = ownership_of(request)
    return JSONResponse(service.neighbourhood(entity_id, regime, _day(date_), depth=depth, limit=limit))


@router.post(
    "/ownership/check",
    openapi_extra=OWNERSHIP_BODY,
    summary="Ownership verdict for one entity (JSON body)",
    responses={
        200: {"description": "verdict, aggregate, paths, findings"},
        **error_responses(400, 401, 403, 404, 503),
    },
    response_class=JSONResponse,
    dependencies=[Depends(requires("screen"))],
)
async def ownership_post(request: Request) -> Response:
    """Body: ``{"entity": "<id or exact name>", "regime": "ofac"|"eu", "date": "YYYY-MM-DD"}``."""
    body = await _object(request)
    entity = body.get("entity")
    if not isinstance(entity, str) or not entity.strip():
        raise QueryError("'entity' must be an entity id or exact name", field="entity", expected="a string")
    regime = body.get("regime", "ofac")
    if regime not in ("ofac", "eu"):
        raise QueryError(f"unknown regime {regime!r}", field="regime", expected="ofac, eu")
    verdict = ownership_of(request).check(entity, regime, _day(body.get("date")))
    return JSONResponse(verdict.to_dict())


@router.get(
    "/goods/{code}",
    summary="Goods code against the CHPL and EU 833/2014 annexes",
    responses={
        200: {"description": "verdict, tiers, annexes, reasons, coverage"},
        **error_responses(400, 401, 403),
    },
    response_class=JSONResponse,
    dependencies=[Depends(requires("screen"))],
)
async def goods_get(
    code: str = Path(..., max_length=40, examples=["8542.31"]),
    date_: str | None = Query(None, alias="date", max_length=10, description="YYYY-MM-DD; default today"),
) -> Response:
    """Which lists and annexes an HS/CN/TARIC code (4–10 digits) falls under, and what the data covers."""
    day = _day(date_)
    verdict, note = goods_verdict(code, day)
    return JSONResponse({"date": day.isoformat(), **verdict.to_dict(), **({"note": note} if note else {})})


@router.post(
    "/goods/check",
    openapi_extra=GOODS_BODY,
    summary="Several goods codes",
    responses={200: {"description": "one result per code"}, **error_responses(400, 401, 403)},
    response_class=JSONResponse,
    dependencies=[Depends(requires("screen"))],
)
async def goods_post(request: Request) -> Response:
    """Body: ``{"codes": ["8542.31", ...], "date": "YYYY-MM-DD"}``; a malformed code fails the request naming it."""
    body = await _object(request)
    codes = body.get("codes")
    limit = settings_of(request).max_queries_per_request
    if not isinstance(codes, list) or not codes or not all(isinstance(c, str) for c in codes):
        raise QueryError(
            "'codes' must be a non-empty list of strings", field="codes", expected="list of codes"
        )
    if len(codes) > limit:
        raise ApiError(400, "too_many_queries", f"{len(codes)} codes; the limit is {limit}", field="codes",
                       expected=f"at most {limit}")  # fmt: skip
    day = _day(body.get("date"))
    results = []
    for k, code in enumerate(codes):
        try:
            verdict, _note = goods_verdict(code, day)
        except QueryError as exc:
            raise QueryError(exc.message, field=f"codes.{k}", expected=exc.expected) from None
        results.append(verdict.to_dict())
    return JSONResponse({"date": day.isoformat(), "results": results})


@router.post(
    "/shipments/screen",
    openapi_extra=SHIPMENTS_BODY,
    summary="Screen shipments: parties, vessel, goods, route",
    responses={
        200: {"description": "one verdict per shipment, rejected ones with a reason"},
        **error_responses(400, 401, 403, 413, 503),
    },
    response_class=JSONResponse,
    dependencies=[Depends(requires("screen"))],
)
async def shipments_post(request: Request) -> Response:
    """Body: ``{"shipments": [{"shipment_id", "consignor", "consignee", "notify_party", "vessel_name",
    "vessel_imo", "goods_codes", "origin", "destination", "transit_countries"}, ...], "date": "YYYY-MM-DD"}``.

    Each shipment gets ``block``, ``review`` or ``clear`` with all its reasons;
    one that cannot be screened is listed under ``errors`` with its index.
    """
    body = await _object(request)
    shipments = body.get("shipments")
    limit = settings_of(request).max_queries_per_request
    if not isinstance(shipments, list) or not shipments:
        raise QueryError("'shipments' must be a non-empty list of objects", field="shipments",
                         expected="a list of shipment objects")  # fmt: skip
    if len(shipments) > limit:
        raise ApiError(400, "too_many_queries", f"{len(shipments)} shipments; the limit is {limit}",
                       field="shipments", expected=f"at most {limit}")  # fmt: skip
    snapshot = snapshot_of(request)
    screener = ShipmentScreener(snapshot.engine, ownership_of(request), on=_day(body.get("date")))
    rows = (
        (k, item, None) if isinstance(item, dict) else (k, None, "a shipment must be a JSON object")
        for k, item in enumerate(shipments)
    )
    results: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    for out in screen_rows(screener, rows):
        if isinstance(out, tuple):
            errors.append({"index": out[0], "reason": out[1]})
        else:
            data = out.to_dict()
            data["index"] = data.pop("row")
            results.append(data)
    return JSONResponse(
        {
            "results": results,
            "errors": errors,
            "counts": {"read": len(shipments), "screened": len(results), "rejected": len(errors)},
        }
    )
