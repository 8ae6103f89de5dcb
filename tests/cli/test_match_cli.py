"""``zaslon match`` and ``zaslon eval``: output shapes, order, and one-line errors.

The store is the session's bundled store (``tests.engine_fixture``).  Every
command builds its engine from the store; to keep the suite fast, most tests
hand it the session engine (built from that same store), and one test runs
the whole path unpatched.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import Result

from tests import engine_fixture
from tests.cli.conftest import assert_one_line_error, invoke
from tests.conftest import DATA
from zaslon.engine import Engine
from zaslon.evaluation import evaluate, read_queries
from zaslon.store import ListStore

# the session fixtures, registered in this module
engine = engine_fixture.engine
engine_data_dir = engine_fixture.engine_data_dir


LUKASHENKA = {"us_ofac_sdn-9760", "gb_hmt-13918", "au_dfat-6824"}
# the bundled store in --data-dir, and the algorithm's own threshold, whatever the environment says
_ISOLATED = {"ZASLON_DATABASE_URL": "", "ZASLON_THRESHOLD": ""}
HIT_KEYS = {
    "id", "schema", "caption", "datasets", "referents", "score", "match", "kind", "explanation", "details",
}  # fmt: skip


class Runner:
    """``zaslon --data-dir <bundled store> ARGS``; ``built`` lists the stores an engine was built over."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.built: list[ListStore] = []

    def __call__(self, *args: str) -> Result:
        return invoke(self.data_dir, *args, env=_ISOLATED)


@pytest.fixture
def run(engine: Engine, engine_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Runner:
    """A runner whose commands get the session engine instead of building their own."""
    runner = Runner(engine_data_dir)

    def from_store(cls: type[Engine], store: ListStore, *, warm: bool = True) -> Engine:
        runner.built.append(store)
        return engine

    monkeypatch.setattr(Engine, "from_store", classmethod(from_store))
    return runner


def _json(result: Result) -> Any:
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    return orjson.loads(result.stdout)


def _write(path: Path, *lines: object) -> Path:
    path.write_text(
        "".join((ln if isinstance(ln, str) else orjson.dumps(ln).decode()) + "\n" for ln in lines)
    )
    return path


def test_match_json_shape(run: Runner) -> None:
    out = _json(run("match", "Alexander Lukashenko", "--schema", "Person", "--dob", "1954", "--json"))
    assert out["query"] == "Alexander Lukashenko" and out["threshold"] == 0.70
    hits = out["hits"]
    assert 3 <= len(hits) <= 10
    for hit in hits:
        assert HIT_KEYS <= hit.keys()
        assert isinstance(hit["explanation"], str) and hit["explanation"]
        assert hit["match"] == (hit["score"] >= out["threshold"]) and 0 <= hit["score"] <= 1
        assert hit["details"]["summary"] == hit["explanation"] and "tokens" in hit["details"]
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)
    # one man on three lists: one hit that names the other two listings
    assert {hits[0]["id"], *hits[0]["referents"]} == LUKASHENKA and hits[0]["match"]
    assert not any(h["match"] for h in hits[1:])
    assert run.built  # the engine was asked for over the store


def test_match_options_reach_the_query(run: Runner) -> None:
    out = _json(
        run("match", "TERIBERKA", "--schema", "Vessel", "--id", "IMO 9081291", "--limit", "2", "--json")
    )
    assert out["hits"][0]["id"] == "us_ofac_sdn-37136"
    assert "identifier agrees" in out["hits"][0]["explanation"]
    assert len(out["hits"]) == 2
    strict = _json(run("match", "Alexander Lukashenko", "--threshold", "0.999", "--json"))
    assert strict["threshold"] == 0.999 and not any(h["match"] for h in strict["hits"] if h["score"] < 0.999)
    person = _json(run("match", "TERIBERKA", "--schema", "Person", "--json"))
    assert person["hits"] == []


def test_match_text_output(run: Runner) -> None:
    result = run("match", "Aliaksandr Lukashenka", "--schema", "Person", "--limit", "3")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    # a line per hit, a line of explanation under it, and the party's other listings if any, and why
    assert " MATCH " in lines[0] and "lukashenka" in lines[1].lower()
    also = lines[2].removeprefix("      also listed as ").split(", ")
    assert {lines[0].split()[2], *also} == LUKASHENKA
    assert lines[3].startswith("      one party: ") and "same birth date 1954-08-30" in lines[3]
    assert sum(" MATCH " in line for line in lines) == 1 and len(lines) <= 12
    none = run("match", "Qwpqwp Vbnvbn")
    assert none.exit_code == 0 and none.stdout.strip() == "no candidates"


