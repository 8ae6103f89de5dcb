"""JSON routes of the analyst workflow: customers, screenings, alerts, audit, monitoring, webhooks.

The JSON twins of the UI's workflow pages, over ``app.state.workflow`` (a
``zaslon.workflow.Workflow`` sharing the API's store and serving snapshot).
Reading, registering customers and deciding alerts need a ``screen`` key;
the audit log, monitoring runs and webhooks need an ``admin`` key.  The
acting party written to the audit log is ``api_key:<name or id>``.  A stale
decision (someone decided first) is ``409 conflict``.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from starlette.responses import Response

from zaslon.engine import Engine
from zaslon.settings import Settings
from zaslon.store import ListStore
from zaslon.store.keys import ApiKey
from zaslon.web.api.deps import json_body
from zaslon.web.auth import requires
from zaslon.web.errors import ApiError, JSONResponse, error_responses
from zaslon.web.serving import Serving
from zaslon.workflow import Workflow
from zaslon.workflow.alerts import DECISIONS, STATUSES

router = APIRouter(tags=["Workflow"])

SCREEN = Depends(requires("screen"))  # the key record: its name is the actor in the audit log
ADMIN = Depends(requires("admin"))
MAX_PAGE = 500


class ServingHolder:
    """The API's serving snapshot seen as the workflow's engine holder."""

    def __init__(self, serving: Serving) -> None:
        self.serving = serving

    @property
    def engine(self) -> Engine:
        snapshot = self.serving.snapshot
        if snapshot is None:
            raise ApiError(
                503,
                "not_ready",
                "the index is still being built; retry shortly",
                headers={"Retry-After": "5"},
            )
        return snapshot.engine

    def refresh(self, _store: ListStore) -> bool:
        return self.serving.refresh()


def make_workflow(settings: Settings, store: ListStore, serving: Serving) -> Workflow:
    """The service ``create_app`` puts on ``app.state.workflow``: the API's database and snapshot."""
    return Workflow(settings.db_url, ServingHolder(serving), db=store.engine)


def _wf(request: Request) -> Workflow:
    workflow: Workflow = request.app.state.workflow
    return workflow


def _actor(key: ApiKey | None) -> str:
    return f"api_key:{key.name or key.id}" if key is not None else "api"


async def _object(request: Request) -> dict[str, Any]:
    body = await json_body(request)
    if not isinstance(body, dict):
        raise ApiError(
            400, "invalid_parameter", "the body must be a JSON object", field="body", expected="object"
        )
    return body


LIMIT = Query(50, ge=1, le=MAX_PAGE, description=f"1-{MAX_PAGE}")
OFFSET = Query(0, ge=0, le=10**9)
MAX_ID = 2**31 - 1  # ids are 32-bit integers in both databases

# -- customers -------------------------------------------------------------------------------

CUSTOMER_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["id", "properties"],
    "properties": {
        "id": {"type": "string", "description": "your customer id"},
        "schema": {"type": "string", "default": "LegalEntity", "examples": ["Person"]},
        "properties": {
            "type": "object",
            "examples": [{"name": ["Aliaksandr Lukashenka"], "birthDate": ["1954"]}],
        },
    },
}


@router.post(
    "/customers",
    summary="Register or update a customer for monitoring",
    openapi_extra={
        "requestBody": {"required": True, "content": {"application/json": {"schema": CUSTOMER_SCHEMA}}}
    },
    responses={200: {"description": "The customer as stored"}, **error_responses(400, 401, 403)},
    response_class=JSONResponse,
)
async def add_customer(request: Request, key: ApiKey | None = SCREEN) -> Response:
    body = await _object(request)
    external_id = body.get("id", body.get("external_id"))
    if not isinstance(external_id, (str, int)) or not str(external_id).strip():
        raise ApiError(400, "invalid_parameter", "a customer needs an 'id'", field="id", expected="a string")
    query = {"schema": body.get("schema", "LegalEntity"), "properties": body.get("properties", {})}
    customer = await run_in_threadpool(
        _wf(request).upsert_customer, str(external_id), query, actor=_actor(key)
    )
    return JSONResponse(customer.to_dict())


@router.get(
    "/customers",
    summary="Customers registered for monitoring",
    response_class=JSONResponse,
    responses=error_responses(400, 401, 403),
)
async def list_customers(
    request: Request, limit: int = LIMIT, offset: int = OFFSET, _key: ApiKey | None = SCREEN
) -> Response:
    found = await run_in_threadpool(_wf(request).customers, limit=limit, offset=offset)
    return JSONResponse({"customers": [c.to_dict() for c in found], "limit": limit, "offset": offset})


