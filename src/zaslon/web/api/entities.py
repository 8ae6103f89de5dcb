"""``GET /entities/{id}``: one listed entity with its provenance and list version."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Path, Request
from fastapi.concurrency import run_in_threadpool
from starlette.responses import Response

from zaslon.web.api.deps import serving_of, store_of
from zaslon.web.api.results import entity_json
from zaslon.web.auth import requires
from zaslon.web.errors import ApiError, JSONResponse, error_responses

router = APIRouter(tags=["Entities"])


@router.get(
    "/entities/{entity_id}",
    summary="One entity, with provenance",
    responses={
        200: {"description": "The entity as it is in the current list version"},
        **error_responses(401, 403, 404),
    },
    response_class=JSONResponse,
    dependencies=[Depends(requires("screen"))],
)
async def entity(
    request: Request, entity_id: str = Path(..., max_length=200, examples=["us_ofac_sdn-10481"])
) -> Response:
    """The entity as the current version of its list has it (from the store, not the index)."""
    found = await run_in_threadpool(store_of(request).entity_with_version, entity_id)
    if found is None:
        raise ApiError(404, "not_found", f"no entity {entity_id!r} in the current lists", field="entity_id")
    entity, version = found
    # the party is the serving index's; before the first index is built there is none to name
    snapshot = serving_of(request).snapshot
    referents = snapshot.engine.referents(entity.id) if snapshot is not None else []
    return JSONResponse(entity_json(entity, version, referents))