def test_match_queries_file(run: Runner, tmp_path: Path) -> None:
    path = _write(
        tmp_path / "q.jsonl",
        {
            "id": "q-luk",
            "query": {"schema": "Person", "properties": {"name": ["Лукашенко Александр Григорьевич"]}},
        },
        "",
        {"id": "q-sber", "schema": "Company", "properties": {"name": ["Sberbank of Russia"]}},
        {"id": "q-none", "query": {"schema": "Person", "properties": {"name": ["Qwpqwp Vbnvbn"]}}},
        {"query": {"schema": "Person", "properties": {"name": ["Mohammed Ali"]}}},
    )
    result = run("match", "--queries", str(path), "--limit", "4", "--json")
    assert result.exit_code == 0, result.stderr
    lines = [orjson.loads(line) for line in result.stdout.splitlines()]
    assert [line["id"] for line in lines] == [
        "q-luk",
        "q-sber",
        "q-none",
        "5",
    ]  # input order; line number if no id
    assert all(set(line) == {"id", "hits"} for line in lines)
    top = lines[0]["hits"][0]
    assert {top["id"], *top["referents"]} == LUKASHENKA
    assert "us_ofac_sdn-17018" in {
        i for h in lines[1]["hits"] if h["match"] for i in (h["id"], *h["referents"])
    }
    assert lines[2]["hits"] == []
    for line in lines:
        assert len(line["hits"]) <= 4
        for hit in line["hits"]:
            assert {"id", "score", "match", "explanation"} <= hit.keys()


def test_eval_json_keys_and_text(run: Runner, tmp_path: Path) -> None:
    lines = (DATA / "devset_queries.jsonl").read_text(encoding="utf-8").splitlines()
    path = _write(
        tmp_path / "dev.jsonl", *lines[:40], *[ln for ln in lines if '"kind": "negative"' in ln][:10]
    )
    out = _json(run("eval", str(path), "--json"))
    assert set(out) == {
        "threshold",
        "algorithm",
        "kinds",
        "overall",
        "screens_per_second",
        "misses",
        "wrong_hits",
    }
    assert set(out["kinds"]) == {"alias", "negative"}
    assert set(out["kinds"]["alias"]) == {
        "queries",
        "recall_at_1",
        "recall_at_5",
        "recall_at_threshold",
        "wrong_hit_rate",
    }
    assert set(out["kinds"]["negative"]) == {"queries", "false_positive_rate"}
    assert out["overall"]["queries"] == 50
    text = run("eval", str(path))
    assert text.exit_code == 0, text.stderr
    rows = text.stdout.splitlines()
    assert rows[0].startswith("algorithm zaslon-v1") and rows[1].split()[:2] == ["kind", "n"]
    assert [r.split()[0] for r in rows[2:5]] == ["alias", "negative", "overall"]
    assert rows[-1].endswith("screens/s")
    wrong = sum(len(hits) for hits in out["wrong_hits"].values())
    assert wrong > 0 and rows[-2].startswith(f"{wrong} wrong hits at or above the threshold")


@pytest.mark.parametrize("command", ["match", "eval"])
@pytest.mark.parametrize(
    ("content", "fragments"),
    [
        ('{"query": {"schema": "Person", "properties": {"name": ["ok"]}}}\n{oops\n', ["line 2", "not JSON"]),
        ('{"query": {"schema": "Spaceship", "properties": {"name": ["x"]}}}\n', ["line 1", "Spaceship"]),
        (
            '{"query": {"schema": "Person", "properties": {"name": ["x"], "birthDate": ["1954x"]}}}\n',
            ["line 1", "1954x"],
        ),
    ],
)
def test_bad_query_file_is_one_line_error(
    run: Runner, tmp_path: Path, command: str, content: str, fragments: list[str]
) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    args = ("match", "--queries", str(path), "--json") if command == "match" else ("eval", str(path))
    result = run(*args)
    assert_one_line_error(result, "bad.jsonl", *fragments)
    assert not run.built  # refused before any engine was built


def test_missing_query_file(run: Runner, tmp_path: Path) -> None:
    assert_one_line_error(run("eval", str(tmp_path / "nope.jsonl")), "nope.jsonl")
    assert_one_line_error(run("match", "--queries", str(tmp_path / "nope.jsonl")), "nope.jsonl")


def test_bad_match_arguments(run: Runner) -> None:
    assert_one_line_error(run("match", "Lukashenko", "--dob", "30.08.54x"), "30.08.54x")
    assert_one_line_error(run("match", "Lukashenko", "--schema", "Spaceship"), "Spaceship")
    neither = run("match")
    assert neither.exit_code == 2 and "NAME or --queries" in neither.stderr
    both = run("match", "X", "--queries", "q.jsonl")
    assert both.exit_code == 2


def test_eval_end_to_end_builds_its_engine_from_the_store(engine: Engine, engine_data_dir: Path) -> None:
    """Unpatched: `zaslon eval` builds the index from the store and agrees with the library."""
    result = invoke(engine_data_dir, "eval", str(DATA / "devset_queries.jsonl"), "--json", env=_ISOLATED)
    assert result.exit_code == 0, result.stderr
    assert "index of 25529 listed entities built" in result.stderr
    out = orjson.loads(result.stdout)
    expected = evaluate(engine, read_queries(DATA / "devset_queries.jsonl"))
    assert out["kinds"] == expected["kinds"] and out["overall"] == expected["overall"]
    assert out["misses"] == expected["misses"] and out["wrong_hits"] == expected["wrong_hits"]
