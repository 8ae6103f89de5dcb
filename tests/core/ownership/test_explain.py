"""Explanations stay readable and bounded on wide or deep ownership."""

from __future__ import annotations

from zaslon.core.ownership import OwnershipEdge, OwnershipGraph, analyse
from zaslon.core.ownership.explain import MAX_PATHS, MAX_TERMS


def test_many_owners_are_summarised() -> None:
    g = OwnershipGraph()
    g.add_node("E", caption="Target")
    for k in range(20):
        g.add_node(f"p{k}", caption=f"Person {k}", listed={"ofac": None})
        g.add_edge(OwnershipEdge(f"p{k}", "E", 5))
    v = analyse(g, "ofac", "2025-01-01").check("E")
    assert v.verdict == "blocked" and v.aggregate_percent == 100.0
    assert v.explanation.count("(listed)") == MAX_TERMS
    assert f"+ 40% from {20 - MAX_TERMS} more owners = 100% ≥ 50%" in v.explanation
    assert len(v.paths) == MAX_PATHS if 20 > MAX_PATHS else len(v.paths) == 20


def test_long_chain_is_nested_then_cut() -> None:
    g = OwnershipGraph()
    g.add_node("c0", caption="C0", listed={"eu": None})
    for k in range(1, 30):
        g.add_node(f"c{k}", caption=f"C{k}")
        g.add_edge(OwnershipEdge(f"c{k - 1}", f"c{k}", 100))
    v = analyse(g, "eu", "2025-01-01").check("c29")
    assert v.verdict == "owned"
    assert v.explanation.startswith(
        "C29 ← 100% C28 (owned: 100% C27 (owned: 100% C26 (owned: 100% C25 (owned: "
    )
    [path] = v.paths
    assert not path.complete and path.text.startswith("… ")
