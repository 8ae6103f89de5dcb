"""The JSON API's routers, one module per group of routes; ``ROUTERS`` in mounting order."""

from __future__ import annotations

from zaslon.web.api import admin, algorithms, catalog, entities, health, match, reconcile, search

ROUTERS = [
    health.router,
    match.router,
    search.router,
    entities.router,
    catalog.router,
    algorithms.router,
    reconcile.router,
    admin.router,
]
