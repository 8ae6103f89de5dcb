"""``zaslon screen`` end to end: outputs, the errors file, counts, formats, workers, refusals."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import orjson
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.batch.conftest import CUSTOMERS_MAP, Screen
from zaslon.batch.mapping import parse_mapping
from zaslon.batch.results import Screening
from zaslon.batch.runner import Job, checkpoint_path, run
from zaslon.engine import Engine

SUMMARY = re.compile(
    r"rows read (\d+), screened (\d+), rejected (\d+), rows with a hit (\d+), hits (\d+), time"
)


def summary(stderr: str) -> tuple[int, ...]:
    found = SUMMARY.search(stderr)
    assert found, stderr
    return tuple(int(g) for g in found.groups())


def listings(rows: list[dict[str, str]]) -> set[str]:
    """Every listing some output rows name: their own and their parties' on other lists."""
    return {i for r in rows for i in (r["entity_id"], *r["entity_referents"].split(";")) if i}


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_customers_hits_and_summary(screen: Screen, customers: Path, engine: Engine) -> None:
    out = customers.with_name("hits.csv")
    result = screen(customers, "--map", CUSTOMERS_MAP, "--out", out, "--workers", "1")
    assert result.exit_code == 0, result.output
    rows = read_csv(out)
    assert list(rows[0]) == [
        "row", "full_name", "birth_date", "nationality", "passport", "kind",
        "entity_id", "entity_caption", "entity_schema", "entity_datasets", "entity_referents", "score",
        "explanation",
    ]  # fmt: skip
    by_row: dict[int, list[dict[str, str]]] = {}
    for r in rows:
        by_row.setdefault(int(r["row"]), []).append(r)
    # listed people in Latin, Cyrillic and Arabic script, with typos and a dropped patronymic
    assert "us_ofac_sdn-35096" in listings(by_row[1])  # Vladimir Putin
    assert "us_ofac_sdn-35096" in listings(by_row[3])  # Владимир Путин
    assert "us_ofac_sdn-20157" in listings(by_row[4])  # Kim Jong Un
    # one record per party: Putin's UK and Australian listings are named in his US one's, not repeated
    assert len(by_row[1]) == 1 and {"gb_hmt-14196", "au_dfat-6678"} <= listings(by_row[1])
    assert by_row[10] and all(  # بشار الأسد: al-Asad or al-Assad, never another al-Assad
        re.search(r"BASHAR.*AS+AD|AS+AD.*BASHAR", r["entity_caption"].upper()) for r in by_row[10]
    ), [r["entity_caption"] for r in by_row[10]]
    assert by_row[14] and all("KADYROV" in r["entity_caption"] for r in by_row[14])  # Kadirov
    assert by_row[26] and all("PRIGOZHIN" in r["entity_caption"] for r in by_row[26])  # Evgeniy Prigozin
    for ordinary in (2, 5, 8, 22, 27, 32, 34, 36, 38):  # Emma Thompson, Lukas Becker, ...
        assert ordinary not in by_row
    putin = by_row[1][0]
    assert putin["full_name"] == "Vladimir Putin" and putin["birth_date"] == "1952-10-07"
    assert float(putin["score"]) >= engine.threshold
    assert "PUTIN" in putin["explanation"].upper() and "\n" not in putin["explanation"]
    assert all(float(r["score"]) >= engine.threshold for r in rows)
    assert all(r["entity_datasets"] for r in rows)
    read, screened, rejected, with_hit, hits = summary(result.stderr)
    assert (read, screened, rejected) == (40, 40, 0)
    assert with_hit == len(by_row) and hits == len(rows)
    assert not checkpoint_path(out).exists()  # a completed run leaves no checkpoint
    assert out.with_name("hits.csv.errors.csv").read_text() == "row,reason\n"


