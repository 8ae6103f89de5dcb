"""``GET /algorithms``: the scoring algorithm, its threshold and its features (yente's shape)."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from starlette.responses import Response

from zaslon.core.match import logic
from zaslon.web.api.match import YENTE_ALGORITHMS, matcher_json
from zaslon.web.auth import requires
from zaslon.web.errors import JSONResponse, error_responses

router = APIRouter(tags=["Matching"])


@router.get(
    "/algorithms",
    summary="Scoring algorithms and their features",
    responses={200: {"description": "The algorithms /match accepts"}, **error_responses(401, 403)},
    response_class=JSONResponse,
    dependencies=[Depends(requires("screen"))],
)
async def algorithms() -> Response:
    algo = matcher_json(None)
    algo["description"] = logic.info().description
    return JSONResponse(
        {
            "algorithms": [algo],
            "default": logic.NAME,
            "best": logic.NAME,
            "aliases": {name: logic.NAME for name in YENTE_ALGORITHMS},
        }
    )
