"""UI page of the audit log: its entries, newest first, and whether the hash chain verifies.

Every page load re-checks the whole chain (``Workflow.verify_audit``) and says
so at the top: intact with the number of entries, or the first entry that
does not verify and why.  ``target`` shows one object's entries (``alert:12``).

For admins only, as its JSON twins (``web/api/workflow.py``): ``/audit`` and
``/audit/verify``.
"""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from starlette.responses import Response

from zaslon.web.sessions import Session
from zaslon.web.ui.pages import ADMIN, PREFIX, render, url, workflow_of

router = APIRouter(prefix=PREFIX, include_in_schema=False)

PAGE = 50


@router.get("/audit", response_model=None)
async def audit(
    request: Request,
    session: Session = ADMIN,
    target: str = Query("", max_length=200),
    offset: int = Query(0, ge=0, le=10_000_000),
) -> Response:
    workflow = workflow_of(request)
    target = target.strip()
    entries = await run_in_threadpool(
        lambda: workflow.audit(limit=PAGE + 1, offset=offset, target=target or None)
    )
    check = await run_in_threadpool(workflow.verify_audit)
    more = len(entries) > PAGE
    return render(request, "audit.html", page="audit", title="Audit", json_url=url("/audit", {"target": target,
                  "offset": offset or None, "limit": PAGE}), entries=entries[:PAGE], check=check, target=target,
                  offset=offset, more=more, verify_url="/audit/verify",
                  prev_url=url(f"{PREFIX}/audit", {"target": target, "offset": max(0, offset - PAGE) or None}),
                  next_url=url(f"{PREFIX}/audit", {"target": target, "offset": offset + PAGE}))  # fmt: skip
