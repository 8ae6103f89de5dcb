"""UI pages through the app (no browser): login, search, alerts, decisions, lists, audit,
CSRF, roles, HTML error pages and the JSON twins."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, quote, urlparse

from fastapi.testclient import TestClient

from tests.web.ui.conftest import PASSWORD, UiWorld, csrf_field, login
from zaslon.web.sessions import COOKIE

LUKASHENKA = "/ui/search?name=Aliaksandr+Lukashenka&birth_date=1954&country=BY&schema=Person"


def twin(html: str) -> str:
    found = re.search(r'<a href="([^"]+)" rel="alternate" type="application/json"', html)
    assert found, "the page does not link to its JSON twin"
    return found.group(1).replace("&amp;", "&")


# -- login ---------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login_and_back(anon: TestClient) -> None:
    r = anon.get("/ui/alerts?status=open", follow_redirects=False)
    assert r.status_code == 303
    target = urlparse(r.headers["location"])
    assert target.path == "/ui/login" and parse_qs(target.query)["next"] == ["/ui/alerts?status=open"]
    page = anon.get("/ui/login?next=/ui/alerts?status=open")
    assert '<label for="username">' in page.text and '<label for="password">' in page.text
    assert 'id="username"' in page.text and 'id="password"' in page.text and 'type="password"' in page.text
    done = login(anon, "ana", next_url="/ui/alerts?status=open")
    assert done.status_code == 303 and done.headers["location"] == "/ui/alerts?status=open"  # type: ignore[attr-defined]
    cookie = done.headers["set-cookie"]  # type: ignore[attr-defined]
    assert "httponly" in cookie.lower() and "samesite=lax" in cookie.lower()
    assert anon.get("/ui/alerts").status_code == 200


def test_wrong_password_and_unknown_user(anon: TestClient) -> None:
    for user, password in (("ana", "wrong password"), ("nobody", PASSWORD), ("", "")):
        r = login(anon, user, password)
        assert r.status_code == 401, (user, r.text)  # type: ignore[attr-defined]
        assert "Unknown user name or wrong password" in r.text  # type: ignore[attr-defined]
        assert COOKIE not in anon.cookies


def test_password_guessing_is_slowed_down(anon: TestClient, ui_world: UiWorld) -> None:
    ui_world.workflow.create_user("max", PASSWORD, "analyst", actor="tests")
    for _ in range(5):
        assert login(anon, "max", "guess-guess").status_code == 401  # type: ignore[attr-defined]
    held = login(anon, "max", PASSWORD)  # even the right password waits out the window
    assert held.status_code == 429 and "Too many failed attempts" in held.text  # type: ignore[attr-defined]
    assert COOKIE not in anon.cookies
    assert login(anon, "ana").status_code == 303  # type: ignore[attr-defined]  # other users are not held


def test_login_needs_its_csrf_token(anon: TestClient) -> None:
    anon.get("/ui/login")
    r = anon.post("/ui/login", data={"username": "ana", "password": PASSWORD, "csrf": "forged"})
    assert r.status_code == 403 and "expired" in r.text and "<html" in r.text
    assert COOKIE not in anon.cookies


def test_next_never_leaves_the_site(anon: TestClient) -> None:
    for evil in ("//evil.example/ui/x", "https://evil.example/", "/ui\\@evil", "/api"):
        anon.cookies.clear()
        r = login(anon, "ana", next_url=evil)
        assert r.headers["location"] == "/ui/search", evil  # type: ignore[attr-defined]


def test_forged_cookie_is_logged_out(anon: TestClient) -> None:
    anon.cookies.set(COOKIE, "eyJ1IjoiYW5hIiwiciI6ImFkbWluIn0.bm90LWEtc2lnbmF0dXJl")
    assert anon.get("/ui/search", follow_redirects=False).status_code == 303


def test_logout_needs_csrf_and_clears_the_session(analyst: TestClient) -> None:
    page = analyst.get("/ui/search")
    assert analyst.post("/ui/logout", data={"csrf": "forged"}).status_code == 403
    assert analyst.get("/ui/search", follow_redirects=False).status_code == 200
    r = analyst.post("/ui/logout", data={"csrf": csrf_field(page.text)}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/ui/login"
    assert analyst.get("/ui/search", follow_redirects=False).status_code == 303


# -- search --------------------------------------------------------------------------------------


def test_search_ranks_explains_and_highlights(analyst: TestClient, ui_world: UiWorld) -> None:
    r = analyst.get(LUKASHENKA)
    assert r.status_code == 200, r.text
    html = r.text
    assert 'href="/ui/entities/gb_hmt-13918"' in html and 'href="/ui/entities/us_ofac_sdn-9760"' in html
    scores = [float(s) for s in re.findall(r'<span class="score" title="score">([0-9.]+)</span>', html)]
    assert scores and scores == sorted(scores, reverse=True) and scores[0] >= 0.9
    # one man on three lists is one hit that links to the other two listings
    assert re.search(
        r'title="[^"]*same birth date 1954-08-30[^"]*">also listed as <a href="/ui/entities/au_dfat-6824">',
        html,
    )
    # a given name met another romanisation of it, and is marked so on both sides
    other = analyst.get(
        LUKASHENKA.replace("Aliaksandr", "Alyaksandr").replace("Lukashenka", "Lukashenko")
    ).text
    assert re.search(
        r'<mark class="rule-romanisation" title="alyaksandr ↔ aliaksandr[^"]*">Alyaksandr<sup', other
    )
    assert re.search(
        r'<mark class="rule-romanisation" title="alyaksandr ↔ aliaksandr[^"]*">Aliaksandr<sup', other
    )
    assert '<span class="unmatched" title="not matched">' in html  # the patronymic the query lacks
    assert "birth year 1954 agrees" in html
    # recorded as a screening of source ui, by the analyst; the JSON twin is that screening
    link = twin(html)
    screening_id = int(link.rsplit("/", 1)[1])
    recorded = ui_world.workflow.screening(screening_id)
    assert (
        recorded.source == "ui"
        and recorded.actor == "ana"
        and recorded.query["names"] == ["Aliaksandr Lukashenka"]
    )
    as_json = analyst.get(link)
    assert as_json.status_code == 200 and as_json.json()["hits"][0]["id"] in html


def test_search_form_errors_beside_their_fields(analyst: TestClient) -> None:
    r = analyst.get("/ui/search?name=Ivanov&birth_date=someday&country=Atlantis")
    assert r.status_code == 200
    assert 'aria-invalid="true" aria-describedby="birth_date-error"' in r.text and "is not a date" in r.text
    assert 'aria-describedby="country-error"' in r.text and "is not a country" in r.text
    assert 'class="hits"' not in r.text
    empty = analyst.get("/ui/search")
    assert (
        empty.status_code == 200
        and '<label for="name">Name</label>' in empty.text
        and "result" not in empty.text
    )


def test_entity_page_with_provenance(analyst: TestClient) -> None:
    r = analyst.get("/ui/entities/gb_hmt-13918")
    assert r.status_code == 200
    assert "LUKASHENKO" in r.text and "ConList.xlsx" in r.text and "13918" in r.text
    assert twin(r.text) == "/entities/gb_hmt-13918"
    assert analyst.get(twin(r.text)).json()["id"] == "gb_hmt-13918"
    odd = analyst.get("/ui/entities/" + quote("ca_sema-russia-1, Part 2-1", safe=""))  # spaces and commas
    assert odd.status_code == 200 and "ca_sema-russia-1, Part 2-1" in odd.text
    missing = analyst.get("/ui/entities/nope-1")
    assert missing.status_code == 404 and "<html" in missing.text and "nope-1" in missing.text


# -- alerts --------------------------------------------------------------------------------------


def test_alert_queue_and_filters(analyst: TestClient, ui_world: UiWorld) -> None:
    r = analyst.get("/ui/alerts")
    assert r.status_code == 200
    for alert_id in ui_world.alerts:
        assert f'href="/ui/alerts/{alert_id}"' in r.text
    assert analyst.get(twin(r.text)).status_code == 200
    by_customer = analyst.get("/ui/alerts?customer=C-LUK")
    assert all(f'href="/ui/alerts/{a}"' in by_customer.text for a in ui_world.alerts)
    assert "No alerts match" in analyst.get("/ui/alerts?customer=NOBODY").text
    entity = ui_world.workflow.alert(ui_world.alerts[0]).alert.entity_id
    one = analyst.get(f"/ui/alerts?entity={entity}")
    assert one.text.count('<th scope="row"><a href="/ui/alerts/') == 1
    filtered_twin = twin(one.text)
    assert analyst.get(filtered_twin).json()["alerts"][0]["entity_id"] == entity
    assert "unknown status" in analyst.get("/ui/alerts?status=bogus").text


def test_alert_page_side_by_side(analyst: TestClient, ui_world: UiWorld) -> None:
    alert_id = ui_world.alerts[0]
    detail = ui_world.workflow.alert(alert_id)
    r = analyst.get(f"/ui/alerts/{alert_id}")
    assert r.status_code == 200
    html = r.text
    assert "C-LUK" in html and "Aliaksandr Lukashenka" in html and detail.alert.caption in html
    assert f'name="version" value="{detail.alert.version}"' in html
    assert f'<a href="/ui/lists/{detail.alert.dataset}">' in html  # provenance: the dataset
    assert f"#{detail.alert.list_version_id}" in html  # ... and the list version
    assert "<mark class=" in html  # the explanation, highlighted
    assert 'for="reason"' in html and "<legend>" in html
    assert twin(html) == f"/alerts/{alert_id}"
    assert analyst.get(f"/ui/alerts/{2**31 - 1}").status_code == 404
    assert analyst.get("/ui/alerts/x").status_code == 400


def test_decide_conflict_and_audit(analyst: TestClient, admin: TestClient, ui_world: UiWorld) -> None:
    alert_id = ui_world.alerts[-1]
    page = analyst.get(f"/ui/alerts/{alert_id}")
    token, version = csrf_field(page.text), ui_world.workflow.alert(alert_id).alert.version
    form = {"decision": "escalate", "reason": "same birth year; passport needed", "version": str(version)}
    # no CSRF token: refused, nothing recorded
    assert analyst.post(f"/ui/alerts/{alert_id}/decide", data={**form, "csrf": "x"}).status_code == 403
    assert ui_world.workflow.alert(alert_id).alert.status == "open"
    # a decision without a reason: the page says so, nothing recorded
    empty = analyst.post(f"/ui/alerts/{alert_id}/decide", data={**form, "reason": " ", "csrf": token})
    assert empty.status_code == 400 and "needs a reason" in empty.text
    done = analyst.post(f"/ui/alerts/{alert_id}/decide", data={**form, "csrf": token}, follow_redirects=False)
    assert done.status_code == 303
    after = analyst.get(done.headers["location"])
    assert "Decision recorded: escalate" in after.text and "passport needed" in after.text
    assert ui_world.workflow.alert(alert_id).alert.status == "escalated"
    # a second analyst who saw the old version gets a clear conflict, not an overwrite
    stale = admin.post(f"/ui/alerts/{alert_id}/decide",
                       data={**form, "decision": "false_positive", "reason": "other person",
                             "csrf": csrf_field(admin.get("/ui/search").text)})  # fmt: skip
    assert stale.status_code == 409
    assert "Your decision was not saved" in stale.text and "changed since you saw it" in stale.text
    assert ui_world.workflow.alert(alert_id).alert.status == "escalated"
    # the decision is in the audit log, whose chain verifies
    audit = admin.get("/ui/audit")
    assert audit.status_code == 200 and "Chain verified" in audit.text
    assert f'<a href="/ui/alerts/{alert_id}">alert:{alert_id}</a>' in audit.text
    assert "same birth year; passport needed" in audit.text
    assert admin.get(twin(audit.text)).status_code == 200
    assert admin.get("/audit/verify").json()["ok"] is True


def test_audit_is_for_admins(analyst: TestClient) -> None:
    r = analyst.get("/ui/audit")
    assert r.status_code == 403 and "administrators" in r.text
    assert 'href="/ui/audit"' not in analyst.get("/ui/search").text


# -- lists ---------------------------------------------------------------------------------------


def test_lists_pages(analyst: TestClient) -> None:
    r = analyst.get("/ui/lists")
    assert r.status_code == 200
    for dataset in ("us_ofac_sdn", "un_sc", "gb_hmt", "au_dfat", "ca_sema", "us_ofac_cons"):
        assert f'href="/ui/lists/{dataset}"' in r.text
    assert twin(r.text) == "/catalog" and analyst.get("/catalog").status_code == 200
    one = analyst.get("/ui/lists/un_sc")
    assert one.status_code == 200 and "the first version" in one.text
    data = analyst.get(twin(one.text)).json()
    assert data["dataset"] == "un_sc" and data["old"] is None and len(data["added"]) > 900
    versions = analyst.get("/lists/un_sc/versions").json()["versions"]
    assert versions and versions[0]["dataset"] == "un_sc"
    assert analyst.get("/ui/lists/nope").status_code == 404


def test_session_reads_json_twins_but_never_writes(analyst: TestClient) -> None:
    assert analyst.get("/alerts").status_code == 200
    assert analyst.get("/audit").status_code == 403  # an analyst's session is a screen key, not an admin one
    # a browser session cannot write through the API (a cross-site form could send the cookie)
    r = analyst.post("/match/default", json={"queries": {"q": {"schema": "Person",
                                                                "properties": {"name": ["Ivan Ivanov"]}}}})  # fmt: skip
    assert r.status_code == 401
    # and the JSON API answers JSON errors as before, also for unknown paths
    assert analyst.get("/nope").json()["error"]["code"] == "not_found"


def test_ui_errors_are_html(analyst: TestClient) -> None:
    r = analyst.get("/ui/no-such-page")
    assert (
        r.status_code == 404 and r.headers["content-type"].startswith("text/html") and "Not found" in r.text
    )
    assert analyst.get("/", follow_redirects=False).headers["location"] == "/ui/"


def test_pages_cannot_be_framed_or_cached(analyst: TestClient) -> None:
    r = analyst.get("/ui/search")
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
    assert "script-src 'none'" in r.headers["content-security-policy"]
    assert r.headers["x-frame-options"] == "DENY" and r.headers["cache-control"] == "no-store"


def test_form_sent_after_the_session_expired_returns_to_its_page(anon: TestClient) -> None:
    r = anon.post("/ui/alerts/1/decide", data={"decision": "escalate", "reason": "x", "version": "1"},
                  headers={"Referer": "http://testserver/ui/alerts/1"}, follow_redirects=False)  # fmt: skip
    assert r.status_code == 303
    assert parse_qs(urlparse(r.headers["location"]).query)["next"] == ["/ui/alerts/1"]
    elsewhere = anon.post("/ui/alerts/1/decide", data={}, headers={"Referer": "https://evil.example/ui/x"},
                          follow_redirects=False)  # fmt: skip
    assert parse_qs(urlparse(elsewhere.headers["location"]).query)["next"] == ["/ui/search"]