@router.post(
    "/customers/import",
    summary="Register or update customers from a CSV file",
    openapi_extra={
        "requestBody": {"required": True, "content": {"text/csv": {"schema": {"type": "string"}}}}
    },
    responses={
        200: {"description": "Created, updated, unchanged and rejected rows"},
        **error_responses(400, 401, 403, 413),
    },
    response_class=JSONResponse,
)
async def import_customers(
    request: Request,
    map: str = Query(
        ...,
        description="customer=COL,name=COL,dob=COL,country=COL,id=COL",
        examples=["customer=customer_id,name=name,dob=birth_date,country=country"],
    ),
    key: ApiKey | None = SCREEN,
) -> Response:
    raw = await request.body()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ApiError(
            400, "invalid_parameter", "the CSV is not UTF-8", field="body", expected="UTF-8 CSV"
        ) from None
    rows = list(csv.DictReader(io.StringIO(text)))
    result = await run_in_threadpool(_wf(request).import_customers, rows, map, actor=_actor(key))
    return JSONResponse(result.to_dict())


# -- screenings ----------------------------------------------------------------------------


@router.get(
    "/screenings",
    summary="Recorded screenings, newest first",
    response_class=JSONResponse,
    responses=error_responses(400, 401, 403),
)
async def list_screenings(
    request: Request,
    limit: int = LIMIT,
    offset: int = OFFSET,
    source: str | None = Query(None, description="api, cli, ui, batch, monitoring"),
    _key: ApiKey | None = SCREEN,
) -> Response:
    found = await run_in_threadpool(_wf(request).screenings, limit=limit, offset=offset, source=source)
    return JSONResponse({"screenings": [s.to_dict() for s in found], "limit": limit, "offset": offset})


@router.get(
    "/screenings/{screening_id}",
    summary="One recorded screening: query, list versions, every candidate",
    response_class=JSONResponse,
    responses=error_responses(401, 403, 404),
)
async def get_screening(
    request: Request, screening_id: int = Path(..., ge=1, le=MAX_ID), _key: ApiKey | None = SCREEN
) -> Response:
    return JSONResponse((await run_in_threadpool(_wf(request).screening, screening_id)).to_dict())


@router.post(
    "/screenings/{screening_id}/replay",
    summary="Re-run a screening against its recorded list versions",
    response_class=JSONResponse,
    responses=error_responses(401, 403, 404),
)
async def replay_screening(
    request: Request, screening_id: int = Path(..., ge=1, le=MAX_ID), _key: ApiKey | None = SCREEN
) -> Response:
    replay = await run_in_threadpool(_wf(request).replay, screening_id)
    return JSONResponse({**replay.to_dict(), "hits": replay.hits})


# -- alerts ----------------------------------------------------------------------------------


@router.get(
    "/alerts",
    summary="Alerts, newest first, with filters",
    response_class=JSONResponse,
    responses=error_responses(400, 401, 403),
)
async def list_alerts(
    request: Request,
    status: str | None = Query(None, description=", ".join(STATUSES)),
    customer: str | None = Query(None, description="a customer id"),
    entity: str | None = Query(None, description="a listed entity id"),
    limit: int = LIMIT,
    offset: int = OFFSET,
    _key: ApiKey | None = SCREEN,
) -> Response:
    found = await run_in_threadpool(
        lambda: _wf(request).alerts(
            status=status or None,
            customer=customer or None,
            entity=entity or None,
            limit=limit,
            offset=offset,
        )
    )
    return JSONResponse({"alerts": [a.to_dict() for a in found], "limit": limit, "offset": offset})


@router.get(
    "/alerts/{alert_id}",
    summary="One alert: customer, listed entity, explanation, provenance, history",
    response_class=JSONResponse,
    responses=error_responses(401, 403, 404),
)
async def get_alert(
    request: Request, alert_id: int = Path(..., ge=1, le=MAX_ID), _key: ApiKey | None = SCREEN
) -> Response:
    return JSONResponse((await run_in_threadpool(_wf(request).alert, alert_id)).to_dict())


DECISION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["decision", "reason", "version"],
    "properties": {
        "decision": {"type": "string", "enum": list(DECISIONS)},
        "reason": {"type": "string"},
        "version": {"type": "integer", "description": "the alert version you reviewed"},
    },
}


