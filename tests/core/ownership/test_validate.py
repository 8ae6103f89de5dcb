"""Bad ownership data is flagged as findings — never a hang, never a crash."""

from __future__ import annotations

from zaslon.core.ownership import OwnershipEdge, OwnershipGraph, analyse, validate


def _graph(edges: list[tuple[str, str, float | None]], nodes: str = "XABCE") -> OwnershipGraph:
    g = OwnershipGraph()
    for n in nodes:
        g.add_node(n, caption=f"Co {n}")
    g.set_listed("X", "ofac")
    g.set_listed("X", "eu")
    for owner, asset, pct in edges:
        g.add_edge(OwnershipEdge(owner, asset, pct, ref=f"row {owner}>{asset}"))
    return g


def test_cycle_is_flagged_and_terminates() -> None:
    g = _graph([("X", "A", 60), ("A", "B", 60), ("B", "C", 60), ("C", "A", 40), ("E", "E", 10)])
    kinds = sorted((f.kind, f.entities) for f in validate(g))
    assert kinds == [("cycle", ("A", "B", "C")), ("cycle", ("E",))]
    assert "owning itself" in next(f.message for f in validate(g) if f.entities == ("E",))
    an = analyse(g, "ofac", "2025-01-01")
    assert [an.status(g._index[x]) for x in "XABCE"] == ["listed", "blocked", "blocked", "blocked", "clear"]


def test_cycle_without_a_listed_owner_stays_clear() -> None:
    # A and B own 60% of each other; nobody listed upstream: the least fixpoint keeps both clear
    g = _graph([("A", "B", 60), ("B", "A", 60)])
    an = analyse(g, "ofac", "2025-01-01")
    assert an.check("A").verdict == "not blocked" and an.check("B").verdict == "not blocked"


def test_sum_above_100_is_flagged() -> None:
    g = _graph([("X", "E", 70), ("A", "E", 50)])
    [finding] = validate(g)
    assert finding.kind == "over-100" and "120%" in finding.message and finding.entities == ("E",)
    assert any(f.kind == "over-100" for f in analyse(g, "ofac", "2025-01-01").check("E").findings)


def test_successive_stakes_do_not_add_up() -> None:
    g = _graph([])
    g.add_edge(OwnershipEdge("X", "E", 80, end_date="2020-12-31"))
    g.add_edge(OwnershipEdge("A", "E", 80, start_date="2021-01-01"))
    assert validate(g) == []
    g.add_edge(OwnershipEdge("B", "E", 30, start_date="2020-06-01", end_date="2020-06-30"))
    [finding] = validate(g)
    assert "110% on 2020-06-01" in finding.message


def test_negative_or_above_100_percentage_is_left_out_and_flagged() -> None:
    g = _graph([("X", "A", -5), ("X", "B", 150), ("X", "C", 50)])
    assert g.edge_count == 1
    found = [(f.kind, f.entities) for f in validate(g)]
    assert found == [("bad-percentage", ("X", "A")), ("bad-percentage", ("X", "B"))]
    assert "-5" in validate(g)[0].message and "row X>A" in validate(g)[0].message
    an = analyse(g, "ofac", "2025-01-01")
    assert an.check("A").verdict == "not blocked" and an.check("C").verdict == "blocked"


def test_end_before_start_is_left_out() -> None:
    g = _graph([])
    g.add_edge(OwnershipEdge("X", "A", 60, start_date="2022-01-01", end_date="2021-01-01"))
    assert g.edge_count == 0 and validate(g)[0].kind == "bad-date"


def test_edge_to_unknown_id_is_flagged() -> None:
    g = _graph([("X", "A", 60), ("X", "ghost", 60)])
    [finding] = validate(g)
    assert finding.kind == "unknown-id" and finding.entities == ("ghost",)
    assert "row X>ghost" in finding.message
    # the verdict still works: the placeholder is treated like any unlisted company
    assert analyse(g, "ofac", "2025-01-01").check("ghost").verdict == "blocked"


def test_unknown_entity_check_is_a_clear_error() -> None:
    import pytest

    from zaslon.exc import NotFound

    with pytest.raises(NotFound, match="'nobody'"):
        analyse(_graph([]), "ofac", "2025-01-01").check("nobody")
