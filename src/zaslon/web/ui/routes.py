"""UI pages: logging in and out, the search page and a listed entity's page.

The search page screens one party (name, optional birth date, country and
type) against the lists being served and shows the ranked hits, each with its
explanation and the name parts that met marked in both names.  With the
workflow service present the search is recorded as a screening (source
``ui``, actor the analyst), and its JSON twin is that screening.  When
ownership data is loaded, unlisted parties caught through their owners join
the hits as ``/match`` merges them (``search_ownership``), on the day the form
asks (default today); the recorded screening holds the name hits only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from zaslon.core.model.countries import to_code
from zaslon.core.model.dates import parse_date
from zaslon.core.model.query import Query as ScreenQuery
from zaslon.web.api.deps import serving_of, snapshot_of, store_of
from zaslon.web.sessions import COOKIE, LOGIN_CSRF_COOKIE, LoginThrottle, Session, csrf_matches, new_token
from zaslon.web.ui.highlight import explanation_from_dict, highlight
from zaslon.web.ui.pages import (
    LOGIN,
    PREFIX,
    PageError,
    check_csrf,
    render,
    safe_next,
    session_of,
    signer_of,
    url,
    workflow_of,
)
from zaslon.web.ui.search_ownership import merge, ownership_day, ownership_hits, ownership_loaded

router = APIRouter(prefix=PREFIX, include_in_schema=False)

SCHEMAS = [("Person", "Person"), ("Company", "Company"), ("Organization", "Organization"),
           ("Vessel", "Vessel"), ("Airplane", "Aircraft"), ("LegalEntity", "Any party")]  # fmt: skip
SEARCH_LIMIT = 15
SEARCH_FLOOR = 0.3  # weaker candidates than a screen would call matches, as the API's /search shows


@router.get("", response_model=None)
@router.get("/", response_model=None)
async def home(request: Request) -> Response:
    target = f"{PREFIX}/search" if session_of(request) else f"{PREFIX}/login"
    return RedirectResponse(target, status_code=303)


def _cookie_secure(request: Request) -> bool:
    return request.url.scheme == "https"


@router.get("/login", response_model=None)
async def login_form(request: Request, next: str | None = Query(None, max_length=500)) -> Response:
    if session_of(request) is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    token = request.cookies.get(LOGIN_CSRF_COOKIE) or new_token()
    response = render(request, "login.html", title="Log in", next=safe_next(next), login_csrf=token)
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="lax", path=PREFIX,
                        secure=_cookie_secure(request))  # fmt: skip
    return response


@router.post("/login", response_model=None)
async def login(
    request: Request,
    username: str = Form("", max_length=100),
    password: str = Form("", max_length=1000),
    csrf: str = Form("", max_length=200),
    next: str = Form("", max_length=500),
) -> Response:
    token = request.cookies.get(LOGIN_CSRF_COOKIE)
    if not csrf_matches(token, csrf):
        raise PageError(403, "Form expired", "The login form has expired. Reload the page and log in again.")
    workflow = workflow_of(request)
    throttle: LoginThrottle = request.app.state.login_throttle
    key = f"{username.strip().lower()}|{request.client.host if request.client else ''}"
    wait = throttle.wait(key)
    if wait > 0:
        minutes = max(1, round(wait / 60))
        return render(request, "login.html", title="Log in", status=429, next=safe_next(next), login_csrf=token,
                      username=username, error=f"Too many failed attempts. Try again in {minutes} minute"
                      f"{'' if minutes == 1 else 's'}.")  # fmt: skip
    user = None
    if username.strip() and password:
        # scrypt takes a while on purpose: not on the event loop
        user = await run_in_threadpool(workflow.authenticate, username.strip(), password)
    if user is None:
        throttle.failed(key)
        return render(request, "login.html", title="Log in", status=401, next=safe_next(next), login_csrf=token,
                      username=username, error="Unknown user name or wrong password.")  # fmt: skip
    throttle.succeeded(key)
    cookie, _session = signer_of(request).issue(user.username, user.role)
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(COOKIE, cookie, max_age=signer_of(request).max_age, httponly=True, samesite="lax",
                        path="/", secure=_cookie_secure(request))  # fmt: skip
    response.delete_cookie(LOGIN_CSRF_COOKIE, path=PREFIX)
    return response


@router.post("/logout", response_model=None)
async def logout(request: Request, csrf: str = Form("", max_length=200)) -> Response:
    session = session_of(request)
    if session is not None:
        check_csrf(session, csrf)
    response = RedirectResponse(f"{PREFIX}/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


def _search_query(
    name: str, birth_date: str, country: str, schema: str
) -> tuple[ScreenQuery | None, dict[str, str]]:
    """The query the form asks for, or the errors to show beside each field."""
    errors: dict[str, str] = {}
    if not name.strip():
        return None, errors
    dates = []
    if birth_date.strip():
        parsed = parse_date(birth_date.strip())
        if parsed is None:
            errors["birth_date"] = f"“{birth_date}” is not a date: write YYYY, YYYY-MM or YYYY-MM-DD."
        else:
            dates.append(parsed)
    countries = []
    if country.strip():
        value = country.strip()
        code = value.lower() if len(value) == 2 and value.isalpha() else to_code(value)
        if not code:
            errors["country"] = f"“{country}” is not a country: write a name or a two-letter code (BY, RU)."
        else:
            countries.append(code)
    if schema not in dict(SCHEMAS):
        errors["schema"] = f"unknown type {schema!r}"
    if errors:
        return None, errors
    return ScreenQuery(names=[name.strip()], schema=schema, birth_dates=dates, countries=countries), errors


@router.get("/search", response_model=None)
async def search(
    request: Request,
    session: Session = LOGIN,
    name: str = Query("", max_length=500),
    birth_date: str = Query("", max_length=20),
    country: str = Query("", max_length=100),
    schema: str = Query("Person", max_length=50),
    date_: str = Query("", alias="date", max_length=20),
) -> Response:
    form = {"name": name, "birth_date": birth_date, "country": country, "schema": schema, "date": date_}
    query, errors = _search_query(name, birth_date, country, schema)
    serving = serving_of(request).snapshot  # None until the first index is built: the form still shows
    with_ownership = serving is not None and ownership_loaded(serving)
    day = ownership_day(date_, errors) if with_ownership else None
    if "date" in errors:
        query = None
    hits: list[dict[str, Any]] = []
    verdicts: dict[str, list[dict[str, Any]]] = {}
    screening_id = None
    json_url = (
        url("/search/default", {"q": name.strip(), "countries": country.strip()}) if name.strip() else None
    )
    snapshot = None
    if query is not None:
        snapshot = snapshot_of(request)
        workflow = getattr(request.app.state, "workflow", None)
        if workflow is not None:
            screening = await run_in_threadpool(workflow.screen, query, source="ui", actor=session.username,
                                                limit=SEARCH_LIMIT)  # fmt: skip
            hits = list(screening.hits)
            if screening.id:
                screening_id = screening.id
                json_url = f"/screenings/{screening_id}"
        else:
            found = await run_in_threadpool(snapshot.engine.screen, query, limit=SEARCH_LIMIT)
            hits = [h.to_dict() for h in found]
        if day is not None:
            # unlisted parties caught through their owners, as /match merges them (not in the recorded screening)
            owned, verdicts = await run_in_threadpool(ownership_hits, request, query, day, limit=SEARCH_LIMIT)
            hits = merge(hits, owned, SEARCH_LIMIT)
        hits = [h for h in hits if h["score"] >= SEARCH_FLOOR]
    rows = [hit_row(snapshot, hit) for hit in hits] if snapshot is not None else []
    for row in rows:
        row["verdicts"] = verdicts.get(row["hit"]["id"], []) if row["hit"].get("kind") == "ownership" else []
    return render(request, "search.html", page="search", title="Search", json_url=json_url, form=form,
                  errors=errors, rows=rows, schemas=SCHEMAS, searched=query is not None,
                  screening_id=screening_id, with_ownership=with_ownership)  # fmt: skip


PERSONS = ("Person",)  # whose names have no legal form to set aside
NAME_PROPS = ("name", "alias", "weakAlias", "previousName")
COUNTRY_PROPS = frozenset({"country", "nationality", "citizenship", "jurisdiction", "flag"})


def display_properties(properties: Mapping[str, Sequence[str]]) -> list[tuple[str, list[str]]]:
    """An entity's properties as a page shows them: names first, then the rest by name;
    country codes in capitals (BY, RU), as analysts write them."""
    shown = [(p, list(properties[p])) for p in NAME_PROPS if properties.get(p)]
    for prop, values in sorted(properties.items()):
        if prop not in NAME_PROPS and values:
            shown.append((prop, [v.upper() if prop in COUNTRY_PROPS else v for v in values]))
    return shown


def hit_row(snapshot: Any, hit: dict[str, Any]) -> dict[str, Any]:
    """A hit (``Hit.to_dict`` shape, as recorded) ready for a template: marks, other evidence, key facts."""
    explanation = explanation_from_dict(hit.get("details") or {})
    entity = snapshot.entities.get(hit["id"]) if snapshot is not None else None
    props = entity.properties if entity is not None else {}
    return {
        "hit": hit,
        "marks": highlight(explanation, organization=hit.get("schema") not in PERSONS),
        "others": [f for f in explanation.features if f.name not in ("name", "ownership")],
        "party": explanation.party,  # why its referents are the same party
        "birth": ", ".join(props.get("birthDate", [])[:3]),
        "countries": ", ".join(
            sorted({c.upper() for p in ("nationality", "citizenship", "country") for c in props.get(p, [])})[
                :4
            ]
        ),
    }


@router.get("/entities/{entity_id}", response_model=None)
async def entity(request: Request, entity_id: str, session: Session = LOGIN) -> Response:
    found = await run_in_threadpool(store_of(request).entity_with_version, entity_id)
    if found is None:
        raise PageError(404, "Not found", f"No entity {entity_id!r} in the current lists.")
    listed, version = found
    alerts: list[Any] = []
    workflow = getattr(request.app.state, "workflow", None)
    if workflow is not None:
        alerts = await run_in_threadpool(lambda: workflow.alerts(entity=entity_id, limit=20))
    props = display_properties(listed.properties)
    return render(request, "entity.html", page="search", title=listed.caption, json_url=f"/entities/{entity_id}",
                  entity=listed, props=props, version=version, alerts=alerts)  # fmt: skip