@router.post(
    "/alerts/{alert_id}/decision",
    summary="Decide an alert (409 if someone decided first)",
    openapi_extra={
        "requestBody": {"required": True, "content": {"application/json": {"schema": DECISION_SCHEMA}}}
    },
    responses={
        200: {"description": "The alert after the decision"},
        **error_responses(400, 401, 403, 404, 409),
    },
    response_class=JSONResponse,
)
async def decide(
    request: Request, alert_id: int = Path(..., ge=1, le=MAX_ID), key: ApiKey | None = SCREEN
) -> Response:
    body = await _object(request)
    decision, reason, version = body.get("decision"), body.get("reason"), body.get("version")
    if not isinstance(decision, str):
        raise ApiError(
            400,
            "invalid_parameter",
            "decision must be a string",
            field="decision",
            expected=", ".join(DECISIONS),
        )
    if not isinstance(reason, str):
        raise ApiError(400, "invalid_parameter", "reason must be a string", field="reason", expected="a text")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ApiError(
            400,
            "invalid_parameter",
            "version must be the alert version you reviewed",
            field="version",
            expected="an integer",
        )
    alert = await run_in_threadpool(
        lambda: _wf(request).decide(alert_id, decision, reason, actor=_actor(key), version=version)
    )
    return JSONResponse(alert.to_dict())


# -- audit, monitoring, webhooks (admin) -------------------------------------------------------


@router.get(
    "/audit",
    summary="The audit log, newest first",
    response_class=JSONResponse,
    responses=error_responses(400, 401, 403),
)
async def list_audit(
    request: Request,
    limit: int = LIMIT,
    offset: int = OFFSET,
    target: str | None = Query(None, description="e.g. alert:12"),
    _key: ApiKey | None = ADMIN,
) -> Response:
    found = await run_in_threadpool(_wf(request).audit, limit=limit, offset=offset, target=target or None)
    return JSONResponse({"entries": [e.to_dict() for e in found], "limit": limit, "offset": offset})


@router.get(
    "/audit/verify",
    summary="Check the audit log's hash chain",
    response_class=JSONResponse,
    responses=error_responses(401, 403),
)
async def verify_audit(request: Request, _key: ApiKey | None = ADMIN) -> Response:
    check = await run_in_threadpool(_wf(request).verify_audit)
    return JSONResponse(check.to_dict())


@router.post(
    "/monitor/run",
    summary="Re-screen what changed since the last run and raise alerts",
    response_class=JSONResponse,
    responses=error_responses(400, 401, 403, 503),
)
async def monitor_run(
    request: Request,
    full: bool = Query(False, description="re-screen everything"),
    key: ApiKey | None = ADMIN,
) -> Response:
    done = await run_in_threadpool(lambda: _wf(request).monitor(actor=_actor(key), full=full))
    return JSONResponse(done.to_dict())


WEBHOOK_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["url", "secret"],
    "properties": {"url": {"type": "string"}, "secret": {"type": "string", "minLength": 16}},
}


@router.post(
    "/webhooks",
    summary="Announce new alerts to a URL (HMAC-SHA256 signed)",
    openapi_extra={
        "requestBody": {"required": True, "content": {"application/json": {"schema": WEBHOOK_SCHEMA}}}
    },
    responses={200: {"description": "The webhook"}, **error_responses(400, 401, 403)},
    response_class=JSONResponse,
)
async def add_webhook(request: Request, key: ApiKey | None = ADMIN) -> Response:
    body = await _object(request)
    url, secret = body.get("url"), body.get("secret")
    for name, value in (("url", url), ("secret", secret)):
        if not isinstance(value, str):
            raise ApiError(
                400, "invalid_parameter", f"{name} must be a string", field=name, expected="a string"
            )
    assert isinstance(url, str) and isinstance(secret, str)
    hook = await run_in_threadpool(lambda: _wf(request).add_webhook(url, secret, actor=_actor(key)))
    return JSONResponse(hook.to_dict())


@router.get("/webhooks", summary="Webhooks", response_class=JSONResponse, responses=error_responses(401, 403))
async def list_webhooks(request: Request, _key: ApiKey | None = ADMIN) -> Response:
    found = await run_in_threadpool(_wf(request).webhooks)
    return JSONResponse({"webhooks": [w.to_dict() for w in found]})


@router.get(
    "/webhooks/deliveries",
    summary="The webhook delivery log",
    response_class=JSONResponse,
    responses=error_responses(400, 401, 403),
)
async def list_deliveries(request: Request, limit: int = LIMIT, _key: ApiKey | None = ADMIN) -> Response:
    found = await run_in_threadpool(_wf(request).deliveries, limit=limit)
    return JSONResponse({"deliveries": [d.to_dict() for d in found]})
