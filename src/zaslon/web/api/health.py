"""``/healthz`` (the process answers), ``/readyz`` (the index is loaded), ``/metrics`` (Prometheus)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from zaslon.web.api.deps import serving_of
from zaslon.web.auth import requires
from zaslon.web.errors import JSONResponse, error_response, error_responses
from zaslon.web.metrics import CONTENT_TYPE, Metrics

router = APIRouter(tags=["System"])


@router.get("/healthz", summary="Liveness", response_class=JSONResponse,
            responses={200: {"description": "The process is up"}})  # fmt: skip
async def healthz() -> Response:
    return JSONResponse({"status": "ok"})


@router.get(
    "/readyz",
    summary="Readiness: the index is loaded",
    response_class=JSONResponse,
    responses={200: {"description": "Ready to screen"}, **error_responses(503)},
)
async def readyz(request: Request) -> Response:
    serving = serving_of(request)
    snapshot = serving.snapshot
    if snapshot is None:
        reason = f"; last error: {serving.last_error}" if serving.last_error else ""
        return error_response(503, "not_ready", f"the index is still being built{reason}",
                              headers={"Retry-After": "5"})  # fmt: skip
    return JSONResponse(
        {
            "status": "ok",
            "generation": snapshot.generation,
            "entities": snapshot.engine.size,
            "datasets": sorted(snapshot.versions),
        }
    )


@router.get(
    "/metrics",
    summary="Prometheus metrics",
    responses={
        200: {"description": "Prometheus text format", "content": {"text/plain": {}}},
        **error_responses(401, 403),
    },
    dependencies=[Depends(requires("screen"))],
)
async def metrics(request: Request) -> Response:
    collected: Metrics = request.app.state.metrics
    return Response(collected.render(), media_type=CONTENT_TYPE)
