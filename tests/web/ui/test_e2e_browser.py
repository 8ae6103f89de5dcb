"""The UI end to end in headless Chromium: log in, search "Aliaksandr Lukashenka", open the
hit, decide the alert monitoring raised on it, and find the decision in the audit log.

The app runs under uvicorn on 127.0.0.1 and an ephemeral port, in a thread, over a
private copy of the store filled from the bundled lists (and the session's engine).
The browser is Debian's ``chromium`` driven by Playwright (its own browser download
cannot work here); without ``/usr/bin/chromium`` the test is skipped.  Screenshots of
every page go to ``test-artifacts/ui/``.
"""

from __future__ import annotations

import re
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.web.conftest import Lists, copy_store, web_settings
from tests.web.ui.conftest import PASSWORD
from tests.web.ui.test_circumvention_pages import EU_FIXTURE
from zaslon.ownership import load_ownership
from zaslon.store import ListStore
from zaslon.web.app import create_app

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "ui"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium; .ci/run installs it)",
    ),
]


@dataclass
class Server:
    url: str
    workflow: object


@pytest.fixture(scope="module")
def server(web_lists: Lists, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    import uvicorn

    data_dir = tmp_path_factory.mktemp("ui-e2e")
    store = copy_store(web_lists, data_dir / "zaslon.sqlite3")
    # the EU ownership fixture, for the ownership page: served, but kept out of this store's lists
    side = ListStore.open(f"sqlite:///{data_dir / 'ownership.sqlite3'}")
    load_ownership(side, EU_FIXTURE)
    ownership = list(side.entities())
    side.close()
    app = create_app(
        web_settings(data_dir),
        engine=web_lists.engine,
        store=store,
        entities=[*web_lists.entities, *ownership],
    )
    workflow = app.state.workflow
    workflow.create_user("olga", PASSWORD, "admin", actor="tests")
    # a customer named like a listed person: monitoring raises the alerts the analyst decides
    workflow.upsert_customer("CUST-7", {"schema": "Person", "properties": {"name": ["Aliaksandr Lukashenka"],
                                        "birthDate": ["1954-08-30"]}}, actor="tests")  # fmt: skip
    assert workflow.monitor(actor="tests").alerts
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="on")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, name="ui-e2e-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not uv.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    port = uv.servers[0].sockets[0].getsockname()[1]
    try:
        yield Server(f"http://127.0.0.1:{port}", workflow)
    finally:
        uv.should_exit = True
        thread.join(timeout=30)
        workflow.close()
        store.close()


@pytest.fixture(scope="module")
def browser_page(server: Server) -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="zaslon-chromium-") as profile, sync_api.sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            profile, executable_path=str(CHROMIUM), args=ARGS, headless=True,
            viewport={"width": 1366, "height": 768},
        )  # fmt: skip
        context.set_default_timeout(30_000)
        page = context.new_page()
        try:
            yield page
        finally:
            context.close()


