"""The HTTP API: ``create_app(settings)`` builds it; nothing here reads the environment
except ``app_from_env``, the factory ``zaslon serve`` hands to uvicorn.

The app holds one ``Serving`` (the engine snapshot, swapped whole on list
changes), the store (entities, catalog, API keys) and the authenticator.  If no
engine is given, the index is built in a background thread at startup, so
``/healthz`` answers at once and ``/readyz`` says 503 until it is ready.
"""

from __future__ import annotations

import os
import threading
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from importlib.metadata import PackageNotFoundError, version

from fastapi import FastAPI

from zaslon.core.model.entity import Entity
from zaslon.engine import Engine
from zaslon.settings import Settings
from zaslon.store import ListStore
from zaslon.store.keys import KeyStore
from zaslon.web import errors, ui
from zaslon.web.api import ROUTERS
from zaslon.web.api import workflow as workflow_api
from zaslon.web.api.circumvention import router as circumvention_router
from zaslon.web.auth import Authenticator
from zaslon.web.errors import JSONResponse
from zaslon.web.limits import BodyLimitMiddleware
from zaslon.web.metrics import Metrics, MetricsMiddleware
from zaslon.web.serving import Serving, Snapshot

DESCRIPTION = """Sanctions screening over the official lists, yente-compatible.

Every route but `/healthz` and `/readyz` needs an API key:
`Authorization: ApiKey <key>` (or `Bearer <key>`), created with `zaslon keys create`.
Errors are always `{"error": {"code", "message", "field", "expected"}}`.
"""


def _version() -> str:
    try:
        return version("zaslon")
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "0"


def create_app(
    settings: Settings,
    *,
    engine: Engine | None = None,
    store: ListStore | None = None,
    entities: Iterable[Entity] | None = None,
    key_cache_seconds: float = 2.0,
    reload_interval: float = 0.0,
    session_secret: str | None = None,
) -> FastAPI:
    """The API over ``store`` (default: the one ``settings`` names).

    ``engine`` (with the ``entities`` it was built from, else they are read
    from the store) serves at once; without one, the index is built at
    startup.  ``reload_interval`` > 0 polls the store for new list versions
    every so many seconds (``zaslon serve`` sets it; tests use /admin/reload).
    ``session_secret`` signs the UI's login cookies (default: ``session.key``
    in the data directory).
    """
    from zaslon.lists import open_store

    owns_store = store is None
    store = open_store(settings) if store is None else store
    serving = Serving(store)
    if engine is not None:
        chosen = list(store.entities()) if entities is None else entities
        serving.install(Snapshot.build(engine, chosen))
    metrics = Metrics(serving)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        loader = None
        if serving.snapshot is None:
            loader = threading.Thread(target=serving.load_initial, name="zaslon-load", daemon=True)
            loader.start()
        serving.start_watching(reload_interval)
        try:
            yield
        finally:
            serving.stop_watching()
            if loader is not None:
                loader.join(timeout=60)
            if owns_store:
                store.close()

    app = FastAPI(
        title="zaslon",
        version=_version(),
        description=DESCRIPTION,
        default_response_class=JSONResponse,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.store = store
    app.state.serving = serving
    app.state.metrics = metrics
    app.state.auth = Authenticator(
        KeyStore(store.engine), required=settings.auth_required, cache_seconds=key_cache_seconds
    )
    for router in ROUTERS:
        app.include_router(router)
    app.include_router(circumvention_router)  # ownership, goods, shipments
    app.state.workflow = workflow_api.make_workflow(settings, store, serving)  # alerts, audit, users
    app.include_router(workflow_api.router)
    errors.install(app)
    ui.install(app, settings, secret=session_secret)  # after errors.install: it wraps those handlers
    # added last = outermost: the size limit applies before anything reads the body
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    return app


def app_from_env() -> FastAPI:
    """The app ``zaslon serve`` runs (a uvicorn factory, called once per worker)."""
    settings = Settings.from_env()
    interval = float(os.environ.get("ZASLON_RELOAD_INTERVAL", "10") or 0)
    return create_app(settings, reload_interval=interval,
                      session_secret=os.environ.get("ZASLON_SESSION_SECRET") or None)