def test_every_bad_row_goes_to_the_errors_file(screen: Screen, tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_bytes(
        b"name,dob,kind\n"
        b"Vladimir Putin,1952-10-07,Person\n"  # 1 hit
        b",1970,Person\n"  # 2 no name
        b"Jos\xe9 Garc\xeda,,Person\n"  # 3 undecodable bytes
        b"Sergei Lavrov,1950-13-45,Person\n"  # 4 malformed date
        b"Ivan,Petrov,1970,Person\n"  # 5 wrong column count
        b"Emma Thompson,1981,Person\n"  # 6 no hit
        b"Rosneft,,Spaceship\n"  # 7 unknown schema
        b"Kim Jong Un,,Person\n"  # 8 hit
        b"short\n"  # 9 wrong column count
    )
    out = tmp_path / "hits.jsonl"
    result = screen(path, "--map", "name=name,dob=dob,schema=kind", "--out", out, "--workers", "2")
    assert result.exit_code == 0, result.output
    errors = read_csv(tmp_path / "hits.jsonl.errors.csv")
    assert [(int(e["row"]), e["reason"]) for e in errors] == [
        (2, "no name in column 'name'"),
        (3, "undecodable bytes (not UTF-8): Jos\\xe9 Garc\\xeda"),
        (4, "malformed date '1950-13-45' in column 'dob' (expected YYYY, YYYY-MM or YYYY-MM-DD)"),
        (5, "wrong column count: 4 values where the header has 3"),
        (7, ("unknown schema 'Spaceship' in column 'kind' (expected one of Airplane, Company, LegalEntity, "
             "Organization, Person, Thing, Vessel)")),
        (9, "wrong column count: 1 values where the header has 3"),
    ]  # fmt: skip
    hits = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    assert {h["row"] for h in hits} == {1, 8}
    assert all(isinstance(h["entity_datasets"], list) and isinstance(h["score"], float) for h in hits)
    read, screened, rejected, with_hit, _ = summary(result.stderr)
    assert (read, screened, rejected, with_hit) == (9, 3, 6, 2)
    assert "hits.jsonl.errors.csv" in result.stderr


def test_all_rows_gives_every_screened_row(screen: Screen, customers: Path) -> None:
    out = customers.with_name("all.csv")
    result = screen(customers, "--map", CUSTOMERS_MAP, "--out", out, "--all", "--workers", "1")
    assert result.exit_code == 0, result.output
    rows = read_csv(out)
    assert {int(r["row"]) for r in rows} == set(range(1, 41))
    emma = [r for r in rows if r["full_name"] == "Emma Thompson"]
    assert len(emma) == 1 and emma[0]["entity_id"] == "" and emma[0]["explanation"] == ""
    assert emma[0]["score"] == "" or float(emma[0]["score"]) < 0.7
    default = customers.with_name("default.csv")
    assert screen(customers, "--map", CUSTOMERS_MAP, "--out", default, "--workers", "1").exit_code == 0
    hits_only = [r for r in rows if r["entity_id"]]
    assert hits_only == read_csv(default)


def test_workers_and_formats_agree(screen: Screen, customers: Path) -> None:
    one, two = customers.with_name("one.csv"), customers.with_name("two.csv")
    assert screen(customers, "--map", CUSTOMERS_MAP, "--out", one, "--workers", "1").exit_code == 0
    assert screen(customers, "--map", CUSTOMERS_MAP, "--out", two, "--workers", "2").exit_code == 0
    assert one.read_bytes() == two.read_bytes()
    parquet = customers.with_name("hits.parquet")
    result = screen(customers, "--map", CUSTOMERS_MAP, "--out", parquet)
    assert result.exit_code == 0, result.output
    assert not parquet.with_name("hits.parquet.partial.jsonl").exists()
    table = pq.read_table(parquet).to_pylist()
    as_csv = read_csv(one)
    assert len(table) == len(as_csv)
    for got, want in zip(table, as_csv):
        assert got["row"] == int(want["row"]) and got["entity_id"] == want["entity_id"]
        assert ";".join(got["entity_datasets"]) == want["entity_datasets"]
        assert f"{got['score']:.4f}" == want["score"] and got["explanation"] == want["explanation"]


def test_jsonl_and_parquet_inputs(screen: Screen, tmp_path: Path) -> None:
    import pyarrow as pa

    values = {"name": ["Vladimir Putin", "Emma Thompson", None], "dob": ["1952-10-07", None, "1970"]}
    pq.write_table(pa.table(values), tmp_path / "in.parquet")
    (tmp_path / "in.jsonl").write_bytes(
        b"".join(orjson.dumps(dict(zip(values, row))) + b"\n" for row in zip(*values.values()))
    )
    outputs = []
    for name in ("in.parquet", "in.jsonl"):
        out = tmp_path / f"{name}.csv"
        result = screen(tmp_path / name, "--map", "name=name,dob=dob", "--schema", "Person", "--out", out)
        assert result.exit_code == 0, result.output
        assert summary(result.stderr)[:3] == (3, 2, 1)
        outputs.append(out.read_text())
    assert outputs[0] == outputs[1] and "us_ofac_sdn-35096" in outputs[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--map", "name=fullname"], "no column 'fullname'"),
        (["--map", "name=full_name", "--schema", "Ship"], "unknown schema 'Ship'"),
        (["--map", "name=full_name", "--out-ext", ".xlsx"], "name it .csv, .jsonl or .parquet"),
        (["--map", "dob=birth_date"], "--map needs name=COLUMN"),
    ],
)
def test_refusals_are_one_line(screen: Screen, customers: Path, args: list[str], message: str) -> None:
    out = customers.with_name("out.xlsx" if "--out-ext" in args else "out.csv")
    args = [a for a in args if a not in ("--out-ext", ".xlsx")]
    result = screen(customers, *args, "--out", out)
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0], result.stderr
    assert not out.exists()


