"""The web UI for analysts: server-rendered pages under ``/ui/`` (Jinja2 templates, one
stylesheet, plain HTML forms; no JavaScript and no build step).

Pages: log in and out, search (ranked hits with their explanation, matched
name parts marked), a listed entity, the alert queue and one alert with its
decision form, the lists with their versions and changes, and the audit log.
Each page links to its JSON twin in the API.  Users and roles come from the
workflow service (``app.state.workflow``); sessions are signed cookies
(``web/sessions.py``).
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.responses import RedirectResponse, Response
from starlette.staticfiles import StaticFiles

from zaslon.settings import Settings
from zaslon.web.sessions import DEFAULT_MAX_AGE, LoginThrottle, SessionSigner, load_secret
from zaslon.web.ui import alerts, audit, circumvention, lists, routes
from zaslon.web.ui.pages import HERE, PREFIX, install_error_pages

ROUTERS = [routes.router, alerts.router, lists.router, audit.router, circumvention.router]


def install(app: FastAPI, settings: Settings, *, secret: str | bytes | None = None,
            max_age: int = DEFAULT_MAX_AGE) -> None:  # fmt: skip
    """Mount the UI on ``app``: its pages, its static files, its sessions and HTML error pages.

    Call after ``errors.install(app)``.  ``secret`` signs the session cookies
    (default: ``session.key`` in the data directory, made on first use).
    """
    app.state.sessions = SessionSigner(load_secret(settings.data_dir, secret), max_age=max_age)
    app.state.login_throttle = LoginThrottle()
    app.mount(f"{PREFIX}/static", StaticFiles(directory=str(HERE / "static")), name="ui-static")
    for router in ROUTERS:
        app.include_router(router)

    @app.get("/", include_in_schema=False)
    async def root() -> Response:
        return RedirectResponse(f"{PREFIX}/", status_code=307)

    install_error_pages(app)
