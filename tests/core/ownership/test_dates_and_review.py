"""Verdicts are for a day and use the stakes valid on it; unknown stakes only ever give review."""

from __future__ import annotations

import pytest

from zaslon.core.ownership import OwnershipEdge, OwnershipGraph, analyse


def _graph() -> OwnershipGraph:
    g = OwnershipGraph()
    g.add_node("X", caption="Listed X", listed={"ofac": "2022-03-01", "eu": "2022-03-01"})
    for n in "ABCD":
        g.add_node(n, caption=f"Co {n}")
    g.add_edge(OwnershipEdge("X", "A", 60, start_date="2021", end_date="2023-06-30", source="registry 2021"))
    g.add_edge(OwnershipEdge("X", "B", None, source="press"))  # size not stated
    g.add_edge(OwnershipEdge("B", "C", 100))
    g.add_edge(OwnershipEdge("X", "D", 30))
    g.add_edge(OwnershipEdge("B", "D", 30))
    return g


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2022-02-28", "not blocked"),  # X not yet listed
        ("2022-03-01", "blocked"),
        ("2023-06-30", "blocked"),
        ("2023-07-01", "not blocked"),  # X sold its stake
    ],
)
def test_listing_and_edge_dates(day: str, expected: str) -> None:
    v = analyse(_graph(), "ofac", day).check("A")
    assert v.verdict == expected and v.date.isoformat() == day
    if day <= "2023-06-30":
        assert (v.contributions[0].start_date, v.contributions[0].end_date) == ("2021-01-01", "2023-06-30")
    else:
        assert v.contributions == [] and "no listed or blocked owner on 2023-07-01" in v.explanation


def test_unknown_stake_gives_review_downstream_too() -> None:
    an = analyse(_graph(), "ofac", "2024-01-01")
    b, c, d = an.check("B"), an.check("C"), an.check("D")
    assert (b.verdict, c.verdict, d.verdict) == ("review", "review", "review")
    assert [f.kind for f in b.findings] == ["unknown-percentage"]
    assert "?%" in b.explanation and "Review" in b.explanation
    # D: 30% known from X (blocked) + 30% from B (review) could reach 50%
    assert d.aggregate_percent == 30.0 and "30% Co B (review" in d.explanation
    assert an.counts() == {"listed": 1, "blocked_by_ownership": 0, "review": 3, "nodes": 5, "edges": 4}


def test_unknown_stake_never_unblocks() -> None:
    g = _graph()
    g.add_edge(OwnershipEdge("X", "C", 50))
    v = analyse(g, "ofac", "2024-01-01").check("C")
    assert v.verdict == "blocked" and v.aggregate_percent == 50.0


def test_eu_threshold_depends_on_the_date() -> None:
    g = OwnershipGraph()
    g.add_node("X", listed={"eu": None, "ofac": None})
    g.add_node("E")
    g.add_edge(OwnershipEdge("X", "E", 50))
    assert analyse(g, "eu", "2024-07-02").check("E").verdict == "not owned"
    assert analyse(g, "eu", "2024-07-03").check("E").verdict == "owned"
    assert analyse(g, "ofac", "2020-01-01").check("E").verdict == "blocked"
    assert "≤ 50%" in analyse(g, "eu", "2024-07-02").check("E").explanation


def test_regimes_have_their_own_lists() -> None:
    g = OwnershipGraph()
    g.add_node("X", listed={"ofac": None})
    g.add_node("E")
    g.add_edge(OwnershipEdge("X", "E", 100))
    assert analyse(g, "ofac", "2025-01-01").check("E").verdict == "blocked"
    assert analyse(g, "eu", "2025-01-01").check("E").verdict == "not owned"


def test_bad_regime_or_date() -> None:
    with pytest.raises(ValueError, match="'un'"):
        analyse(OwnershipGraph(), "un", "2025-01-01")
    with pytest.raises(ValueError, match="'yesterday'"):
        analyse(OwnershipGraph(), "ofac", "yesterday")
