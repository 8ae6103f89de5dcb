"""UI pages of the lists: every dataset with its current version and last update, and
for one dataset its versions and what changed between two of them (``ListStore.diff``).

JSON twins: ``/catalog`` for the overview, ``/lists/{dataset}/versions`` and
``/lists/{dataset}/diff`` (``web/api/lists.py``) for one list.
"""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from starlette.responses import Response

from zaslon.web.api.catalog import catalog_json
from zaslon.web.api.deps import serving_of, store_of
from zaslon.web.sessions import Session
from zaslon.web.ui.pages import LOGIN, PREFIX, PageError, render, url

router = APIRouter(prefix=PREFIX, include_in_schema=False)

DIFF_ROWS = 200  # entities shown per kind of change; the JSON twin has them all


@router.get("/lists", response_model=None)
async def lists(request: Request, session: Session = LOGIN) -> Response:
    catalog = await run_in_threadpool(catalog_json, store_of(request), serving_of(request))
    return render(request, "lists.html", page="lists", title="Lists", json_url="/catalog", catalog=catalog)


@router.get("/lists/{dataset}", response_model=None)
async def list_detail(
    request: Request,
    dataset: str,
    session: Session = LOGIN,
    old: int | None = Query(None, ge=1),
    new: int | None = Query(None, ge=1),
) -> Response:
    store = store_of(request)
    versions = await run_in_threadpool(store.versions, dataset)
    if not versions:
        raise PageError(404, "Not found", f"No list {dataset!r} is loaded.")
    diff = await run_in_threadpool(store.diff, dataset, old, new)
    json_url = url(f"/lists/{dataset}/diff", {"old": old, "new": new})
    return render(request, "list.html", page="lists", title=dataset, json_url=json_url, dataset=dataset,
                  versions=versions, diff=diff, limit=DIFF_ROWS,
                  versions_json=f"/lists/{dataset}/versions")  # fmt: skip
