"""One JSON error shape for every failure, and the one table mapping errors to it.

Every error answer is ``{"error": {"code", "message", "field", "expected"}}``
with a 4xx status for anything the caller can fix (``field`` names the culprit
in dotted form, e.g. ``queries.q1.properties.birthDate``), 5xx only for the
server's own trouble — and never a traceback.
"""

from __future__ import annotations

import logging
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from zaslon import exc

log = logging.getLogger("zaslon.web")


class JSONResponse(Response):
    """JSON via orjson: several times faster than the standard library on hit lists."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content, option=orjson.OPT_NON_STR_KEYS)


class ApiError(Exception):
    """An HTTP answer other than success, raised anywhere below a route."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        field: str | None = None,
        expected: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.expected = expected
        self.headers = headers


def error_body(
    code: str, message: str, field: str | None = None, expected: str | None = None
) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "field": field, "expected": expected}}


def error_response(
    status: int,
    code: str,
    message: str,
    *,
    field: str | None = None,
    expected: str | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    return JSONResponse(error_body(code, message, field, expected), status_code=status, headers=headers)


# zaslon.exc error -> (status, code); the most specific class first.
STATUS: list[tuple[type[exc.ZaslonError], int, str]] = [
    (exc.QueryError, 400, "invalid_query"),
    (exc.NotFound, 404, "not_found"),
    (exc.UnknownFormat, 422, "unknown_format"),
    (exc.SourceError, 422, "invalid_list"),
    (exc.FetchError, 502, "fetch_failed"),
    (exc.ConflictError, 409, "conflict"),
    (exc.StoreError, 503, "store_unavailable"),
    (exc.ConfigError, 500, "config_error"),
    (exc.ZaslonError, 400, "bad_request"),
]

_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
}

# What pydantic's constraint names mean, for the "expected" part of an error.
_CONSTRAINTS = {"ge": ">= {}", "gt": "> {}", "le": "<= {}", "lt": "< {}", "min_length": "at least {} long",
                "max_length": "at most {} long", "pattern": "matching {}"}  # fmt: skip


def from_zaslon(error: exc.ZaslonError) -> JSONResponse:
    for cls, status, code in STATUS:
        if isinstance(error, cls):
            break
    field, expected = error.detail.get("field"), error.detail.get("expected")
    return error_response(
        status,
        code,
        error.message,
        field=field if isinstance(field, str) else None,
        expected=expected if isinstance(expected, str) else None,
    )


def _validation_response(error: RequestValidationError) -> JSONResponse:
    errors = error.errors()
    first = errors[0] if errors else {}
    loc = [str(p) for p in first.get("loc", ())]
    # "query"/"path"/"header" say where a parameter was; the parameter's name is what a caller knows
    if loc and loc[0] in ("query", "path", "header", "cookie"):
        loc = loc[1:]
    field = ".".join(loc) or None
    ctx = first.get("ctx") or {}
    expected = None
    for key, template in _CONSTRAINTS.items():
        if key in ctx:
            expected = template.format(ctx[key])
            break
    if expected is None and first.get("type"):
        expected = str(first["type"]).replace("_parsing", "").replace("_type", "")
    value = first.get("input")
    message = str(first.get("msg", "invalid request"))
    if field:
        message = f"{field}: {message}"
    if value is not None and not isinstance(value, (dict, list)):
        message += f" (got {str(value)[:100]!r})"
    return error_response(400, "invalid_parameter", message, field=field, expected=expected)


def install(app: FastAPI) -> None:
    """Register the handlers that turn every failure into the one error shape."""

    async def on_api_error(_request: Request, error: Exception) -> Response:
        assert isinstance(error, ApiError)
        return error_response(
            error.status,
            error.code,
            error.message,
            field=error.field,
            expected=error.expected,
            headers=error.headers,
        )

    async def on_zaslon_error(_request: Request, error: Exception) -> Response:
        assert isinstance(error, exc.ZaslonError)
        return from_zaslon(error)

    async def on_validation(_request: Request, error: Exception) -> Response:
        assert isinstance(error, RequestValidationError)
        return _validation_response(error)

    async def on_http(_request: Request, error: Exception) -> Response:
        assert isinstance(error, StarletteHTTPException)
        code = _HTTP_CODES.get(error.status_code, "http_error")
        message = error.detail if isinstance(error.detail, str) else code.replace("_", " ")
        return error_response(error.status_code, code, message, headers=getattr(error, "headers", None))

    async def on_unexpected(request: Request, error: Exception) -> Response:
        # a bug: log it with its traceback, answer without one
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_response(500, "internal_error", "an internal error occurred; it has been logged")

    app.add_exception_handler(ApiError, on_api_error)
    app.add_exception_handler(exc.ZaslonError, on_zaslon_error)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(Exception, on_unexpected)


# The error responses every route documents in the OpenAPI document.
ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "field": {"type": ["string", "null"]},
                "expected": {"type": ["string", "null"]},
            },
        }
    },
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    descriptions = {
        400: "Bad input; `field` names the culprit",
        401: "No API key, or an unknown or revoked one",
        403: "The API key's role may not use this route",
        404: "Unknown dataset or entity",
        413: "Request body too large",
        503: "The index is not loaded yet",
    }
    return {
        s: {
            "description": descriptions.get(s, "Error"),
            "content": {"application/json": {"schema": ERROR_SCHEMA}},
        }
        for s in statuses
    }
