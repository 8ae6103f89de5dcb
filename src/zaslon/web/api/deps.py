"""What routes share: the serving snapshot, the dataset in the path, a JSON body."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import orjson
from fastapi import Path, Request

from zaslon.settings import Settings
from zaslon.store import ListStore
from zaslon.web.errors import ApiError
from zaslon.web.serving import Serving, Snapshot

DEFAULT_DATASET = "default"
PATH_DATASET = Path(
    description="`default` for every list, or one list's dataset name (see `/catalog`)",
    examples=["default", "us_ofac_sdn"],
    max_length=100,
)


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def store_of(request: Request) -> ListStore:
    store: ListStore = request.app.state.store
    return store


def serving_of(request: Request) -> Serving:
    serving: Serving = request.app.state.serving
    return serving


def snapshot_of(request: Request) -> Snapshot:
    """The snapshot to answer from; 503 until the first index is built."""
    serving = serving_of(request)
    snapshot = serving.snapshot
    if snapshot is None:
        reason = f" (last error: {serving.last_error})" if serving.last_error else ""
        raise ApiError(503, "not_ready", f"the index is still being built; retry shortly{reason}",
                       headers={"Retry-After": "5"})  # fmt: skip
    return snapshot


def dataset_filter(snapshot: Snapshot, dataset: str) -> set[str] | None:
    """The datasets ``dataset`` names (None: all); 404 for one that is not loaded."""
    if dataset == DEFAULT_DATASET:
        return None
    if dataset not in snapshot.versions:
        known = ", ".join([DEFAULT_DATASET, *sorted(snapshot.versions)])
        raise ApiError(404, "not_found", f"unknown dataset {dataset!r}", field="dataset", expected=known)
    return {dataset}


def check_datasets(snapshot: Snapshot, names: list[str], field: str) -> list[str]:
    """Dataset names given as filters must be loaded ones (a typo would silently match nothing)."""
    for name in names:
        if name not in snapshot.versions:
            known = ", ".join(sorted(snapshot.versions))
            raise ApiError(400, "invalid_parameter", f"unknown dataset {name!r}", field=field, expected=known)
    return names


def parse_since(value: str | None, field: str = "changed_since") -> datetime | None:
    """An ISO date or date-time (UTC if no zone), or 400 naming the field."""
    if value is None or value == "":
        return None
    try:
        if len(value) == 10:
            parsed = datetime.combine(date.fromisoformat(value), datetime.min.time())
        else:
            parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ApiError(400, "invalid_parameter", f"invalid date {value!r}", field=field,
                       expected="YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS") from None  # fmt: skip
    if parsed.tzinfo is None:
        from datetime import UTC

        parsed = parsed.replace(tzinfo=UTC)
    return parsed


async def json_body(request: Request, *, required: bool = True) -> Any:
    """The request body decoded as JSON; 400 naming ``body`` if it is not JSON."""
    raw = await request.body()
    if not raw.strip():
        if not required:
            return None
        raise ApiError(
            400, "malformed_json", "the request body is empty", field="body", expected="a JSON object"
        )
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise ApiError(400, "malformed_json", f"the request body is not valid JSON: {exc}", field="body",
                       expected="a JSON object") from None  # fmt: skip
