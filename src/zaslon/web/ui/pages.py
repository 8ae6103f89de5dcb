"""What every UI page shares: templates, the logged-in user, CSRF checks, error pages.

A page handler asks for ``Depends(login_required)`` and gets the ``Session``;
an anonymous visitor is sent to the login page (303) with the page to come
back to.  ``render`` fills a template with the user, the CSRF token, the
navigation and the page's JSON twin.  Errors raised under ``/ui/`` — a
``PageError`` or any of the API's (``ApiError``, ``ZaslonError``, validation,
HTTP) — become an HTML page with the same status; elsewhere the API's JSON
handlers answer as before.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlparse

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import HTMLResponse, RedirectResponse, Response

from zaslon import exc
from zaslon.web.errors import ApiError
from zaslon.web.sessions import COOKIE, Session, SessionSigner, csrf_matches

log = logging.getLogger("zaslon.web")
HERE = Path(__file__).parent
PREFIX = "/ui"
templates = Jinja2Templates(directory=str(HERE / "templates"))

# (key, label, address, role needed)
NAV = [("search", "Search", f"{PREFIX}/search", ""), ("alerts", "Alerts", f"{PREFIX}/alerts", ""),
       ("lists", "Lists", f"{PREFIX}/lists", ""), ("circumvention", "Ownership & goods", f"{PREFIX}/ownership", ""),
       ("audit", "Audit", f"{PREFIX}/audit", "admin")]  # fmt: skip


# No script runs on these pages, none may be framed (a decision form under another site's
# overlay), forms post only here, and addresses with ids do not leak to other sites.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'none'; frame-ancestors 'none'; form-action 'self'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


class PageError(Exception):
    """An answer other than the page, shown as an HTML error page with ``status``."""

    def __init__(self, status: int, title: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.title = title
        self.message = message


class LoginRequired(Exception):
    """The visitor has no valid session; they are sent to the login page."""

    def __init__(self, next_url: str) -> None:
        super().__init__(next_url)
        self.next_url = next_url


def signer_of(request: Request) -> SessionSigner:
    signer: SessionSigner = request.app.state.sessions
    return signer


def session_of(request: Request) -> Session | None:
    """The visitor's session, or None (read once per request)."""
    if "ui_session" not in request.state._state:
        request.state.ui_session = signer_of(request).read(request.cookies.get(COOKIE))
    session: Session | None = request.state.ui_session
    return session


async def login_required(request: Request) -> Session:
    """A page dependency: the session, or a redirect to the login page."""
    session = session_of(request)
    if session is None:
        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        if request.method != "GET":
            # a form sent after the session expired: come back to the page it was on, not its action
            referer = urlparse(request.headers.get("referer", ""))
            same_site = not referer.netloc or referer.netloc == request.url.netloc
            here = referer.path + (f"?{referer.query}" if referer.query else "") if same_site else ""
        raise LoginRequired(safe_next(here))
    return session


async def admin_required(request: Request) -> Session:
    """A page dependency for admins only (as the page's JSON twin needs an admin key)."""
    session = await login_required(request)
    if session.role != "admin":
        raise PageError(403, "Admins only", "This page is for administrators; your account's role is "
                        f"{session.role!r}.")  # fmt: skip
    return session


# route parameter defaults: ``session: Session = LOGIN`` (one object, not a call per signature)
LOGIN = Depends(login_required)
ADMIN = Depends(admin_required)


def check_csrf(session: Session, token: str | None) -> None:
    if not csrf_matches(session.csrf, token):
        raise PageError(403, "Form expired",
                        "This form was not sent from a page of this session (its security token does not match). "
                        "Reload the page and try again.")  # fmt: skip


def workflow_of(request: Request) -> Any:
    """The workflow service (users, alerts, audit), or a 503 page if this server runs without it."""
    workflow = getattr(request.app.state, "workflow", None)
    if workflow is None:
        raise PageError(503, "Workflow unavailable",
                        "This server runs without the workflow service (users, alerts, audit).")  # fmt: skip
    return workflow


def safe_next(value: str | None) -> str:
    """Where to go after logging in: a UI path on this site only (never another host)."""
    if value and value.startswith(PREFIX + "/") and not value.startswith("//") and "\\" not in value:
        return value
    return f"{PREFIX}/search"


