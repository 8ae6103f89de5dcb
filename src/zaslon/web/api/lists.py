"""``GET /lists/{dataset}/versions`` and ``/lists/{dataset}/diff``: a list's versions and
what changed between two of them (the JSON twins of the UI's list page)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from starlette.responses import Response

from zaslon.web.api.deps import store_of
from zaslon.web.auth import requires
from zaslon.web.errors import ApiError, JSONResponse, error_responses

router = APIRouter(tags=["Catalog"])

PATH_LIST = Path(
    ..., max_length=100, description="A list's dataset name (see `/catalog`)", examples=["un_sc"]
)


@router.get(
    "/lists/{dataset}/versions",
    summary="Every version of one list, newest first",
    responses={200: {"description": "The list's versions"}, **error_responses(401, 403, 404)},
    response_class=JSONResponse,
    dependencies=[Depends(requires("screen"))],
)
async def versions(request: Request, dataset: str = PATH_LIST) -> Response:
    found = await run_in_threadpool(store_of(request).versions, dataset)
    if not found:
        raise ApiError(404, "not_found", f"no list {dataset!r} is loaded", field="dataset")
    return JSONResponse({"dataset": dataset, "versions": [v.to_dict() for v in found]})


@router.get(
    "/lists/{dataset}/diff",
    summary="Entities added, removed and changed between two versions of a list",
    responses={
        200: {"description": "The changes; by default between the two latest versions"},
        **error_responses(400, 401, 403, 404),
    },
    response_class=JSONResponse,
    dependencies=[Depends(requires("screen"))],
)
async def diff(
    request: Request,
    dataset: str = PATH_LIST,
    old: int | None = Query(
        None, ge=1, le=2**31 - 1, description="Older version id (default: the one before `new`)"
    ),
    new: int | None = Query(
        None, ge=1, le=2**31 - 1, description="Newer version id (default: the current one)"
    ),
) -> Response:
    result = await run_in_threadpool(store_of(request).diff, dataset, old, new)
    return JSONResponse(result.to_dict())
