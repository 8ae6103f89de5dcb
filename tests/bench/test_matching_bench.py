"""The matching benchmark's own logic: the shared metrics, the peer's queries, the missing-peer message.

Nothing here builds an index or needs nomenklatura: the benchmark itself is
run by hand (``python bench/matching_bench.py``).
"""

from __future__ import annotations

import importlib.util
from typing import Any

import pytest

from bench import matching_bench as mb
from tests.conftest import DATA
from zaslon.core.model.query import Explanation, Hit, query_from_ftm
from zaslon.evaluation import KindStats, LabelledQuery

DEVSET = DATA / "devset_queries.jsonl"


def case(qid: str, kind: str, expected: list[str], also: tuple[str, ...] = ()) -> mb.Case:
    ftm = {"schema": "Person", "properties": {"name": ["Ivan Petrov"]}}
    label = LabelledQuery(qid, kind, query_from_ftm(ftm), list(expected), set(expected) | set(also))
    return mb.Case(label, ftm)


CASES = [
    case("p1", "alias", ["A"]),  # right first, a wrong one above the threshold too
    case("p2", "alias", ["B"], also=("B2",)),  # wrong first; the acceptable one second, below
    case("p3", "noisy", ["C"]),  # nothing found
    case("p4", "noisy", ["D"]),  # right at rank 6: outside the top 5
    case("p5", "crosslist", ["F"]),  # right through the party of the hit: G on one list is F on another
    case("n1", "negative", []),  # a hit at the threshold: a false positive
    case("n2", "negative", []),  # only below the threshold
]
RANKED: dict[str, mb.Ranked] = {
    "p1": [(("A",), 0.9), (("X",), 0.8)],
    "p2": [(("X",), 0.75), (("B2",), 0.6)],
    "p3": [],
    "p4": [(("E1",), 0.5), (("E2",), 0.5), (("E3",), 0.5), (("E4",), 0.5), (("E5",), 0.5), (("D",), 0.4)],
    "p5": [(("G", "F"), 0.9)],
    "n1": [(("Y",), 0.7)],
    "n2": [(("Y",), 0.69)],
}


def test_tally_counts_each_metric_by_its_definition() -> None:
    metrics = mb.tally(CASES, RANKED, 0.7)
    assert metrics["alias"] == {
        "queries": 2,
        "recall_at_1": 0.5,
        "recall_at_5": 1.0,
        "recall_at_threshold": 0.5,
        "wrong_hit_rate": 1.0,
    }
    assert metrics["noisy"] == {
        "queries": 2,
        "recall_at_1": 0.0,
        "recall_at_5": 0.0,
        "recall_at_threshold": 0.0,
        "wrong_hit_rate": 0.0,
    }
    assert metrics["crosslist"] == {
        "queries": 1,
        "recall_at_1": 1.0,
        "recall_at_5": 1.0,
        "recall_at_threshold": 1.0,
        "wrong_hit_rate": 0.0,
    }
    assert metrics["negative"] == {"queries": 2, "false_positive_rate": 0.5}
    assert metrics["overall"]["queries"] == 7
    assert metrics["overall"]["recall_at_1"] == 0.4
    assert metrics["overall"]["false_positive_rate"] == 0.5


def test_tally_ranks_by_score_then_id_whatever_order_it_is_given() -> None:
    shuffled = {k: list(reversed(v)) for k, v in RANKED.items()}
    assert mb.tally(CASES, shuffled, 0.7) == mb.tally(CASES, RANKED, 0.7)


def test_tally_agrees_with_zaslon_eval() -> None:
    """The peer is measured with exactly the metrics `zaslon eval` prints."""
    kinds: dict[str, KindStats] = {}
    for c in CASES:
        hits = [
            Hit(
                ids[0], "Person", ids[0], [], score, score >= 0.7, Explanation("q", ids[0], "name"),
                referents=list(ids[1:]),
            )
            for ids, score in RANKED[c.label.id][: mb.TOP]
        ]  # fmt: skip
        for key in (c.label.kind, "overall"):
            kinds.setdefault(key, KindStats()).add(c.label, hits, 0.7)
    assert mb.tally(CASES, RANKED, 0.7) == {k: s.metrics() for k, s in kinds.items()}


