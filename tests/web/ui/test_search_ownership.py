"""The search page with ownership data loaded: an unlisted company caught through its owners
comes back as a hit of kind ``ownership`` with its verdict, arithmetic, paths and a link to
the ownership page; name hits stay as they were.

The app runs over a private copy of the web tests' store (the bundled lists) with the
official EU ownership fixture loaded on top: LLC Drake is on no bundled list, and on
2024-06-01 (before its own EU listing of 2024-12-16) it is owned through LLC Alabuga
Development and LLC Alabuga Machinery by the listed JSC Alabuga SEZ.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from importlib import resources
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.web.conftest import Lists, copy_store
from tests.web.ui.conftest import app_over, logged_in, login
from zaslon.ownership import is_ownership_dataset, load_ownership

EU_FIXTURE = Path(
    str(resources.files("zaslon") / "data" / "circumvention" / "ownership_fixtures_eu_official.ftm.jsonl")
)
SEZ = "JSC &#39;Alabuga&#39; Special Economic Zone of Industrial and Production Type"


@pytest.fixture(scope="module")
def app(web_lists: Lists, tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    data_dir = tmp_path_factory.mktemp("ui-search-ownership")
    store = copy_store(web_lists, data_dir / "zaslon.sqlite3")
    assert load_ownership(store, EU_FIXTURE).status == "updated"
    owned = [e for e in store.entities() if is_ownership_dataset(e.dataset)]
    with app_over(data_dir, store, [*web_lists.entities, *owned]) as app:
        yield app


@pytest.fixture(scope="module")
def analyst(app: FastAPI) -> Iterator[TestClient]:
    with logged_in(app) as c:
        yield c


def hits_of(html: str) -> list[str]:
    """The result items of the page, in order."""
    found = re.search(r'<ol class="hits">(.*)</ol>\s*<p class="legend">', html, re.DOTALL)
    assert found, "the page has no result list"
    return ['<li class="hit' + part for part in found.group(1).split('<li class="hit')[1:]]


def test_unlisted_owned_company_is_an_ownership_hit(analyst: TestClient) -> None:
    r = analyst.get("/ui/search", params={"name": "LLC Drake", "schema": "Company", "date": "2024-06-01"})
    assert r.status_code == 200, r.text
    hits = hits_of(r.text)
    drake = [h for h in hits if 'href="/ui/entities/cx-drake"' in h]
    assert len(drake) == 1, hits
    item = drake[0]
    assert "blocked by ownership" in item
    assert '<span class="verdict verdict-owned">EU owned</span>' in item
    assert "not on a list itself, caught through its owners" in item
    # the arithmetic and both paths from the listed SEZ, as the ownership check words them
    assert "= 100% &gt; 50%" in item
    assert f"{SEZ} (listed) —100%→ LLC Alabuga Development —50%→ LLC Drake" in item
    assert (
        f"{SEZ} (listed) —100%→ LLC Alabuga Development —100%→ LLC Alabuga Machinery —50%→ LLC Drake" in item
    )
    link = re.search(r'<a href="([^"]+)">ownership graph and stakes</a>', item)
    assert link and unescape(link.group(1)) == "/ui/ownership?entity=cx-drake&regime=eu&date=2024-06-01"
    assert analyst.get(unescape(link.group(1))).status_code == 200
    assert analyst.get("/ui/entities/cx-drake").status_code == 200
    # ranked with the name hits: OFAC lists the same company by name (LIMITED LIABILITY COMPANY DRAKE);
    # on a tie of scores the name hit comes first, as in /match
    assert 'href="/ui/entities/us_ofac_sdn-47293"' in hits[0] and "blocked by ownership" not in hits[0]
    assert hits[1] is item


def test_ownership_day_matters_and_is_checked(analyst: TestClient) -> None:
    # before the SEZ was listed (2023-12-18) nothing in the chain is listed: no ownership hit
    r = analyst.get("/ui/search", params={"name": "LLC Drake", "schema": "Company", "date": "2023-06-01"})
    assert r.status_code == 200
    assert "blocked by ownership" not in r.text and "cx-drake" not in r.text
    bad = analyst.get("/ui/search", params={"name": "LLC Drake", "schema": "Company", "date": "2024-02-30"})
    assert bad.status_code == 200
    assert "“2024-02-30” is not a day: write YYYY-MM-DD." in bad.text
    assert 'id="date" name="date" value="2024-02-30"' in bad.text and "blocked by ownership" not in bad.text


def test_name_hits_unchanged_beside_ownership_data(analyst: TestClient) -> None:
    r = analyst.get("/ui/search", params={"name": "Aliaksandr Lukashenka", "birth_date": "1954"})
    assert r.status_code == 200
    hits = hits_of(r.text)
    assert hits and "blocked by ownership" not in r.text
    top = hits[0]
    assert '<span class="badge match">match</span>' in top and "Lukashenka" in top
    assert 'class="ownership-why"' not in top
    # the form offers the ownership day only because ownership data is loaded
    assert '<label for="date">Ownership on' in r.text


def test_no_ownership_field_without_ownership_data(ui_world: object) -> None:
    app = ui_world.app  # type: ignore[attr-defined]
    with TestClient(app, raise_server_exceptions=False) as c:
        assert login(c, "ana").status_code == 303  # type: ignore[attr-defined]
        r = c.get("/ui/search", params={"name": "Aliaksandr Lukashenka"})
    assert r.status_code == 200 and hits_of(r.text)
    assert 'name="date"' not in r.text and "blocked by ownership" not in r.text