def test_another_command_does_not_mix_into_a_partial_output(
    screen: Screen, customers: Path, engine: Engine
) -> None:
    out = customers.with_name("hits.csv")
    mapping = parse_mapping(CUSTOMERS_MAP)
    job = Job(customers, out, Screening(mapping, engine.threshold), workers=1)
    # leave a checkpoint as an interrupted run would
    with pytest.raises(KeyboardInterrupt):
        _interrupt(job, engine)
    assert checkpoint_path(out).exists()
    result = screen(customers, "--map", "name=full_name", "--out", out)
    assert result.exit_code == 1
    assert "holds the partial output of a different command (changed: mapping)" in result.stderr
    result = screen(customers, "--map", "name=full_name", "--out", out, "--restart")
    assert result.exit_code == 0, result.output
    assert "--restart: ignoring" in result.stderr and not checkpoint_path(out).exists()


def _interrupt(job: Job, engine: Engine) -> None:
    """Run ``job`` and press Ctrl-C after its first chunk."""
    calls = 0

    def log(message: str) -> None:
        pass

    class Stop:
        def screen(self, *a: object, **kw: object) -> object:
            nonlocal calls
            calls += 1
            if calls > 3:
                raise KeyboardInterrupt
            return engine.screen(*a, **kw)  # type: ignore[arg-type]

        def __getattr__(self, name: str) -> object:
            return getattr(engine, name)

    job.chunk_rows = 2
    run(job, Stop(), log=log)  # type: ignore[arg-type]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.sampled_from(
            [
                "Vladimir Putin,1952",
                "Emma Thompson,1981-03-14",
                ",1970",
                "Ali,1970-02-30",
                "a,b,c",
                "Иван Петров,",
                "李明,1988",
                '"Smith, John",1970',
                "bad \udcff byte,",
            ]
        ),
        max_size=25,
    ),
    st.booleans(),
)
def test_rows_read_is_screened_plus_rejected(
    engine: Engine, tmp_path_factory: pytest.TempPathFactory, lines: list[str], all_rows: bool
) -> None:
    folder = tmp_path_factory.mktemp("invariant")
    path = folder / "in.csv"
    path.write_bytes(
        ("name,dob\n" + "".join(f"{line}\n" for line in lines)).encode("utf-8", "surrogateescape")
    )
    job = Job(path, folder / "out.csv", Screening(parse_mapping("name=name,dob=dob"), engine.threshold,
                                                  all_rows=all_rows), workers=1, chunk_rows=4)  # fmt: skip
    s = run(job, engine, log=lambda m: None)
    assert s.rows_read == len(lines) == s.screened + s.rejected
    errors = read_csv(folder / "out.csv.errors.csv")
    assert len(errors) == s.rejected
    out_rows = {int(r["row"]) for r in read_csv(folder / "out.csv")}
    assert not out_rows & {int(e["row"]) for e in errors}
    if all_rows:
        assert len(out_rows) == s.screened
    else:
        assert len(out_rows) == s.rows_with_hit


