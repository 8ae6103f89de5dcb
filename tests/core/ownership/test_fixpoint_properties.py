"""Invariants of the fixpoint on random graphs with cycles (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from zaslon.core.ownership import OwnershipEdge, OwnershipGraph, analyse

N = 8
pct = st.one_of(st.none(), st.sampled_from([0, 10, 25, 40, 49.99, 50, 50.01, 60, 100]))
edges = st.lists(st.tuples(st.integers(0, N - 1), st.integers(0, N - 1), pct), max_size=30)
listed = st.sets(st.integers(0, N - 1), max_size=3)
regimes = st.sampled_from([("ofac", "2025-01-01"), ("eu", "2024-01-01"), ("eu", "2025-01-01")])


def _build(es: list[tuple[int, int, float | None]], ls: set[int]) -> OwnershipGraph:
    g = OwnershipGraph()
    for i in range(N):
        g.add_node(f"n{i}", listed={"ofac": None, "eu": None} if i in ls else None)
    for o, a, p in es:
        g.add_edge(OwnershipEdge(f"n{o}", f"n{a}", p))
    return g


def _naive(es: list[tuple[int, int, float | None]], ls: set[int], regime: str, day: str) -> set[int]:
    """Repeat 'add every entity whose blocked owners reach the threshold' until nothing changes."""
    inclusive = regime == "ofac" or day >= "2024-07-03"
    blocked = set(ls)
    while True:
        sums = [0.0] * N
        for o, a, p in es:
            if o in blocked and p is not None:
                sums[a] += p
        new = {a for a in range(N) if (sums[a] >= 50 - 1e-9 if inclusive else sums[a] > 50 + 1e-9)}
        if new <= blocked:
            return blocked
        blocked |= new


def _blocked(g: OwnershipGraph, regime: str, day: str) -> set[int]:
    return {i for i, b in enumerate(analyse(g, regime, day).blocked) if b}


@settings(max_examples=200, deadline=None)
@given(edges, listed, regimes)
def test_fixpoint_equals_naive_iteration(es, ls, rd) -> None:
    regime, day = rd
    an = analyse(_build(es, ls), regime, day)
    blocked = {i for i, b in enumerate(an.blocked) if b}
    assert blocked == _naive(es, ls, regime, day)
    assert all(an.possible[i] for i in blocked)  # blocked ⊆ possible
    for i in range(N):  # the per-entity check agrees with the fixpoint
        v = an.check(f"n{i}")
        if i not in ls:
            assert (
                v.verdict
                == {"listed": "?", "blocked": WORD[regime], "review": "review", "clear": NOT[regime]}[
                    an.status(i)
                ]
            )


WORD = {"ofac": "blocked", "eu": "owned"}
NOT = {"ofac": "not blocked", "eu": "not owned"}


@settings(max_examples=150, deadline=None)
@given(edges, listed, edges, st.integers(0, N - 1), regimes)
def test_fixpoint_is_monotone(es, ls, more, extra_listed, rd) -> None:
    regime, day = rd
    before = _blocked(_build(es, ls), regime, day)
    known_more = [(o, a, p) for o, a, p in more if p is not None]
    assert before <= _blocked(_build(es + known_more, ls), regime, day)
    assert before <= _blocked(_build(es, ls | {extra_listed}), regime, day)
    raised = [(o, a, None if p is None else min(100, p + 10)) for o, a, p in es]
    assert before <= _blocked(_build(raised, ls), regime, day)


@settings(max_examples=100, deadline=None)
@given(edges, listed)
def test_unknown_stakes_never_decide(es, ls) -> None:
    # whatever the unknown stakes really are (0 or 100), blocked and not-possible verdicts hold
    an = analyse(_build(es, ls), "ofac", "2025-01-01")
    for fill in (0, 100):
        filled = _naive([(o, a, fill if p is None else p) for o, a, p in es], ls, "ofac", "2025-01-01")
        for i in range(N):
            if an.blocked[i]:
                assert i in filled
            if not an.possible[i]:
                assert i not in filled
