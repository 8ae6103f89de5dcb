"""UI pages of alerts: the queue with its filters, and one alert with its decision form.

The alert page puts the customer and the listed entity side by side, shows
why they were matched (the explanation with the matched name parts marked),
where the listing comes from (dataset, list version, source address) and the
alert's history.  The decision form carries the alert's version in a hidden
field: if another analyst decided first, the service raises ``ConflictError``
and the page says so, with the alert as it is now.

JSON twins (``web/api/workflow.py``): ``/alerts`` with the same filters and
``/alerts/{id}``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from zaslon.exc import ConflictError, QueryError
from zaslon.web.sessions import Session
from zaslon.web.ui.pages import LOGIN, PREFIX, check_csrf, render, url, workflow_of
from zaslon.web.ui.routes import display_properties, hit_row

router = APIRouter(prefix=PREFIX, include_in_schema=False)

STATUSES = [("", "Any"), ("open", "Open"), ("escalated", "Escalated"), ("true_match", "True match"),
            ("false_positive", "False positive")]  # fmt: skip
DECISIONS = [("true_match", "True match", "the customer is the listed party"),
             ("false_positive", "False positive", "a different party; suppresses this pair until either changes"),
             ("escalate", "Escalate", "needs a second look")]  # fmt: skip
PAGE = 50
ALERT_ID = Path(..., ge=1, le=2**31 - 1)  # ids are 32-bit integers in both databases


@router.get("/alerts", response_model=None)
async def queue(
    request: Request,
    session: Session = LOGIN,
    status: str = Query("", max_length=20),
    customer: str = Query("", max_length=200),
    entity: str = Query("", max_length=200),
    offset: int = Query(0, ge=0, le=1_000_000),
) -> Response:
    workflow = workflow_of(request)
    filters = {"status": status, "customer": customer.strip(), "entity": entity.strip()}
    errors: dict[str, str] = {}
    if status and status not in dict(STATUSES):
        errors["status"] = f"unknown status {status!r}"
    found: list[Any] = []
    if not errors:
        found = await run_in_threadpool(
            lambda: workflow.alerts(
                status=status or None,
                customer=filters["customer"] or None,
                entity=filters["entity"] or None,
                limit=PAGE + 1,
                offset=offset,
            )
        )
    more = len(found) > PAGE
    json_url = url("/alerts", {**filters, "offset": offset or None, "limit": PAGE})
    return render(request, "alerts.html", page="alerts", title="Alerts", json_url=json_url, filters=filters,
                  errors=errors, alerts=found[:PAGE], statuses=STATUSES, offset=offset, page_size=PAGE,
                  more=more, prev_url=url(f"{PREFIX}/alerts", {**filters, "offset": max(0, offset - PAGE) or None}),
                  next_url=url(f"{PREFIX}/alerts", {**filters, "offset": offset + PAGE}))  # fmt: skip


async def _alert_page(request: Request, alert_id: int, *, status: int = 200, notice: str = "",
                      error: str = "", form: dict[str, str] | None = None) -> Response:  # fmt: skip
    workflow = workflow_of(request)
    detail = await run_in_threadpool(workflow.alert, alert_id)
    entity = detail.entity or {}
    provenance = entity.get("provenance") or {}
    listed = display_properties(entity.get("properties") or {})
    return render(
        request, "alert.html", page="alerts", title=f"Alert {alert_id}", json_url=f"/alerts/{alert_id}",
        status=status, detail=detail, alert=detail.alert, customer=detail.customer, entity=entity, listed=listed,
        provenance=provenance, row=hit_row(None, detail.hit) if detail.hit else None, decisions=DECISIONS,
        notice=notice, error=error, form=form or {},
    )  # fmt: skip


@router.get("/alerts/{alert_id}", response_model=None)
async def alert_page(request: Request, alert_id: int = ALERT_ID, session: Session = LOGIN,
                     decided: str = Query("", max_length=30)) -> Response:  # fmt: skip
    notice = f"Decision recorded: {decided.replace('_', ' ')}." if decided else ""
    return await _alert_page(request, alert_id, notice=notice)


@router.post("/alerts/{alert_id}/decide", response_model=None)
async def decide(
    request: Request,
    alert_id: int = ALERT_ID,
    session: Session = LOGIN,
    decision: str = Form("", max_length=30),
    reason: str = Form("", max_length=5000),
    version: int = Form(..., ge=0, le=2**31 - 1),
    csrf: str = Form("", max_length=200),
) -> Response:
    check_csrf(session, csrf)
    workflow = workflow_of(request)
    form = {"decision": decision, "reason": reason}
    try:
        await run_in_threadpool(
            lambda: workflow.decide(alert_id, decision, reason, actor=session.username, version=version)
        )
    except ConflictError as exc:
        return await _alert_page(request, alert_id, status=409, form=form,
                                 error=f"Your decision was not saved: {exc.message}. "
                                       "The alert below is as it is now.")  # fmt: skip
    except QueryError as exc:
        return await _alert_page(request, alert_id, status=400, form=form, error=f"{exc.message}.")
    # post/redirect/get: reloading the page does not send the decision again
    return RedirectResponse(url(f"{PREFIX}/alerts/{alert_id}", {"decided": decision}), status_code=303)
