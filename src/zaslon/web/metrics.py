"""Prometheus metrics of one app (one registry per app, so tests and workers never collide).

Requests are counted by route template (``/match/{dataset}``), never by raw
path, so label cardinality stays bounded.  With several workers each process
has its own counters; scrape each or put them behind one aggregating proxy.
"""

from __future__ import annotations

import time
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from zaslon.web.serving import Serving

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class Metrics:
    def __init__(self, serving: Serving) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "zaslon_http_requests",
            "HTTP requests answered",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "zaslon_http_request_seconds",
            "Time to answer a request",
            ["route"],
            registry=self.registry,
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0),
        )
        self.queries = Counter("zaslon_match_queries", "Queries screened by /match", registry=self.registry)
        self.entities = Gauge(
            "zaslon_index_entities", "Listed entities in the serving index", registry=self.registry
        )
        self.generation = Gauge(
            "zaslon_index_generation", "Store generation being served", registry=self.registry
        )
        self.swaps = Gauge(
            "zaslon_index_swaps", "Index snapshots installed since start", registry=self.registry
        )
        self.build_seconds = Gauge(
            "zaslon_index_build_seconds", "Time the serving index took to build", registry=self.registry
        )
        self.serving = serving

    def render(self) -> bytes:
        snapshot = self.serving.snapshot
        if snapshot is not None:
            self.entities.set(snapshot.engine.size)
            self.generation.set(snapshot.generation)
            self.build_seconds.set(snapshot.engine.build_seconds)
        self.swaps.set(self.serving.swaps)
        return generate_latest(self.registry)


class MetricsMiddleware:
    """Counts and times every HTTP request (pure ASGI: no per-request task overhead)."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = [500]

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            route: Any = scope.get("route")
            name = getattr(route, "path", None) or "unmatched"
            self.metrics.requests.labels(scope["method"], name, str(status[0])).inc()
            self.metrics.latency.labels(name).observe(time.perf_counter() - started)
