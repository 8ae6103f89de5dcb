"""The circumvention pages through the app (no browser): the ownership verdict with its SVG graph,
the goods code and shipment checks, escaping, login and the JSON twins.

The app runs over its own small store: the official EU ownership fixture (the
Alabuga chain and others) loaded through ``load_ownership``, no list files —
quick to build, and every party the pages show comes from that fixture — plus
one stake file whose party names try to break out of the SVG.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from importlib import resources
from pathlib import Path
from xml.etree import ElementTree

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.web.ui.conftest import app_over, logged_in
from zaslon.ownership import load_ownership, unlisted_id
from zaslon.store import ListStore
from zaslon.web.ui.graph_svg import render_graph

EU_FIXTURE = Path(
    str(resources.files("zaslon") / "data" / "circumvention" / "ownership_fixtures_eu_official.ftm.jsonl")
)
EVIL = "Evil <script>alert(1)</script> & \"Co\" 'Ltd'"
DRAKE = "/ui/ownership?entity=cx-drake&regime=eu&date=2024-06-01"
SVG_NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    data_dir = tmp_path_factory.mktemp("ui-circumvention")
    store = ListStore.open(f"sqlite:///{data_dir / 'zaslon.sqlite3'}")
    assert load_ownership(store, EU_FIXTURE).status == "updated"
    stakes = data_dir / "evil.csv"
    stakes.write_text(f'owner,asset,percentage\n"{EVIL.replace(chr(34), chr(34) * 2)}",cx-drake,5\n')
    assert load_ownership(store, stakes, dataset="evil").status == "updated"
    with app_over(data_dir, store, list(store.entities())) as app:
        yield app


@pytest.fixture(scope="module")
def analyst(app: FastAPI) -> Iterator[TestClient]:
    with logged_in(app) as c:
        yield c


def svg_of(html: str) -> ElementTree.Element:
    """The page's graph, parsed as XML: it must be well-formed whatever the names hold."""
    found = re.search(r"<svg xmlns=.*?</svg>", html, re.DOTALL)
    assert found, "the page has no graph"
    return ElementTree.fromstring(found.group(0))


def texts(element: ElementTree.Element, tag: str = "text") -> list[str]:
    return ["".join(t.itertext()) for t in element.iter(f"{SVG_NS}{tag}")]


def test_pages_need_a_login(app: FastAPI) -> None:
    with TestClient(app, raise_server_exceptions=False) as anon:
        for path in (DRAKE, "/ui/goods?code=8542.31", "/ui/shipments?destination=ru"):
            r = anon.get(path, follow_redirects=False)
            assert r.status_code == 303 and r.headers["location"].startswith("/ui/login?next="), path


def test_ownership_page_draws_the_blocking_chain(analyst: TestClient) -> None:
    r = analyst.get(DRAKE)
    assert r.status_code == 200, r.text
    assert r.headers["content-security-policy"].startswith("default-src 'self'; script-src 'none'")
    html = r.text
    assert '<span class="verdict verdict-owned">owned</span>' in html
    assert "= 100% &gt; 50%" in html  # the arithmetic, threshold before 2024-07-03
    assert '<label for="entity">' in html and '<label for="regime">' in html and '<label for="date">' in html
    svg = svg_of(html)
    words = texts(svg)
    assert {"LLC Drake", "LLC Alabuga Development", "LLC Alabuga Machinery"} <= set(words)
    # a long name on two lines, cut with an ellipsis
    first = next(k for k, w in enumerate(words) if w.startswith("JSC 'Alabuga' Special"))
    assert words[first + 1].endswith("…") and "Zone of Industria" in words[first + 1]
    assert words.count("100%") == 2 and words.count("50%") == 2 and "5%" in words
    assert "owned through ownership" in words and "listed" in words
    # deciding stakes are drawn thick and red; the 5% stake of an unlisted owner is not deciding
    edges = {"".join(g.find(f"{SVG_NS}title").itertext()): g for g in svg.iter(f"{SVG_NS}g")  # type: ignore[union-attr]
             if (g.get("class") or "").startswith("edge ") or g.get("class") == "edge"}  # fmt: skip
    deciding = {t for t, g in edges.items() if g.get("class") == "edge deciding"}
    assert "LLC Alabuga Machinery holds 50% of LLC Drake (on a deciding path)" in deciding
    assert "JSC 'Alabuga' Special Economic Zone of Industrial and Production Type holds 100% of LLC Alabuga " \
           "Development (on a deciding path)" in deciding  # fmt: skip
    assert len(deciding) == 4 and len(edges) == 5
    for title, g in edges.items():
        width = g.find(f"{SVG_NS}path").get("stroke-width")  # type: ignore[union-attr]
        assert width == ("3.5" if title in deciding else "1.5"), title
    # owners above the entity: the listed SEZ in the top row, Drake in the bottom row
    ys = {"".join(a.find(f"{SVG_NS}title").itertext()).split(" (")[0]: float(a.find(f"{SVG_NS}rect").get("y"))  # type: ignore[union-attr,arg-type]
          for a in svg.iter() if (a.get("class") or "").startswith("node ")}  # fmt: skip
    sez = "JSC 'Alabuga' Special Economic Zone of Industrial and Production Type"
    assert ys[sez] < ys["LLC Alabuga Development"] == ys["LLC Alabuga Machinery"] < ys["LLC Drake"]
    # other parties are links to their own check, by keyboard too
    assert 'href="/ui/ownership?regime=eu&amp;date=2024-06-01&amp;entity=cx-alabuga-dev"' in html
    assert "Paths from a listed owner" in html and "—50%→" in html


