"""Checks of ownership data that a person must see before trusting a verdict.

``validate`` never raises on bad data and never loops: it returns findings.

- ``cycle``: entities that own each other round a loop (cross-holdings exist in
  reality, but a loop is also the classic sign of a mistyped id).  Strongly
  connected components are found with an iterative Tarjan, linear in the graph.
- ``over-100``: the stakes held in one asset add up to more than 100% at some
  moment — checked at every start date of its stakes, so a stake sold and a
  stake bought later do not add up falsely.
- ``unknown-id``: an edge names an entity that was never declared.
- ``bad-percentage`` / ``bad-date``: edges the graph refused when they were added.
"""

from __future__ import annotations

from datetime import date

from zaslon.core.ownership.graph import FULL, Finding, OwnershipGraph, format_percent

MAX_LISTED = 10  # members named per cycle; the rest are counted


def validate(graph: OwnershipGraph, on: date | None = None, *, limit: int = 1000) -> list[Finding]:
    """Findings about ``graph`` (edges valid on ``on``, or all edges); at most ``limit`` per kind."""
    findings: list[Finding] = list(graph.problems)
    findings += _unknown_ids(graph, limit)
    findings += _cycles(graph, on, limit)
    findings += _over_100(graph, on, limit)
    return findings


def _unknown_ids(graph: OwnershipGraph, limit: int) -> list[Finding]:
    missing = {i for i in range(len(graph)) if not graph.declared(i)}
    if not missing:
        return []
    first_edge: dict[int, int] = {}
    for e in range(graph.edge_count):
        for i in (graph.owner[e], graph.asset[e]):
            if i in missing and i not in first_edge:
                first_edge[i] = e
    out = []
    for i in sorted(missing)[:limit]:
        ref = graph.refs.get(first_edge.get(i, -1), "")
        where = f" ({ref})" if ref else ""
        out.append(
            Finding(
                "unknown-id",
                f"an ownership edge{where} refers to {graph.id_of(i)!r}, which is not a known entity",
                (graph.id_of(i),),
            )
        )
    return out


def _cycles(graph: OwnershipGraph, on: date | None, limit: int) -> list[Finding]:
    view = graph.view(on)
    out_start, out_asset = view.out_start, view.out_asset
    n = len(graph)
    index = [-1] * n
    low = [0] * n
    on_stack = bytearray(n)
    stack: list[int] = []
    counter = 0
    found: list[Finding] = []
    for root in range(n):
        if index[root] != -1 or out_start[root] == out_start[root + 1]:
            continue
        # iterative Tarjan: (node, next edge position) frames instead of recursion
        frames = [(root, out_start[root])]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack[root] = 1
        while frames:
            v, pos = frames[-1]
            if pos < out_start[v + 1]:
                frames[-1] = (v, pos + 1)
                w = out_asset[pos]
                if index[w] == -1:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on_stack[w] = 1
                    frames.append((w, out_start[w]))
                elif on_stack[w] and index[w] < low[v]:
                    low[v] = index[w]
                continue
            frames.pop()
            if frames:
                parent = frames[-1][0]
                low[parent] = min(low[parent], low[v])
            if low[v] == index[v]:
                members = []
                while True:
                    w = stack.pop()
                    on_stack[w] = 0
                    members.append(w)
                    if w == v:
                        break
                self_loop = len(members) == 1 and any(
                    out_asset[k] == v for k in range(out_start[v], out_start[v + 1])
                )
                if (len(members) > 1 or self_loop) and len(found) < limit:
                    found.append(_cycle_finding(graph, members))
    return found


def _cycle_finding(graph: OwnershipGraph, members: list[int]) -> Finding:
    members = sorted(members)
    names = [graph.caption_of(i) for i in members[:MAX_LISTED]]
    more = f" and {len(members) - MAX_LISTED} more" if len(members) > MAX_LISTED else ""
    if len(members) == 1:
        text = f"{names[0]} is recorded as owning itself"
    else:
        text = f"ownership cycle among {len(members)} entities: {', '.join(names)}{more}"
    return Finding(
        "cycle",
        text + " — cross-holdings are counted once; check the ids",
        tuple(graph.id_of(i) for i in members),
    )


def _over_100(graph: OwnershipGraph, on: date | None, limit: int) -> list[Finding]:
    view = graph.view(on)
    pct, start, end = graph.pct, graph.start, graph.end
    in_start, in_edge = view.in_start, view.in_edge
    found: list[Finding] = []
    for a in range(len(graph)):
        lo, hi = in_start[a], in_start[a + 1]
        if hi - lo < 2:
            continue
        edges = [in_edge[k] for k in range(lo, hi) if pct[in_edge[k]] > 0]
        if sum(pct[e] for e in edges) <= FULL:
            continue
        # the sum can only peak at some stake's start date
        worst, when = 0, 0
        for s in {start[e] for e in edges}:
            total = sum(pct[e] for e in edges if start[e] <= s <= end[e])
            if total > worst:
                worst, when = total, s
        if worst > FULL and len(found) < limit:
            day = f" on {date.fromordinal(when).isoformat()}" if when else ""
            found.append(
                Finding(
                    "over-100",
                    f"the stakes held in {graph.caption_of(a)} add up to {format_percent(worst)}{day}: "
                    "more than 100%, so at least one figure is wrong",
                    (graph.id_of(a),),
                )
            )
    return found
