"""UI pages of the circumvention checks: ownership verdicts with their graph, goods codes, shipments.

- ``/ui/ownership``: an entity (id or exact name), a regime and a day give the
  verdict, its arithmetic, every path to a listed owner and the graph around
  the entity drawn as inline SVG (``graph_svg``; no script runs on these pages).
- ``/ui/goods``: a goods code against the CHPL and the EU 833/2014 annexes,
  with the tiers, annexes, reasons and what the data covers.
- ``/ui/shipments``: one shipment's parties, vessel, goods and route, screened
  to ``block``, ``review`` or ``clear`` with every reason.

The forms are GET forms: a check records nothing, and a result can be
bookmarked or sent to a colleague.  JSON twins (``web/api/circumvention.py``):
``/ownership/{id}`` and ``/ownership/{id}/graph``, ``/goods/{code}``, and
``POST /shipments/screen`` (the page shows the body to send).
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote, urlencode

import orjson
from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from markupsafe import Markup
from starlette.responses import Response

from zaslon.exc import NotFound, QueryError
from zaslon.ownership import UNLISTED_PREFIX
from zaslon.shipments import COLUMNS, ShipmentScreener, goods_verdict
from zaslon.web.api.circumvention import ownership_of
from zaslon.web.api.deps import snapshot_of
from zaslon.web.sessions import Session
from zaslon.web.ui.graph_svg import legend, render_graph
from zaslon.web.ui.pages import LOGIN, PREFIX, render, url

router = APIRouter(prefix=PREFIX, include_in_schema=False)

REGIMES = [("ofac", "OFAC (50 Percent Rule)"), ("eu", "EU (owned or controlled)")]
GRAPH_DEPTH = 3
GRAPH_LIMIT = 60  # nodes drawn; the graph's JSON twin takes up to 2000
SHIPMENT_FIELDS = [  # (name, label, hint)
    ("shipment_id", "Shipment id", "optional"),
    ("consignor", "Consignor", "name"),
    ("consignee", "Consignee", "name"),
    ("notify_party", "Notify party", "name"),
    ("vessel_name", "Vessel name", ""),
    ("vessel_imo", "Vessel IMO number", "e.g. IMO 9179701"),
    ("goods_codes", "Goods codes", "HS/CN codes, separated by ; or ,"),
    ("origin", "Origin country", "code or name"),
    ("destination", "Destination country", "code or name"),
    ("transit_countries", "Transit countries", "separated by ; or ,"),
]
assert [f[0] for f in SHIPMENT_FIELDS] == list(COLUMNS)


def _day(value: str, errors: dict[str, str]) -> date:
    """The day asked for (default today); an error beside the date field if it is not one."""
    if not value.strip():
        return date.today()
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        errors["date"] = f"“{value}” is not a day: write YYYY-MM-DD."
        return date.today()


def _ownership_check(request: Request, entity: str, regime: str, day: date) -> dict[str, Any]:
    """The verdict and the graph around the entity (runs in a worker thread: may build the graph)."""
    service = ownership_of(request)
    verdict = service.check(entity, regime, day)
    graph = service.neighbourhood(verdict.entity, regime, day, depth=GRAPH_DEPTH, limit=GRAPH_LIMIT)
    return {"verdict": verdict, "graph": graph}


@router.get("/ownership", response_model=None)
async def ownership(
    request: Request,
    session: Session = LOGIN,
    entity: str = Query("", max_length=300),
    regime: str = Query("ofac", max_length=10),
    date_: str = Query("", alias="date", max_length=20),
) -> Response:
    form = {"entity": entity, "regime": regime, "date": date_}
    errors: dict[str, str] = {}
    day = _day(date_, errors)
    if regime not in dict(REGIMES):
        errors["regime"] = f"unknown regime {regime!r}: choose OFAC or EU."
    context: dict[str, Any] = {}
    status, json_url = 200, None
    if entity.strip() and not errors:
        try:
            found = await run_in_threadpool(_ownership_check, request, entity, regime, day)
        except NotFound as exc:
            errors["entity"], status = exc.message, 404
        except QueryError as exc:
            errors[exc.field if exc.field in form else "entity"], status = exc.message, 400
        else:
            verdict, graph = found["verdict"], found["graph"]
            here = {"regime": regime, "date": day.isoformat()}
            target = quote(verdict.entity, safe="")
            json_url = url(f"/ownership/{target}", here)
            link = f"{PREFIX}/ownership?{urlencode(here)}&entity={{id}}"
            title = f"Ownership graph around {verdict.caption}, {regime.upper()}, {day.isoformat()}"
            context = {
                "verdict": verdict.to_dict(),
                "graph": graph,
                "captions": {n["id"]: n["caption"] for n in graph["nodes"]},
                "svg": Markup(render_graph(graph, link=link, unlisted_prefix=UNLISTED_PREFIX, title=title)),
                "graph_json_url": url(
                    f"/ownership/{target}/graph", {**here, "depth": GRAPH_DEPTH, "limit": GRAPH_LIMIT}
                ),
                "entity_url": f"{PREFIX}/entities/{target}",
            }
    elif errors:
        status = 400
    return render(request, "ownership.html", page="circumvention", title="Ownership", json_url=json_url, form=form,
                  errors=errors, regimes=REGIMES, legend=legend(), checked=bool(context), status=status,
                  **context)  # fmt: skip


@router.get("/goods", response_model=None)
async def goods(
    request: Request,
    session: Session = LOGIN,
    code: str = Query("", max_length=40),
    date_: str = Query("", alias="date", max_length=20),
) -> Response:
    form = {"code": code, "date": date_}
    errors: dict[str, str] = {}
    day = _day(date_, errors)
    result: dict[str, Any] | None = None
    note, json_url, status = None, None, 200
    if code.strip() and not errors:
        try:
            verdict, note = goods_verdict(code, day)
        except QueryError as exc:
            errors["code"], status = exc.message, 400
        else:
            result = verdict.to_dict()
            coverage = verdict.coverage.text
            result["reasons"] = [r for r in verdict.reasons if r != coverage]
            json_url = url(f"/goods/{quote(code.strip(), safe='')}", {"date": date_.strip()})
    elif errors:
        status = 400
    return render(request, "goods.html", page="circumvention", title="Goods", json_url=json_url, form=form, errors=errors,
                  result=result, note=note, status=status)  # fmt: skip


@router.get("/shipments", response_model=None)
async def shipments(
    request: Request,
    session: Session = LOGIN,
    shipment_id: str = Query("", max_length=100),
    consignor: str = Query("", max_length=300),
    consignee: str = Query("", max_length=300),
    notify_party: str = Query("", max_length=300),
    vessel_name: str = Query("", max_length=300),
    vessel_imo: str = Query("", max_length=20),
    goods_codes: str = Query("", max_length=300),
    origin: str = Query("", max_length=100),
    destination: str = Query("", max_length=100),
    transit_countries: str = Query("", max_length=300),
    date_: str = Query("", alias="date", max_length=20),
) -> Response:
    fields = {"shipment_id": shipment_id, "consignor": consignor, "consignee": consignee,
              "notify_party": notify_party, "vessel_name": vessel_name, "vessel_imo": vessel_imo,
              "goods_codes": goods_codes, "origin": origin, "destination": destination,
              "transit_countries": transit_countries}  # fmt: skip
    form = {**fields, "date": date_}
    errors: dict[str, str] = {}
    day = _day(date_, errors)
    asked = any(v.strip() for k, v in fields.items() if k != "shipment_id")
    result, body, status = None, None, 200
    if asked and not errors:
        shipment = {k: v.strip() for k, v in fields.items() if v.strip()}
        shipment.setdefault("shipment_id", "ui")
        body = orjson.dumps(
            {"shipments": [shipment], "date": day.isoformat()}, option=orjson.OPT_INDENT_2
        ).decode()

        def screen() -> dict[str, Any]:
            screener = ShipmentScreener(snapshot_of(request).engine, ownership_of(request), on=day)
            return screener.screen(shipment).to_dict()

        try:
            result = await run_in_threadpool(screen)
        except QueryError as exc:
            errors[exc.field if exc.field in fields else "shipment_id"], status = exc.message, 400
    elif errors:
        status = 400
    return render(request, "shipments.html", page="circumvention", title="Shipment", json_url=None, form=form,
                  errors=errors, fields=SHIPMENT_FIELDS, result=result, body=body, status=status)  # fmt: skip