@pytest.mark.parametrize("suffix", [".parquet", ".jsonl"])
def test_resumed_output_equals_uninterrupted(
    customers: Path, engine: Engine, suffix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from zaslon.batch import runner

    monkeypatch.setattr(runner, "CHECKPOINT_SECONDS", 0.0)  # a checkpoint after every chunk
    screening = Screening(parse_mapping(CUSTOMERS_MAP), engine.threshold)
    whole = customers.with_name(f"whole{suffix}")
    run(Job(customers, whole, screening, workers=1), engine, log=lambda m: None)
    out = customers.with_name(f"hits{suffix}")
    with pytest.raises(KeyboardInterrupt):
        _interrupt(Job(customers, out, screening, workers=1), engine)
    assert checkpoint_path(out).exists()
    messages: list[str] = []
    summary_ = run(Job(customers, out, screening, workers=1), engine, log=messages.append)
    assert any(m.startswith("resuming after row") for m in messages), messages
    assert summary_.rows_read == 40 and summary_.screened == 40
    if suffix == ".parquet":
        assert pq.read_table(out).to_pylist() == pq.read_table(whole).to_pylist()
    else:
        assert out.read_bytes() == whole.read_bytes()


def test_progress_logs_plain_lines_off_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from zaslon.batch import runner

    monkeypatch.setattr(runner, "LOG_SECONDS", 0.0)
    lines: list[str] = []
    progress = runner._Progress(total=1000, done=0, tty=False, log=lines.append)
    progress.update(250)
    progress.close()
    assert len(lines) == 1
    assert re.match(r"screened 250 rows of ~1000 \(25%\), \d+ rows/s, ETA \d+", lines[0]), lines


@pytest.mark.parametrize(("copies", "warm"), [(1, False), (700, True)])
def test_the_index_is_warmed_for_large_inputs_only(
    engine: Engine,
    batch_data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    copies: int,
    warm: bool,
) -> None:
    """Warming costs about a second: worth it over a megabyte of rows, not over twenty."""
    import zaslon.cli.screen as screen_module
    from click.testing import CliRunner

    from tests.batch.conftest import CUSTOMERS
    from zaslon.cli import main

    asked: list[bool] = []

    def engine_of(state: object, warm: bool = True) -> Engine:
        asked.append(warm)
        return engine

    monkeypatch.setattr(screen_module, "engine_of", engine_of)
    header, *body = CUSTOMERS.read_bytes().splitlines(keepends=True)
    big = tmp_path / "customers.csv"
    big.write_bytes(header + b"".join(body) * copies)
    assert (big.stat().st_size >= screen_module.WARM_FROM_BYTES) == warm
    args = ["--data-dir", str(batch_data_dir), "screen", str(big), "--map", CUSTOMERS_MAP]
    result = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "hits.csv"), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert asked == [warm]
