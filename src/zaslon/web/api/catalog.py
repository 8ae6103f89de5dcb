"""``GET /catalog``: the lists loaded, their versions, counts, and what is being served."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from starlette.responses import Response

from zaslon.store import ListStore
from zaslon.web.api.deps import serving_of, store_of
from zaslon.web.auth import requires
from zaslon.web.errors import JSONResponse, error_responses
from zaslon.web.serving import Serving

router = APIRouter(tags=["Catalog"])


def catalog_json(store: ListStore, serving: Serving) -> dict[str, Any]:
    snapshot = serving.snapshot
    served = {d: v.id for d, v in snapshot.versions.items()} if snapshot else {}
    datasets = []
    for version in store.current():
        item = version.to_dict()
        item["name"] = version.dataset
        item["versions"] = len(store.versions(version.dataset))
        item["index_current"] = served.get(version.dataset) == version.id
        datasets.append(item)
    loaded = [v["loaded_at"] for v in datasets]
    return {
        "datasets": datasets,
        "current": [d["name"] for d in datasets if d["index_current"]],
        "outdated": [d["name"] for d in datasets if not d["index_current"]],
        "index_stale": any(not d["index_current"] for d in datasets),
        "last_update": max(loaded) if loaded else None,
        "generation": store.generation(),
        "index": {
            "generation": snapshot.generation if snapshot else None,
            "entities": snapshot.engine.size if snapshot else 0,
            "build_seconds": round(snapshot.engine.build_seconds, 2) if snapshot else None,
            "built_at": snapshot.built_at.isoformat() if snapshot else None,
        },
    }


@router.get(
    "/catalog",
    summary="Lists, versions, counts and last update",
    responses={200: {"description": "One item per loaded list"}, **error_responses(401, 403)},
    response_class=JSONResponse,
    dependencies=[Depends(requires("screen"))],
)
async def catalog(request: Request) -> Response:
    return JSONResponse(await run_in_threadpool(catalog_json, store_of(request), serving_of(request)))