def test_candidate_recall_per_query_and_per_expected_id() -> None:
    cases = [case("p1", "alias", ["A", "A2"]), case("p2", "alias", ["B"]), case("n1", "negative", [])]
    got = mb.candidate_recall(cases, {"p1": {"A", "Z"}, "p2": {"Z"}, "n1": {"Z"}})
    assert got == {"queries": 0.5, "expected_ids": 0.3333, "expected_ids_own": 0.3333, "mean_candidates": 1.3}
    # A2 named in A's hit (one party on two lists) reaches the analyst with it
    named = mb.candidate_recall(cases, {"p1": {"A", "Z"}, "p2": {"Z"}, "n1": {"Z"}}, {"p1": {"A2"}})
    assert named["expected_ids"] == 0.6667 and named["expected_ids_own"] == 0.3333


def test_read_cases_pairs_each_parsed_query_with_its_ftm_object() -> None:
    cases = mb.read_cases(DEVSET)
    assert len(cases) == 385
    first = cases[0]
    assert first.label.id == "dev-alias-0001"
    assert first.ftm["schema"] == "Person"
    assert first.ftm["properties"]["name"][0].startswith("Qasim Soleimani; Qasem Sulaimani")
    assert len(first.label.query.names) == 8


def test_peer_query_splits_listed_names_like_zaslon_unless_asked_not_to() -> None:
    c = mb.read_cases(DEVSET)[0]
    split = mb.peer_query(c, 7, split_names=True)
    assert split["id"] == "query-7" and split["schema"] == "Person"
    assert split["properties"]["name"][:2] == ["Qasim Soleimani", "Qasem Sulaimani"]
    assert len(split["properties"]["name"]) == len(c.label.query.names)
    raw = mb.peer_query(c, 7, split_names=False)
    assert raw["properties"]["name"] == c.ftm["properties"]["name"]


def test_peer_query_keeps_dates_and_countries() -> None:
    ftm = {"schema": "Person", "properties": {"name": "A B", "birthDate": ["1954"], "nationality": ["by"]}}
    c = mb.Case(LabelledQuery("q", "slavic", query_from_ftm(ftm), ["X"], {"X"}), ftm)
    assert mb.peer_query(c, 0, split_names=True)["properties"] == {
        "name": ["A B"],
        "birthDate": ["1954"],
        "nationality": ["by"],
    }


@pytest.mark.parametrize(
    ("z", "p", "shown"), [(1.0, 2.0, "0.50"), (0.0, 0.0, "="), (0.1, 0.0, "inf"), (None, 1.0, "")]
)
def test_ratio(z: float | None, p: float | None, shown: str) -> None:
    assert mb.ratio(z, p) == shown


def test_a_peer_run_without_nomenklatura_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real = importlib.util.find_spec

    def find_spec(name: str, *args: Any) -> Any:
        if name == "nomenklatura":
            return None
        return object() if name == "psutil" else real(name, *args)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    assert mb.main(["--systems", "zaslon,logic-v2"]) == 1
    err = capsys.readouterr().err
    assert "nomenklatura is not installed" in err and "pip install -e '.[bench]'" in err


def test_an_unknown_system_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        mb.main(["--systems", "zaslon,logic-v9"])
    assert "logic-v9" in capsys.readouterr().err


def test_median_run_keeps_one_whole_run_and_the_spread() -> None:
    runs = [
        {"screens_per_cpu_second": speed, "build_seconds": build, "metrics": {"overall": 1.0}}
        for speed, build in ((2100.0, 5.1), (1900.0, 5.3), (2300.0, 5.0))
    ]
    chosen = mb.median_run(runs)
    # the figures of the median run, not a mix of runs
    assert chosen["screens_per_cpu_second"] == 2100.0 and chosen["build_seconds"] == 5.1
    assert (chosen["slowest_per_cpu_second"], chosen["fastest_per_cpu_second"], chosen["runs"]) == (
        1900.0,
        2300.0,
        3,
    )
    assert "slowest_per_cpu_second" not in runs[0]  # the runs themselves are left as they were


def test_runs_must_be_positive(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        mb.main(["--systems", "zaslon", "--runs", "0"])
    assert "--runs must be at least 1" in capsys.readouterr().err
