"""Query parameters read by hand for the hot route, with their OpenAPI description.

FastAPI's per-parameter validation costs about as much as a screen itself on
``/match`` (ten parameters, four of them lists); reading ``request.query_params``
directly keeps the route's overhead small.  Each parser raises the one error
shape naming the parameter, and ``doc`` describes it for the OpenAPI document
exactly as FastAPI would.
"""

from __future__ import annotations

import math
from typing import Any

from starlette.datastructures import QueryParams

from zaslon.web.errors import ApiError


def _bad(name: str, message: str, expected: str) -> ApiError:
    return ApiError(400, "invalid_parameter", f"{name}: {message}", field=name, expected=expected)


def integer(params: QueryParams, name: str, default: int, low: int, high: int) -> int:
    raw = params.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise _bad(name, f"not an integer (got {raw[:50]!r})", "integer") from None
    if not low <= value <= high:
        raise _bad(name, f"{value} is out of range", f">= {low} and <= {high}")
    return value


def number(params: QueryParams, name: str, default: float | None, low: float, high: float) -> float | None:
    raw = params.get(name)
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise _bad(name, f"not a number (got {raw[:50]!r})", "number") from None
    if math.isnan(value) or not low <= value <= high:
        raise _bad(name, f"{raw[:50]} is out of range", f">= {low} and <= {high}")
    return value


def text(params: QueryParams, name: str, default: str | None, max_length: int) -> str | None:
    value = params.get(name, default)
    if value is not None and len(value) > max_length:
        raise _bad(name, "too long", f"at most {max_length} characters")
    return value


def strings(params: QueryParams, name: str, max_items: int = 1000) -> list[str]:
    values = params.getlist(name)
    if len(values) > max_items:
        raise _bad(name, f"{len(values)} values given", f"at most {max_items} values")
    return values


def doc(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    """One query parameter for ``openapi_extra["parameters"]``."""
    param: dict[str, Any] = {"name": name, "in": "query", "required": False, "description": description,
                             "schema": schema}  # fmt: skip
    if schema.get("type") == "array":
        param["style"], param["explode"] = "form", True
    return param
