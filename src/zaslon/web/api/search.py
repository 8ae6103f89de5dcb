"""``GET /search/{dataset}``: free-text search over listed names, filtered and paged.

The text is screened as the name of a ``Thing`` (or of ``schema``) with a low
floor, so a partial or misspelt name still finds its candidates; countries,
schema and datasets then filter, and ``offset``/``limit`` page.  The answer is
yente's ``SearchResponse`` (results, facets, limit, offset, total).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from zaslon.core.model.countries import to_code
from zaslon.core.model.query import Query as ScreenQuery
from zaslon.core.model.schema import PARENTS, SCHEMATA, THING
from zaslon.web.api.deps import PATH_DATASET, check_datasets, dataset_filter, snapshot_of
from zaslon.web.api.results import hit_json
from zaslon.web.auth import requires
from zaslon.web.errors import ApiError, JSONResponse, error_responses

router = APIRouter(tags=["Search"])

MIN_SCORE = 0.3  # a search shows weaker candidates than a screen would call matches
MAX_WINDOW = 500  # offset + limit


def _countries(values: list[str]) -> set[str]:
    codes = set()
    for value in values:
        code = value.lower() if len(value) == 2 and value.isalpha() else to_code(value)
        if not code:
            raise ApiError(400, "invalid_parameter", f"unknown country {value!r}", field="countries",
                           expected="an ISO 3166 alpha-2 code or a country name")  # fmt: skip
        codes.add(code)
    return codes


@router.get(
    "/search/{dataset}",
    summary="Free-text search by name",
    responses={
        200: {"description": "Matching entities, best first"},
        **error_responses(400, 401, 403, 404, 503),
    },
    response_class=JSONResponse,
    dependencies=[Depends(requires("screen"))],
)
async def search(
    request: Request,
    dataset: str = PATH_DATASET,
    q: str = Query(..., min_length=1, max_length=500, description="Name or part of a name"),
    schema: str | None = Query(None, max_length=50, description="Only this schema and its descendants"),
    countries: list[str] = Query([], description="Only entities linked to these countries"),  # noqa: B008
    datasets: list[str] = Query([], description="Only these datasets"),  # noqa: B008
    limit: int = Query(10, ge=1, le=100),
    offset: int = Query(0, ge=0, le=MAX_WINDOW - 1),
) -> Response:
    snapshot = snapshot_of(request)
    scope = dataset_filter(snapshot, dataset)
    check_datasets(snapshot, datasets, "datasets")
    if datasets:
        scope = set(datasets) if scope is None else scope & set(datasets)
    if schema is not None and schema not in SCHEMATA:
        raise ApiError(400, "invalid_parameter", f"unknown schema {schema!r}", field="schema",
                       expected=", ".join(sorted(SCHEMATA)))  # fmt: skip
    wanted = _countries(countries)
    engine = snapshot.engine
    window = min(MAX_WINDOW, offset + limit)
    hits = []
    if q.strip() and (scope is None or scope):
        query = ScreenQuery(names=[q.strip()], schema=THING)
        found = engine.screen(query, limit=window * (3 if wanted or schema else 1), threshold=1.0,
                              datasets=scope)  # fmt: skip
        for hit in found:
            if hit.score < MIN_SCORE:
                continue
            if schema and hit.schema != schema and schema not in PARENTS.get(hit.schema, ()):
                continue
            if wanted:
                number = engine.index.by_id.get(hit.entity_id)
                held = set(engine.index.entities[number].countries) if number is not None else set()
                if not held & wanted:
                    continue
            hits.append(hit)
    page = hits[offset : offset + limit]
    results = []
    for hit in page:
        item = hit_json(snapshot, hit)
        # a search has no match decision to make
        for key in ("match", "features", "explanations"):
            item.pop(key)
        results.append(item)
    facets: dict[str, Any] = {
        "schema": _facet("Types", Counter(h.schema for h in hits)),
        "datasets": _facet("Data sources", Counter(d for h in hits for d in h.datasets)),
    }
    return JSONResponse(
        {
            "results": results,
            "facets": facets,
            "limit": limit,
            "offset": offset,
            "total": {"value": len(hits), "relation": "eq" if len(hits) < window else "gte"},
        }
    )


def _facet(label: str, counts: Counter[str]) -> dict[str, Any]:
    return {"label": label, "values": [{"name": k, "label": k, "count": n} for k, n in counts.most_common()]}
