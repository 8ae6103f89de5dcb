"""``POST /match/{dataset}``: yente's query-by-example matcher, request and response alike.

A body copied from yente's documentation works unchanged:
``{"queries": {"q1": {"schema": "Person", "properties": {"name": [...]}}}}``.
yente's algorithm names (``logic-v1``, ``logic-v2``, ``best``...) are accepted
and answered by zaslon's one algorithm, which the response names.  yente's
``weights`` and ``config`` are accepted and ignored (zaslon's weights are
calibrated, see ``/algorithms``).  Every query is validated before any is
screened: one bad query fails the request with 400 naming its field.
"""

from __future__ import annotations

import copy
import functools
from typing import Any

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from zaslon.core.match import logic
from zaslon.core.model.query import query_from_ftm
from zaslon.core.model.schema import SCHEMATA
from zaslon.exc import QueryError
from zaslon.ownership import has_ownership_data, merge_hits
from zaslon.web.api import params
from zaslon.web.api.circumvention import ownership_of
from zaslon.web.api.deps import (
    PATH_DATASET,
    check_datasets,
    dataset_filter,
    json_body,
    parse_since,
    settings_of,
    snapshot_of,
)
from zaslon.web.api.results import hit_json
from zaslon.web.auth import requires
from zaslon.web.errors import ApiError, JSONResponse, error_responses

router = APIRouter(tags=["Matching"])

MAX_LIMIT = 500
DEFAULT_LIMIT = 5
DEFAULT_CUTOFF = 0.5
# yente's algorithm names; zaslon answers all of them with its own algorithm
YENTE_ALGORITHMS = ("best", "default", "logic-v1", "logic-v2", "regression-v1", "regression-v2",
                    "name-based", "name-qualified")  # fmt: skip

_VALUES = {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
EXAMPLE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["schema", "properties"],
    "properties": {
        "id": {"type": ["string", "null"], "description": "your own key for this query (echoed back)"},
        "schema": {"type": "string", "examples": ["Person"], "description": "FtM schema: Person, Company..."},
        "properties": {
            "type": "object",
            "additionalProperties": _VALUES,
            "examples": [{"name": ["John Doe"], "birthDate": ["1975-04-21"], "nationality": ["us"]}],
        },
    },
}
BODY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["queries"],
    "properties": {
        "queries": {"type": "object", "additionalProperties": EXAMPLE_SCHEMA},
        "weights": {"type": "object", "additionalProperties": {"type": "number"}, "description": "ignored"},
        "config": {"type": "object", "description": "ignored"},
    },
    "example": {
        "queries": {
            "entity1": {
                "schema": "Person",
                "properties": {"name": ["John Doe"], "birthDate": ["1975-04-21"], "nationality": ["us"]},
            },
            "entity2": {
                "schema": "Company",
                "properties": {
                    "name": ["Brilliant Amazing Limited"],
                    "jurisdiction": ["hk"],
                    "registrationNumber": ["84BA99810"],
                },
            },
        }
    },
}


def algorithm_name(requested: str) -> tuple[str, str | None]:
    """zaslon's algorithm for a requested name, and a note when it was a yente name."""
    if requested == logic.NAME:
        return logic.NAME, None
    if requested in YENTE_ALGORITHMS:
        return logic.NAME, f"yente algorithm {requested!r} is answered by {logic.NAME}"
    raise ApiError(400, "invalid_parameter", f"unknown algorithm {requested!r}", field="algorithm",
                   expected=", ".join((logic.NAME, *YENTE_ALGORITHMS)))  # fmt: skip


@functools.cache
def _matcher(note: str | None) -> dict[str, Any]:
    return _matcher_json(note)


def matcher_json(note: str | None) -> dict[str, Any]:
    """The ``matcher`` part of a response (a fresh copy: callers may change it)."""
    return copy.deepcopy(_matcher(note))


def _matcher_json(note: str | None) -> dict[str, Any]:
    algo = logic.info()
    data: dict[str, Any] = {
        "name": algo.name,
        "description": algo.description.split("\n\n")[0],
        "threshold": algo.threshold,
        "features": {
            name: {"description": text, "coefficient": None} for name, text in algo.features.items()
        },
    }
    if note:
        data["note"] = note
    return data


