"""The ownership rules: the OFAC 50 Percent Rule and the EU "owned" test, as one fixpoint.

**OFAC** (Revised Guidance of 13 Aug 2014; FAQs 398–401): an entity is blocked
when blocked persons own 50% or more of it, directly or indirectly,
individually or in the aggregate.  Stakes of all blocked owners add up; a stake
held by a blocked entity counts in full (percentages are never multiplied along
a chain); a stake held by an entity that is not blocked counts for nothing.

**EU** (Art. 2 of Reg. 269/2014 and the same wording elsewhere; Council Best
Practices): stakes of listed persons — and of entities they own — aggregate the
same way, but the threshold is **more than 50%** before 2024-07-03 and **50% or
more** from that day.  Control (appointing the board, using the assets) is a
separate, case-by-case test: it is reported as a finding, never decided here.

Both are a least fixpoint computed with a worklist: start from the listed
nodes, add every entity whose blocked owners' known stakes reach the threshold,
repeat until nothing changes.  Each node enters the worklist at most once and
each edge is read at most once, so cycles terminate and the cost is linear.

A stake of unknown size never decides a verdict.  A second pass computes the
upper fixpoint, in which unknown stakes held by blocked owners (and every stake
held by a possibly-blocked owner) could reach the threshold; the nodes it adds
are ``review``.  Results: ``listed`` ⊆ ``blocked`` ⊆ ``possible``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from zaslon.core.ownership.graph import PCT_SCALE, DatedView, OwnershipGraph, format_percent

if TYPE_CHECKING:
    from zaslon.core.ownership.explain import OwnershipVerdict

EU_THRESHOLD_CHANGE = date(2024, 7, 3)  # Best Practices update: "more than 50%" -> "50% or more"
HALF = 50 * PCT_SCALE

# verdict words per regime: (positive, negative)
WORDS = {"ofac": ("blocked", "not blocked"), "eu": ("owned", "not owned")}


@dataclass(frozen=True, slots=True)
class Threshold:
    """The share blocked owners must reach, and whether reaching it exactly is enough."""

    units: int
    inclusive: bool

    def met(self, units: int) -> bool:
        return units >= self.units if self.inclusive else units > self.units

    @property
    def text(self) -> str:
        return f"{'≥' if self.inclusive else '>'} {format_percent(self.units)}"

    @property
    def words(self) -> str:
        return (
            f"{format_percent(self.units)} or more"
            if self.inclusive
            else f"more than {format_percent(self.units)}"
        )

    @property
    def fail_text(self) -> str:
        return f"{'<' if self.inclusive else '≤'} {format_percent(self.units)}"


def threshold(regime: str, on: date) -> Threshold:
    """The ownership threshold of ``regime`` on the day ``on``."""
    if regime == "ofac":
        return Threshold(HALF, inclusive=True)
    if regime == "eu":
        return Threshold(HALF, inclusive=on >= EU_THRESHOLD_CHANGE)
    raise ValueError(f"unknown regime {regime!r}; expected 'ofac' or 'eu'")


def parse_day(on: date | str) -> date:
    """A verdict date from a ``date`` or a full ISO string."""
    if isinstance(on, date):
        return on
    try:
        return date.fromisoformat(str(on).strip())
    except ValueError:
        raise ValueError(f"not a date: {on!r}; expected YYYY-MM-DD") from None


class Analysis:
    """The fixpoint of one regime on one day over one graph; answers per-entity checks.

    ``blocked[i]`` is 1 for listed entities and entities owned by them under the
    regime's rule; ``possible[i]`` also for those that could be, depending on
    stakes of unknown size (``review``).
    """

    __slots__ = ("blocked", "graph", "listed", "on", "possible", "regime", "threshold", "view")

    def __init__(self, graph: OwnershipGraph, regime: str, on: date | str) -> None:
        self.graph = graph
        self.regime = regime
        self.on = parse_day(on)
        self.threshold = threshold(regime, self.on)
        self.view: DatedView = graph.view(self.on)
        self.listed = bytearray(len(graph))
        for i in graph.listed_nodes(regime, self.on.toordinal()):
            self.listed[i] = 1
        self.blocked, self.possible = _fixpoint(self.view, self.listed, self.threshold)

    def status(self, i: int) -> str:
        """``listed``, ``blocked`` (owned under the rule), ``review`` or ``clear``."""
        if self.listed[i]:
            return "listed"
        if self.blocked[i]:
            return "blocked"
        if self.possible[i]:
            return "review"
        return "clear"

    def counts(self) -> dict[str, int]:
        listed = sum(self.listed)
        blocked = sum(self.blocked)
        return {
            "listed": listed,
            "blocked_by_ownership": blocked - listed,
            "review": sum(self.possible) - blocked,
            "nodes": len(self.graph),
            "edges": self.view.edges,
        }

    def blocked_ids(self) -> list[str]:
        """Every entity blocked by ownership (not listed itself), by id."""
        return [self.graph.id_of(i) for i, b in enumerate(self.blocked) if b and not self.listed[i]]

    def check(self, entity_id: str) -> OwnershipVerdict:
        """The verdict for one entity, with every path and the arithmetic."""
        from zaslon.core.ownership.explain import verdict_for

        return verdict_for(self, entity_id)


def analyse(graph: OwnershipGraph, regime: str, on: date | str) -> Analysis:
    """Run the rule of ``regime`` ("ofac" or "eu") over ``graph`` for the day ``on``."""
    return Analysis(graph, regime, on)


def _fixpoint(view: DatedView, listed: bytearray, thr: Threshold) -> tuple[bytearray, bytearray]:
    """Lower (known stakes only) and upper (unknown stakes may be anything) fixpoints."""
    n = len(listed)
    out_start, out_asset, out_pct = view.out_start, view.out_asset, view.out_pct
    limit, inclusive = thr.units, thr.inclusive
    blocked = bytearray(listed)
    agg = [0] * n
    unknown_targets: list[int] = []
    work = [i for i in range(n) if listed[i]]
    # the hot loop: ints only, each node popped once, each of its edges read once
    while work:
        v = work.pop()
        for k in range(out_start[v], out_start[v + 1]):
            p = out_pct[k]
            a = out_asset[k]
            if p < 0:
                unknown_targets.append(a)
                continue
            s = agg[a] + p
            agg[a] = s
            if not blocked[a] and (s >= limit if inclusive else s > limit):
                blocked[a] = 1
                work.append(a)

    possible = bytearray(blocked)
    for a in unknown_targets:
        if not possible[a]:
            possible[a] = 1
            work.append(a)
    while work:
        v = work.pop()
        for k in range(out_start[v], out_start[v + 1]):
            a = out_asset[k]
            if possible[a]:
                continue
            p = out_pct[k]
            if p < 0:
                possible[a] = 1
                work.append(a)
                continue
            s = agg[a] + p
            agg[a] = s
            if s >= limit if inclusive else s > limit:
                possible[a] = 1
                work.append(a)
    return blocked, possible