def test_ownership_page_links_its_json_twins(analyst: TestClient) -> None:
    html = analyst.get(DRAKE).text
    twin = re.search(r'<a href="([^"]+)" rel="alternate" type="application/json"', html)
    assert twin and unescape(twin.group(1)) == "/ownership/cx-drake?regime=eu&date=2024-06-01"
    assert 'href="/ownership/cx-drake/graph?regime=eu&amp;date=2024-06-01&amp;depth=3&amp;limit=60"' in html
    data = analyst.get(unescape(twin.group(1))).json()  # this test app asks no API key
    assert (data["entity"], data["verdict"], data["aggregate_percent"]) == ("cx-drake", "owned", 100.0)


def test_a_malicious_name_is_escaped(analyst: TestClient) -> None:
    html = analyst.get(DRAKE).text
    assert "<script>" not in html and "alert(1)</script>" not in html
    svg = svg_of(html)  # well-formed XML although the name holds < & " '
    assert any(EVIL in title for title in texts(svg, "title"))
    assert "Evil &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot; &#x27;Ltd&#x27;" in html
    # its own page: checked by exact name, shown in the heading and the drawing
    page = analyst.get("/ui/ownership", params={"entity": EVIL, "regime": "eu", "date": "2024-06-01"})
    assert page.status_code == 200 and "<script>" not in page.text
    assert unlisted_id(EVIL) in page.text and "not owned" in page.text
    svg_of(page.text)


def test_render_graph_escapes_everything() -> None:
    graph = {
        "entity": 'a"><x',
        "nodes": [{"id": 'a"><x', "caption": "<b>&amp;", "status": "listed", "level": 0},
                  {"id": "o&", "caption": "O'Brien \"Q\" & <Sons>", "status": "review", "level": -1}],
        "edges": [{"owner": "o&", "asset": 'a"><x', "percentage": None, "as_of": "<2024>", "deciding": False}],
    }  # fmt: skip
    svg = render_graph(graph, link="/ui/ownership?entity={id}")
    root = ElementTree.fromstring(svg)
    assert (
        'O\'Brien "Q" & <Sons>' in texts(root) and "<b>&amp;" in texts(root) and "as of <2024>" in texts(root)
    )
    assert "?%" in texts(root)
    link = next(root.iter(f"{SVG_NS}a"))
    assert link.get("href") == "/ui/ownership?entity=o%26"
    assert "<b>" not in svg and "<Sons>" not in svg and "style=" not in svg


def test_ownership_errors_are_shown_beside_the_field(analyst: TestClient) -> None:
    r = analyst.get("/ui/ownership", params={"entity": "nobody at all", "regime": "eu"})
    assert r.status_code == 404 and 'id="entity-error"' in r.text and "no entity" in r.text
    r = analyst.get("/ui/ownership", params={"entity": "cx-drake", "date": "2024-02-30"})
    assert r.status_code == 400 and 'id="date-error"' in r.text and "YYYY-MM-DD" in r.text
    r = analyst.get("/ui/ownership", params={"entity": "cx-drake", "regime": "uk"})
    assert r.status_code == 400 and 'id="regime-error"' in r.text
    empty = analyst.get("/ui/ownership")
    assert empty.status_code == 200 and "<svg xmlns" not in empty.text


