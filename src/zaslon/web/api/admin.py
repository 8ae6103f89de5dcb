"""Admin routes: update the lists and swap the new index in while requests continue.

``POST /admin/update`` downloads the lists from their official addresses (or
loads a file or folder on the server given as ``path``), then rebuilds the
index off to the side and swaps it in (see ``serving``).  ``POST /admin/reload``
only picks up versions loaded by other means (``zaslon lists load`` or
``update``).  Both need an ``admin`` key.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from starlette.responses import Response

from zaslon.lists import LoadOutcome, load_path, update_lists
from zaslon.web.api.deps import json_body, serving_of, settings_of, store_of
from zaslon.web.auth import requires
from zaslon.web.errors import ApiError, JSONResponse, error_responses
from zaslon.web.serving import Serving

router = APIRouter(prefix="/admin", tags=["Admin"])

UPDATE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "datasets": {"type": "array", "items": {"type": "string"}, "description": "default: every list"},
        "path": {
            "type": "string",
            "description": "a list file or folder on the server, instead of downloading",
        },
        "dataset": {"type": "string", "description": "the dataset a `path` is loaded as"},
        "force": {"type": "boolean", "default": False},
    },
}


def _outcome_json(outcome: LoadOutcome) -> dict[str, Any]:
    return {
        "dataset": outcome.dataset,
        "status": outcome.status,
        "version": outcome.version.to_dict() if outcome.version else None,
        "reason": outcome.reason or None,
        "warnings": len(outcome.warnings),
    }


def _swap_json(serving: Serving, swapped: bool) -> dict[str, Any]:
    snapshot = serving.snapshot
    return {
        "swapped": swapped,
        "generation": snapshot.generation if snapshot else None,
        "entities": snapshot.engine.size if snapshot else 0,
        "build_seconds": round(snapshot.engine.build_seconds, 2) if snapshot else None,
    }


def _strings(value: Any, field: str) -> list[str] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ApiError(400, "invalid_parameter", "must be a list of dataset names", field=field,
                       expected="list of strings")  # fmt: skip
    return value


@router.post(
    "/update",
    summary="Update the lists and swap the new index in",
    openapi_extra={
        "requestBody": {"required": False, "content": {"application/json": {"schema": UPDATE_SCHEMA}}}
    },
    responses={
        200: {"description": "What happened to each list, and the swap"},
        **error_responses(400, 401, 403, 413),
    },
    response_class=JSONResponse,
    dependencies=[Depends(requires("admin"))],
)
async def update(request: Request) -> Response:
    body = await json_body(request, required=False)
    if body is None:
        body = {}
    if not isinstance(body, dict):
        raise ApiError(
            400, "invalid_parameter", "the body must be a JSON object", field="body", expected="object"
        )
    datasets = _strings(body.get("datasets"), "datasets")
    path, dataset, force = body.get("path"), body.get("dataset"), body.get("force", False)
    for name, value, kind in (("path", path, str), ("dataset", dataset, str), ("force", force, bool)):
        if value is not None and not isinstance(value, kind):
            raise ApiError(400, "invalid_parameter", f"{name} must be a {kind.__name__}", field=name,
                           expected=kind.__name__)  # fmt: skip
    store, serving = store_of(request), serving_of(request)

    def work() -> dict[str, Any]:
        if path:
            outcomes = [load_path(store, path, dataset=dataset, force=bool(force))]
        else:
            outcomes = update_lists(store, settings_of(request), datasets=datasets)
        swapped = serving.refresh()
        return {"lists": [_outcome_json(o) for o in outcomes], **_swap_json(serving, swapped)}

    return JSONResponse(await run_in_threadpool(work))


@router.post(
    "/reload",
    summary="Swap in list versions loaded from the CLI",
    responses={200: {"description": "Whether a new index was swapped in"}, **error_responses(401, 403)},
    response_class=JSONResponse,
    dependencies=[Depends(requires("admin"))],
)
async def reload(
    request: Request, force: bool = Query(False, description="Rebuild even if nothing changed")
) -> Response:
    serving = serving_of(request)
    swapped = await run_in_threadpool(lambda: serving.refresh(force=force))
    return JSONResponse(_swap_json(serving, swapped))
