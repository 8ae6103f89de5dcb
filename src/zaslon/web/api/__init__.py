"""The JSON API's routers, one module per group of routes; ``ROUTERS`` in mounting order."""

from __future__ import annotations

from zaslon.web.api import admin, algorithms, catalog, entities, health, lists, match, reconcile, search

ROUTERS = [
    health.router,
    match.router,
    search.router,
    entities.router,
    catalog.router,
    lists.router,
    algorithms.router,
    reconcile.router,
    admin.router,
]