def test_goods_page_for_a_chpl_code(analyst: TestClient) -> None:
    r = analyst.get("/ui/goods", params={"code": "8542 31 90 00"})
    assert r.status_code == 200, r.text
    html = r.text
    assert '<span class="verdict verdict-listed">listed</span>' in html
    assert "<dt>CHPL tiers</dt><dd>1</dd>" in html and "<dt>EU 833/2014 annexes</dt><dd>XL</dd>" in html
    assert "CHPL tier 1 (listed): 8542 31 90 00 falls under 8542 31" in html
    assert "What the data covers" in html and "Not checked:" in html and "Regulation 765/2006" in html
    twin = re.search(r'<a href="([^"]+)" rel="alternate" type="application/json"', html)
    assert twin and twin.group(1) == "/goods/8542%2031%2090%2000"
    review = analyst.get("/ui/goods", params={"code": "9304"}).text
    assert '<span class="verdict verdict-review">review</span>' in review
    bad = analyst.get("/ui/goods", params={"code": "85A2"})
    assert bad.status_code == 400 and 'id="code-error"' in bad.text and "85A2" in bad.text


def test_shipment_page_blocks_and_gives_every_reason(analyst: TestClient) -> None:
    form = {"shipment_id": "S-1", "consignee": "LLC Drake", "goods_codes": "8542.31; 0901.11",
            "origin": "de", "destination": "ru", "date": "2024-06-01"}  # fmt: skip
    r = analyst.get("/ui/shipments", params=form)
    assert r.status_code == 200, r.text
    html = r.text
    assert 'Shipment S-1: <span class="verdict verdict-block">block</span>' in html
    rows = re.findall(r'<tr><td><span class="verdict verdict-(\w+)">\w+</span></td><td>(\w+)</td>', html)
    assert ("block", "party") in rows and ("block", "route") in rows and ("block", "goods") in rows
    assert rows == sorted(rows, key=lambda row: ["block", "review", "clear"].index(row[0]))
    assert "LLC Drake" in html and "8542 31" in html
    assert "POST /shipments/screen" in html and "&#34;consignee&#34;: &#34;LLC Drake&#34;" in html
    clear = analyst.get(
        "/ui/shipments", params={"goods_codes": "0901.11", "origin": "de", "destination": "fr"}
    )
    assert '<span class="verdict verdict-clear">clear</span>' in clear.text
    bad = analyst.get("/ui/shipments", params={"vessel_imo": "1234568", "destination": "fr"})
    assert bad.status_code == 400 and 'id="vessel_imo-error"' in bad.text and "check digit" in bad.text


def test_render_graph_sums_up_a_crowded_row_and_is_deterministic() -> None:
    holdings = [
        {"id": f"h{k:02d}", "caption": f"Holding {k:02d}", "status": "listed", "level": 1} for k in range(30)
    ]
    graph = {
        "entity": "parent",
        "nodes": [{"id": "parent", "caption": "Parent", "status": "listed", "level": 0}, *holdings],
        "edges": [{"owner": "parent", "asset": n["id"], "percentage": 100.0, "deciding": n["id"] == "h29"}
                  for n in holdings],
    }  # fmt: skip
    svg = render_graph(graph)
    assert svg == render_graph(graph)
    words = texts(ElementTree.fromstring(svg))
    drawn = [w for w in words if w.startswith("Holding")]
    assert len(drawn) == 4 and "Holding 29" in drawn  # a deciding holding is drawn first
    assert "26 more holdings" in words and "26 stakes" in words


def test_render_graph_draws_a_cycle_and_places_nodes_without_levels() -> None:
    graph = {
        "entity": "a",
        "nodes": [{"id": i, "caption": i.upper(), "status": s} for i, s in (("a", "blocked"), ("b", "listed"),
                                                                           ("c", "review"), ("d", "clear"))],
        "edges": [{"owner": "b", "asset": "a", "percentage": 60.0, "deciding": True},
                  {"owner": "a", "asset": "c", "percentage": 50.0, "start_date": "2020-01-01"},
                  {"owner": "c", "asset": "b", "percentage": 10.0},  # back up: a cycle
                  {"owner": "c", "asset": "a", "percentage": 5.0, "end_date": "2023-12-31"},
                  {"owner": "d", "asset": "d", "percentage": 100.0}],  # a self-stake is not drawn
    }  # fmt: skip
    root = ElementTree.fromstring(render_graph(graph))
    ys = {"".join(g.find(f"{SVG_NS}title").itertext()).split(" (")[0]: float(g.find(f"{SVG_NS}rect").get("y"))  # type: ignore[union-attr,arg-type]
          for g in root.iter(f"{SVG_NS}g") if (g.get("class") or "").startswith("node ")}  # fmt: skip
    assert ys["B"] < ys["A"] < ys["C"]  # owners above, what it owns below (breadth-first, first seen)
    assert ys["D"] < ys["B"]  # unconnected: a row of its own on top
    assert len([g for g in root.iter(f"{SVG_NS}g") if g.get("class") in ("edge", "edge deciding")]) == 4
    words = texts(root)
    assert "2020-01-01 – now" in words and "… – 2023-12-31" in words and "review" in words