def shot(page: object, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def test_login_search_decide_audit(server: Server, browser_page: object) -> None:
    from playwright.sync_api import expect

    page = browser_page
    page.goto(server.url + "/ui/")  # type: ignore[attr-defined]
    expect(page).to_have_url(re.compile(r"/ui/login"))
    shot(page, "01-login")

    # log in with the keyboard only: labelled fields, Enter submits
    page.get_by_label("User name").fill("olga")  # type: ignore[attr-defined]
    page.get_by_label("Password").fill(PASSWORD)  # type: ignore[attr-defined]
    page.get_by_label("Password").press("Enter")  # type: ignore[attr-defined]
    expect(page).to_have_url(re.compile(r"/ui/search$"))
    expect(page.get_by_role("navigation", name="Main")).to_contain_text("Audit")  # type: ignore[attr-defined]
    # the search page opens with the cursor in the name field: type, Enter, results
    assert page.evaluate("document.activeElement.id") == "name"  # type: ignore[attr-defined]
    page.keyboard.type("Aliaksandr Lukashenka")  # type: ignore[attr-defined]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    results = page.locator("ol.hits > li")  # type: ignore[attr-defined]
    expect(results.first).to_be_visible()
    assert results.count() >= 3
    first = results.first
    expect(first.locator("a.caption")).to_contain_text(re.compile("LUKASHENK", re.IGNORECASE))
    # the matched name parts are marked, with the rule, on both names
    marks = first.locator("mark")
    assert marks.count() >= 4
    texts = first.locator("p.names mark").all_inner_texts()
    assert any(t.startswith("Lukashenka") for t in texts) and any(
        t.startswith("Aliaksandr") for t in texts
    ), texts
    assert any(t.upper().startswith("LUKASHENK") and not t.startswith("Lukashenka") for t in texts), texts
    shot(page, "02-search")

    # open the hit: the listed entity with its provenance and the alert monitoring raised on it
    caption = first.locator("a.caption").inner_text()
    first.locator("a.caption").click()
    expect(page.locator("h1")).to_have_text(caption)  # type: ignore[attr-defined]
    expect(page.get_by_text("Provenance")).to_be_visible()  # type: ignore[attr-defined]
    shot(page, "03-entity")
    alert_link = page.locator("a", has_text=re.compile(r"^Alert #\d+$")).first  # type: ignore[attr-defined]
    expect(alert_link).to_be_visible()
    alert_id = int(alert_link.inner_text().split("#")[1])
    alert_link.click()

    # the alert: customer and listed entity side by side, the decision form
    expect(page.locator("h1")).to_contain_text(f"Alert #{alert_id}")  # type: ignore[attr-defined]
    expect(page.get_by_role("heading", name=re.compile("^Customer"))).to_be_visible()  # type: ignore[attr-defined]
    expect(page.get_by_role("heading", name=re.compile("^Listed party"))).to_be_visible()  # type: ignore[attr-defined]
    expect(page.get_by_text("CUST-7").first).to_be_visible()  # type: ignore[attr-defined]
    shot(page, "04-alert")
    page.get_by_label("True match").check()  # type: ignore[attr-defined]
    page.get_by_label("Reason").fill("Same name and birth date; head of state on the EU/UK/US lists")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Record decision").click()  # type: ignore[attr-defined]
    expect(page.get_by_role("status")).to_contain_text("Decision recorded: true match")  # type: ignore[attr-defined]
    expect(page.locator("h1 .status")).to_have_text("true match")  # type: ignore[attr-defined]
    shot(page, "05-decided")
    assert server.workflow.alert(alert_id).alert.status == "true_match"  # type: ignore[attr-defined]

    # the decision in the audit log, whose chain verifies
    page.get_by_role("link", name="Audit", exact=True).click()  # type: ignore[attr-defined]
    expect(page.get_by_role("status")).to_contain_text("Chain verified")  # type: ignore[attr-defined]
    row = page.locator("tr", has=page.get_by_role("link", name=f"alert:{alert_id}", exact=True)).filter(  # type: ignore[attr-defined]
        has_text="alert.decide"
    )
    expect(row).to_have_count(1)
    expect(row).to_contain_text("olga")
    expect(row).to_contain_text("head of state")
    shot(page, "06-audit")

    # the other pages render too (screenshots for review)
    page.get_by_role("link", name="Alerts", exact=True).click()  # type: ignore[attr-defined]
    expect(page.locator("table.grid")).to_contain_text("true match")  # type: ignore[attr-defined]
    shot(page, "07-alerts")
    page.get_by_role("link", name="Lists", exact=True).click()  # type: ignore[attr-defined]
    expect(page.locator("table.grid")).to_contain_text("us_ofac_sdn")  # type: ignore[attr-defined]
    shot(page, "08-lists")
    # the JSON twin of a page answers in the same browser session
    page.get_by_role("link", name="This page as JSON").click()  # type: ignore[attr-defined]
    assert '"datasets"' in page.content()  # type: ignore[attr-defined]

    # the ownership page: the verdict and the graph drawn without a script
    page.goto(server.url + "/ui/ownership")  # type: ignore[attr-defined]
    page.get_by_label("Entity id or exact name").fill("LLC Drake")  # type: ignore[attr-defined]
    page.get_by_label("Regime").select_option("eu")  # type: ignore[attr-defined]
    page.get_by_label("On the day").fill("2024-06-01")  # type: ignore[attr-defined]
    page.get_by_label("On the day").press("Enter")  # type: ignore[attr-defined]
    expect(page.locator("h2 .verdict")).to_have_text("owned")  # type: ignore[attr-defined]
    expect(page.locator(".graph svg")).to_be_visible()  # type: ignore[attr-defined]
    assert page.locator(".graph svg g.edge.deciding").count() == 4  # type: ignore[attr-defined]
    shot(page, "09-ownership")