def url(path: str, params: Mapping[str, Any] | None = None) -> str:
    """A path with the non-empty query parameters (lists repeat the key)."""
    pairs: list[tuple[str, str]] = []
    for key, value in (params or {}).items():
        values = value if isinstance(value, (list, tuple)) else [value]
        pairs.extend((key, str(v)) for v in values if v not in (None, ""))
    return f"{path}?{urlencode(pairs)}" if pairs else path


def render(
    request: Request,
    template: str,
    *,
    page: str = "",
    title: str = "",
    json_url: str | None = None,
    status: int = 200,
    **context: Any,
) -> HTMLResponse:
    session = session_of(request)
    response = templates.TemplateResponse(
        request,
        template,
        {
            "session": session,
            "csrf": session.csrf if session else "",
            "nav": [
                (k, label, href)
                for k, label, href, role in NAV
                if not role or (session is not None and session.role == role)
            ],
            "page": page,
            "title": title,
            "json_url": json_url,
            "quote": quote,
            **context,
        },
        status_code=status,
    )
    # pages show personal data: never kept by shared caches or the back-forward cache of another user
    response.headers["Cache-Control"] = "no-store"
    response.headers.update(SECURITY_HEADERS)
    return response


def error_page(request: Request, status: int, title: str, message: str) -> HTMLResponse:
    return render(request, "error.html", title=title, status=status, message=message, code=status)


Handler = Callable[[Request, Any], Response | Awaitable[Response]]


def install_error_pages(app: FastAPI) -> None:
    """HTML error pages under ``/ui/``; the API's own JSON handlers everywhere else.

    Must run after ``errors.install``: it wraps the handlers registered there.
    """

    async def on_login_required(request: Request, error: Exception) -> Response:
        assert isinstance(error, LoginRequired)
        return RedirectResponse(f"{PREFIX}/login?{urlencode({'next': error.next_url})}", status_code=303)

    async def on_page_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, PageError)
        return error_page(request, error.status, error.title, error.message)

    app.add_exception_handler(LoginRequired, on_login_required)
    app.add_exception_handler(PageError, on_page_error)

    def wrap(
        kind: type[Exception] | int,
        original: Handler | None,
        describe: Callable[[Exception], tuple[int, str]],
    ) -> None:
        async def handler(request: Request, error: Exception) -> Response:
            if request.url.path == PREFIX or request.url.path.startswith(PREFIX + "/"):
                status, message = describe(error)
                if status >= 500 and not isinstance(error, (ApiError, exc.ZaslonError)):
                    log.exception("unhandled error on %s %s", request.method, request.url.path)
                titles = {400: "Bad request", 404: "Not found", 409: "Conflict", 503: "Unavailable"}
                return error_page(request, status, titles.get(status, "Error"), message)
            assert original is not None
            answer = original(request, error)
            return await answer if inspect.isawaitable(answer) else answer

        app.add_exception_handler(kind, handler)

    handlers = app.exception_handlers

    def api_error(error: Exception) -> tuple[int, str]:
        assert isinstance(error, ApiError)
        return error.status, error.message

    def zaslon_error(error: Exception) -> tuple[int, str]:
        from zaslon.web.errors import from_zaslon

        assert isinstance(error, exc.ZaslonError)
        return from_zaslon(error).status_code, error.message

    def validation(error: Exception) -> tuple[int, str]:
        assert isinstance(error, RequestValidationError)
        first = error.errors()[0] if error.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ())[1:])
        return 400, f"{where}: {first.get('msg', 'invalid value')}" if where else "invalid request"

    def http(error: Exception) -> tuple[int, str]:
        assert isinstance(error, StarletteHTTPException)
        return error.status_code, error.detail if isinstance(error.detail, str) else "error"

    def unexpected(_error: Exception) -> tuple[int, str]:
        return 500, "An internal error occurred; it has been logged."

    for kind, describe in ((ApiError, api_error), (exc.ZaslonError, zaslon_error),
                           (RequestValidationError, validation), (StarletteHTTPException, http),
                           (Exception, unexpected)):  # fmt: skip
        original = handlers.get(kind)
        if original is not None:
            wrap(kind, original, describe)
