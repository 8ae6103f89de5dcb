"""Every worked case of ownership_rule_cases.csv gives its expected outcome (one test per row).

The case file writes graphs in a small notation (``X>A:50; A>B:50``,
``each >E:25``, ``X>E:10 (X appoints CEO / controls board)``) and outcomes in
words; both are read here, so the CSV stays the single statement of the cases.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from importlib import resources

import pytest

from zaslon.core.ownership import OwnershipEdge, OwnershipGraph, analyse

CASES_CSV = resources.files("zaslon") / "data" / "circumvention" / "ownership_rule_cases.csv"
AFTER = date(2025, 6, 1)  # a day after the EU's 2024-07-03 threshold change
_EDGE = re.compile(r"^\s*(\w+)?\s*>\s*(\w+)\s*:\s*([\d.]+)\s*(\(.*\))?\s*$")


def _cases() -> list[dict[str, str]]:
    with CASES_CSV.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _graph(case: dict[str, str], regimes: list[str]) -> OwnershipGraph:
    listed = [p.strip() for p in case["listed_parties"].split(",") if p.strip()]
    graph = OwnershipGraph()
    for party in listed:
        graph.add_node(party, listed={r: None for r in regimes})
    for part in case["ownership_edges(owner>asset:pct)"].split(";"):
        if part.strip() in ("...", ""):
            continue
        m = _EDGE.match(part)
        assert m, f"{case['case_id']}: cannot read edge {part!r}"
        owner, asset, pct, note = m[1], m[2], float(m[3]), (m[4] or "")
        owners = listed if owner in (None, "each") else [owner]
        for o in owners:
            graph.add_node(o)
            graph.add_node(asset)
            graph.add_edge(
                OwnershipEdge(
                    o,
                    asset,
                    pct,
                    control="control" in note,
                    as_of=m2[1] if (m2 := re.search(r"\((\d{4})\)", note)) else None,
                )
            )
    return graph


@pytest.mark.parametrize("case", _cases(), ids=lambda c: c["case_id"])
def test_rule_case(case: dict[str, str]) -> None:
    expected = case["expected"]
    regimes = ["eu", "ofac"] if case["regime"] == "EU+OFAC" else [case["regime"].lower()]
    graph = _graph(case, regimes)
    for regime in regimes:
        positive, negative = ("blocked", "not blocked") if regime == "ofac" else ("owned", "not owned")
        if m := re.search(r"since (\d{4}-\d{2}-\d{2})", expected):
            # the outcome changes on a date: check the day before and the day itself
            change = date.fromisoformat(m[1])
            before = analyse(graph, regime, date.fromordinal(change.toordinal() - 1)).check(case["query"])
            on = analyse(graph, regime, change).check(case["query"])
            assert before.ownership == negative, before.explanation
            assert on.ownership == positive, on.explanation
            assert any(f.kind == "threshold" for f in before.findings)
            continue
        verdict = analyse(graph, regime, AFTER).check(case["query"])
        want = negative if expected.startswith("NOT") else positive
        assert verdict.ownership == want, f"{case['case_id']} ({regime}): {verdict.explanation}"
        assert verdict.verdict == want  # the query entity is never listed itself in these cases
        if m := re.search(r"\((\d+(?:\.\d+)?)%\)|aggregation \((\d+)%\)|\((\d+)%\)", expected):
            assert verdict.aggregate_percent == pytest.approx(float(next(g for g in m.groups() if g)))
        if "caution" in expected or "CONTROL REVIEW" in expected:
            assert verdict.needs_control_review, verdict.findings
        if expected in ("NOT BLOCKED", "NOT OWNED"):
            assert not verdict.findings, verdict.findings
        if "unless" in expected and "controlled" in expected:
            assert [f.kind for f in verdict.findings] == ["control-chain"]
        if want == positive:
            assert verdict.paths and all(p.steps[0].status == "listed" for p in verdict.paths)
            assert f"{verdict.aggregate_percent:g}%" in verdict.explanation


def test_every_case_is_read() -> None:
    cases = _cases()
    assert len(cases) == 17
    assert {c["regime"] for c in cases} == {"OFAC", "EU", "EU+OFAC"}
