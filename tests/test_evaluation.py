"""The dev set through the engine: a regression guard on accuracy, and the metrics themselves.

Floors sit one query or so below what the engine reached when they were set
(2026-11-25, zaslon-v1 at threshold 0.70): a tuning change that costs recall
or adds noise on any kind fails here.  Measured then:

    kind             recall@1  recall@thr  wrong-hit  FPR
    alias (60)       1.000     1.000       0.033
    crosslist (55)   1.000     1.000       0.055
    noisy (70)       0.971     1.000       0.086
    script (60)      1.000     1.000       0.083
    slavic (60)      1.000     1.000       0.000
    negative (60)                                     0.000
    slavic_negative (20)                              0.000
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests import engine_fixture
from tests.conftest import DATA
from zaslon.core.model.query import Explanation, Hit, Query
from zaslon.engine import Engine
from zaslon.evaluation import KindStats, LabelledQuery, evaluate, read_queries, same_party
from zaslon.exc import SourceError

engine = engine_fixture.engine  # the session fixture, registered in this module


# kind: (recall@1 floor, recall@threshold floor, wrong-hit ceiling)
POSITIVE_FLOORS = {
    "alias": (0.98, 0.98, 0.06),
    "crosslist": (0.98, 0.98, 0.08),
    "noisy": (0.95, 0.98, 0.11),
    "script": (0.98, 0.98, 0.11),
    "slavic": (0.98, 0.98, 0.03),
}
FPR_CEILINGS = {"negative": 0.02, "slavic_negative": 0.05}


@pytest.fixture(scope="module")
def devset(engine: Engine) -> dict[str, Any]:
    result = evaluate(engine, read_queries(DATA / "devset_queries.jsonl"))
    for kind, metrics in result["kinds"].items():
        print(f"\n{kind:16} {metrics}", end="")
    print(
        f"\noverall {result['overall']}, {result['screens_per_second']} screens/s, misses {result['misses']}"
    )
    return result


def test_devset_shape(devset: dict[str, Any]) -> None:
    assert devset["algorithm"] == "zaslon-v1" and devset["threshold"] == 0.70
    assert set(devset["kinds"]) == set(POSITIVE_FLOORS) | set(FPR_CEILINGS)
    assert devset["overall"]["queries"] == 385
    assert devset["screens_per_second"] > 0


@pytest.mark.parametrize("kind", sorted(POSITIVE_FLOORS))
def test_positive_kind_floors(devset: dict[str, Any], kind: str) -> None:
    at_1, at_threshold, wrong = POSITIVE_FLOORS[kind]
    metrics = devset["kinds"][kind]
    assert metrics["recall_at_1"] >= at_1, metrics
    assert metrics["recall_at_threshold"] >= at_threshold, (metrics, devset["misses"].get(kind))
    assert metrics["wrong_hit_rate"] <= wrong, metrics
    assert metrics["recall_at_5"] >= metrics["recall_at_1"]


@pytest.mark.parametrize("kind", sorted(FPR_CEILINGS))
def test_negative_kind_ceilings(devset: dict[str, Any], kind: str) -> None:
    metrics = devset["kinds"][kind]
    assert metrics["false_positive_rate"] <= FPR_CEILINGS[kind], metrics
    assert "recall_at_1" not in metrics


def test_overall(devset: dict[str, Any]) -> None:
    overall = devset["overall"]
    assert overall["recall_at_1"] >= 0.98 and overall["recall_at_threshold"] >= 0.98
    assert overall["false_positive_rate"] <= 0.01


# --- the metrics, on a hand-made case ----------------------------------------


def _hit(entity_id: str, score: float) -> Hit:
    return Hit(
        entity_id, "Person", entity_id, ["t"], score, score >= 0.7, Explanation("q", entity_id, "name")
    )


def _item(expected: list[str], acceptable: tuple[str, ...] = ()) -> LabelledQuery:
    return LabelledQuery("q", "k", Query(names=["x"]), expected, set(expected) | set(acceptable))


def test_kind_stats_metrics() -> None:
    stats = KindStats()
    stats.add(_item(["a"]), [_hit("a", 0.9), _hit("b", 0.8)], 0.7)  # top 1, a wrong hit too
    stats.add(_item(["a"], ("c",)), [_hit("c", 0.9)], 0.7)  # an also-acceptable hit is right
    stats.add(_item(["a"]), [_hit("b", 0.6), _hit("a", 0.5)], 0.7)  # top 5 only, below threshold
    stats.add(_item([]), [_hit("b", 0.75)], 0.7)  # a negative with a hit
    stats.add(_item([]), [_hit("b", 0.69)], 0.7)
    metrics = stats.metrics()
    assert metrics == {
        "queries": 5,
        "recall_at_1": round(2 / 3, 4),
        "recall_at_5": 1.0,
        "recall_at_threshold": round(2 / 3, 4),
        "wrong_hit_rate": round(1 / 3, 4),
        "false_positive_rate": 0.5,
    }
    assert stats.misses == ["q"]
    assert [(item.id, hit.entity_id) for item, hit in stats.wrong_hits] == [("q", "b")]


def test_the_same_party_on_another_list_is_no_wrong_hit(devset: dict[str, Any], engine: Engine) -> None:
    """KHODAKOVSKY's US and UK listings share the birth date of the Australian one the labels accept:
    the engine makes them one hit with it, and the namesake VOLFOVICH born elsewhere stays a wrong hit."""
    noisy = {(w["query"], w["hit"]) for w in devset["wrong_hits"]["noisy"]}
    assert not any(query == "dev-noisy-0020" for query, _ in noisy)
    assert ("dev-noisy-0023", "us_ofac_sdn-39784") in noisy
    # what the lists themselves say, shown next to every wrong hit
    assert same_party(engine, "us_ofac_sdn-17747", {"au_dfat-2985"}) == "birth date 1972-12-18 as au_dfat-2985"
    assert same_party(engine, "us_ofac_sdn-39784", {"us_ofac_sdn-34976"}) == ""
    assert same_party(engine, "no-such-id", {"us_ofac_sdn-34976"}) == ""


def test_a_hit_is_right_through_its_party() -> None:
    stats = KindStats()
    party = _hit("b", 0.9)
    party.referents = ["a"]  # b is a's party on another list
    stats.add(_item(["a"]), [party, _hit("c", 0.8)], 0.7)
    metrics = stats.metrics()
    assert metrics["recall_at_1"] == 1.0 and metrics["wrong_hit_rate"] == 1.0
    assert [hit.entity_id for _, hit in stats.wrong_hits] == ["c"]


# --- reading query files -------------------------------------------------------


def test_read_queries_fields(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text(
        '{"id": "x1", "kind": "alias", "query": {"schema": "Person", "properties": {"name": ["A B; C D"], '
        '"birthDate": ["1954"], "nationality": ["Belarus"]}}, "expected": ["e1"], "also_acceptable": ["e2"]}\n'
        "\n"
        '{"schema": "Company", "properties": {"name": ["ООО Ромашка"]}}\n',
        encoding="utf-8",
    )
    first, second = read_queries(path)
    assert (first.id, first.kind, first.expected, first.acceptable) == ("x1", "alias", ["e1"], {"e1", "e2"})
    assert first.query.names == ["A B", "C D"] and first.query.birth_dates == ["1954"]
    assert first.query.countries == ["by"]
    assert (second.id, second.kind, second.expected, second.query.schema) == ("3", "query", [], "Company")


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ("{not json", "not JSON"),
        ('["a list"]', "JSON object"),
        ('{"query": {"schema": "Spaceship", "properties": {"name": ["x"]}}}', "Spaceship"),
        (
            '{"query": {"schema": "Person", "properties": {"name": ["x"], "birthDate": ["30.08.1954x"]}}}',
            "date",
        ),
        ('{"query": {"schema": "Person", "properties": {}}}', "name"),
    ],
)
def test_read_queries_names_file_and_line(tmp_path: Path, line: str, fragment: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(
        '{"query": {"schema": "Person", "properties": {"name": ["ok"]}}}\n' + line + "\n", encoding="utf-8"
    )
    with pytest.raises(SourceError) as info:
        list(read_queries(path))
    message = str(info.value)
    assert "bad.jsonl" in message and "2" in message and fragment in message, message


def test_read_queries_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="missing.jsonl"):
        list(read_queries(tmp_path / "missing.jsonl"))