_LIST = {"type": "array", "items": {"type": "string"}, "default": []}
PARAMETERS = [
    params.doc(
        "limit",
        "Results per query",
        {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
    ),
    params.doc(
        "threshold",
        "Score from which a result is a match (default: the algorithm's)",
        {"type": "number", "minimum": 0, "maximum": 1},
    ),
    params.doc(
        "cutoff",
        "Score under which a result is left out",
        {"type": "number", "minimum": 0, "maximum": 1, "default": DEFAULT_CUTOFF},
    ),
    params.doc(
        "algorithm",
        "zaslon-v1; yente's names are accepted",
        {"type": "string", "maxLength": 50, "default": logic.NAME},
    ),
    params.doc("include_dataset", "Only results from these datasets", _LIST),
    params.doc("exclude_dataset", "No results from these datasets", _LIST),
    params.doc("exclude_schema", "No results of these schemata", _LIST),
    params.doc("exclude_entity_ids", "No results with these ids", _LIST),
    params.doc(
        "changed_since",
        "Only entities of list versions loaded since this date",
        {"type": "string", "maxLength": 40},
    ),
]


@router.post(
    "/match/{dataset}",
    summary="Query by example matcher (yente-compatible)",
    openapi_extra={
        "requestBody": {"required": True, "content": {"application/json": {"schema": BODY_SCHEMA}}},
        "parameters": PARAMETERS,
    },
    responses={
        200: {"description": "One response per query key"},
        **error_responses(400, 401, 403, 404, 413, 503),
    },
    response_class=JSONResponse,
    dependencies=[Depends(requires("screen"))],
)
async def match(request: Request, dataset: str = PATH_DATASET) -> Response:
    """Screen a batch of parties, each given like an FtM entity, against the lists.

    Each result carries the listed entity's properties, a score in [0, 1], the
    match decision at `threshold`, each feature's contribution, and an
    explanation of which query name met which listed name and how.
    """
    qp = request.query_params
    limit = params.integer(qp, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    threshold = params.number(qp, "threshold", None, 0, 1)
    cutoff = params.number(qp, "cutoff", DEFAULT_CUTOFF, 0, 1) or 0.0
    algorithm = params.text(qp, "algorithm", logic.NAME, 50) or logic.NAME
    include_dataset = params.strings(qp, "include_dataset")
    exclude_dataset = params.strings(qp, "exclude_dataset")
    exclude_schema = params.strings(qp, "exclude_schema")
    exclude_entity_ids = params.strings(qp, "exclude_entity_ids")
    changed_since = params.text(qp, "changed_since", None, 40)
    snapshot = snapshot_of(request)
    settings = settings_of(request)
    datasets = dataset_filter(snapshot, dataset)
    _, note = algorithm_name(algorithm)
    since = parse_since(changed_since)
    check_datasets(snapshot, include_dataset, "include_dataset")
    check_datasets(snapshot, exclude_dataset, "exclude_dataset")
    for schema in exclude_schema:
        if schema not in SCHEMATA:
            raise ApiError(400, "invalid_parameter", f"unknown schema {schema!r}", field="exclude_schema",
                           expected=", ".join(sorted(SCHEMATA)))  # fmt: skip
    if include_dataset:
        datasets = set(include_dataset) if datasets is None else datasets & set(include_dataset)
    if since is not None:
        fresh = {d for d, v in snapshot.versions.items() if v.loaded_at >= since}
        datasets = fresh if datasets is None else datasets & fresh
    cut = threshold if threshold is not None else settings.threshold
    cut = snapshot.engine.threshold if cut is None else cut

    body = await json_body(request)
    if not isinstance(body, dict):
        raise ApiError(400, "invalid_query", "the body must be an object with 'queries'", field="body",
                       expected='{"queries": {"<key>": {"schema": ..., "properties": {...}}}}')  # fmt: skip
    examples = body.get("queries")
    if not isinstance(examples, dict):
        raise ApiError(400, "invalid_query", "'queries' must be an object of query examples by key",
                       field="queries", expected='{"<key>": {"schema": ..., "properties": {...}}}')  # fmt: skip
    if not examples:
        raise ApiError(
            400, "invalid_query", "no queries given", field="queries", expected="at least one query"
        )
    if len(examples) > settings.max_queries_per_request:
        raise ApiError(400, "too_many_queries",
                       f"{len(examples)} queries in one request; the limit is {settings.max_queries_per_request}",
                       field="queries", expected=f"at most {settings.max_queries_per_request} queries")  # fmt: skip
    parsed = []
    for key, example in examples.items():
        if not isinstance(example, dict):
            raise QueryError("a query must be an object with 'schema' and 'properties'", field=f"queries.{key}",
                             expected='{"schema": "Person", "properties": {"name": [...]}}')  # fmt: skip
        try:
            parsed.append((key, example, query_from_ftm(example, field_prefix=f"queries.{key}.")))
        except QueryError:
            raise
        except (TypeError, ValueError, AttributeError) as exc:  # a shape query_from_ftm did not foresee
            raise QueryError(f"cannot read query {key!r}: {exc}", field=f"queries.{key}") from None

    engine = snapshot.engine
    responses: dict[str, Any] = {}
    for key, example, query in parsed:
        if datasets is not None and not datasets:
            hits = []
        else:
            hits = engine.screen(
                query,
                limit=limit,
                threshold=cut,
                datasets=datasets,
                exclude_datasets=exclude_dataset,
                exclude_schemata=exclude_schema,
                exclude_ids=exclude_entity_ids,
            )
            if datasets is None and has_ownership_data(snapshot.versions):
                # unlisted companies blocked through their owners: hits of kind "ownership"
                found = ownership_of(request).hits(query, limit=limit, threshold=cut)
                hits = merge_hits(hits, [h for h in found if h.entity_id not in exclude_entity_ids], limit)
        results = [hit_json(snapshot, h) for h in hits if h.score >= min(cutoff, cut)]
        props = example.get("properties") or {}
        responses[key] = {
            "status": 200,
            "results": results,
            "total": {"value": len(results), "relation": "eq"},
            "query": {
                "id": example.get("id"),
                "schema": example.get("schema", query.schema),
                "properties": {k: ([v] if isinstance(v, str) else v) for k, v in props.items()},
            },
        }
    request.app.state.metrics.queries.inc(len(parsed))
    headers = {"x-batch-size": str(len(responses)), "x-zaslon-generation": str(snapshot.generation)}
    if note:
        headers["x-zaslon-note"] = note
    return JSONResponse({"responses": responses, "matcher": _matcher(note), "limit": limit}, headers=headers)
