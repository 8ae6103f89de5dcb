"""Spark local mode: ``screen_dataframe`` gives the hits and rejections ``zaslon screen`` gives.

Runs in the default test command; skipped, with the reason, where pyspark or Java is missing.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.batch.conftest import CUSTOMERS, CUSTOMERS_MAP, Screen
from zaslon.engine import Engine


def _java_missing() -> str | None:
    java = shutil.which("java")
    if java is None:
        return "Spark needs Java: no java on PATH"
    try:
        subprocess.run([java, "-version"], capture_output=True, check=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"Spark needs Java: java -version failed ({exc})"
    return None


_why = (
    "pyspark is not installed (pip install 'zaslon[spark]')"
    if importlib.util.find_spec("pyspark") is None
    else _java_missing()
)
pytestmark = [pytest.mark.spark, pytest.mark.skipif(_why is not None, reason=_why or "")]


@pytest.fixture(scope="module")
def spark() -> Iterator[object]:
    from pyspark.sql import SparkSession

    patch = pytest.MonkeyPatch()
    patch.setenv("PYSPARK_PYTHON", sys.executable)  # executors run this Python, where zaslon is
    session = (
        SparkSession.builder.master("local[2]")
        .appName("zaslon-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
    patch.undo()


def _read(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def mixed_input(tmp_path: Path) -> Path:
    """The customers plus rows the CLI and Spark must both reject (the same way)."""
    path = tmp_path / "customers.csv"
    path.write_text(
        CUSTOMERS.read_text(encoding="utf-8")
        + "C041,,1970,,,Person\nC042,Sergei Lavrov,1950-13-45,,,Person\nC043,Rosneft,,,,Spaceship\n",
        encoding="utf-8",
    )
    return path


def test_spark_gives_the_same_hits_as_the_cli(
    spark: object, engine: Engine, screen: Screen, mixed_input: Path
) -> None:
    from zaslon.batch.spark import screen_dataframe

    out = mixed_input.with_name("hits.csv")
    result = screen(mixed_input, "--map", CUSTOMERS_MAP, "--out", out)
    assert result.exit_code == 0, result.output
    cli_rows = _read(out.read_text(encoding="utf-8"))
    keys = ["full_name", "birth_date", "nationality", "passport", "kind"]
    by_number = {i + 1: r for i, r in enumerate(_read(mixed_input.read_text(encoding="utf-8")))}
    cli_hits = sorted(
        (tuple(r[k] for k in keys), r["entity_id"], r["entity_referents"], float(r["score"]), r["explanation"])
        for r in cli_rows
    )
    cli_errors = sorted(
        (tuple(by_number[int(e["row"])][k] for k in keys), e["reason"])
        for e in _read(out.with_name("hits.csv.errors.csv").read_text(encoding="utf-8"))
    )

    df = spark.read.option("header", True).csv(str(mixed_input)).repartition(3)  # type: ignore[attr-defined]
    rows = screen_dataframe(df, CUSTOMERS_MAP, engine=engine).collect()
    spark_hits = sorted(
        (tuple(r[k] or "" for k in keys), r["entity_id"], ";".join(r["entity_referents"]), r["score"],
         r["explanation"])
        for r in rows
        if r["error"] is None
    )
    spark_errors = sorted(
        (tuple(r[k] or "" for k in keys), r["error"]) for r in rows if r["error"] is not None
    )
    assert len(cli_hits) > 30 and len(cli_errors) == 3  # one hit per party
    assert spark_hits == cli_hits
    assert spark_errors == cli_errors


def test_spark_all_rows_and_threshold(spark: object, engine: Engine) -> None:
    from zaslon.batch.spark import screen_dataframe

    df = spark.createDataFrame(  # type: ignore[attr-defined]
        [("Vladimir Putin", "1952-10-07"), ("Emma Thompson", None), ("Иван Петров", "1970")], ["name", "dob"]
    )
    rows = screen_dataframe(df, "name=name,dob=dob", schema="Person", engine=engine, all_rows=True).collect()
    emma = [r for r in rows if r["name"] == "Emma Thompson"]
    assert len(emma) == 1 and emma[0]["entity_id"] is None and emma[0]["error"] is None
    assert any("us_ofac_sdn-35096" in (r["entity_id"], *r["entity_referents"]) for r in rows)
    strict = screen_dataframe(
        df, "name=name", schema="Person", engine=engine, threshold=0.99, keep=["dob"]
    ).collect()
    assert strict and all(r["score"] >= 0.99 for r in strict)
    assert strict[0].asDict()["dob"] == "1952-10-07" and list(strict[0].asDict())[:2] == ["dob", "name"]


def test_spark_submit_script(
    spark: object, batch_data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The entry script end to end (it stops the session, so this test runs last)."""
    from zaslon.batch import spark_submit

    monkeypatch.setenv("ZASLON_DATA_DIR", str(batch_data_dir))  # the store filled for the session
    out, errors = tmp_path / "hits", tmp_path / "errors"
    code = spark_submit.main(
        ["--input", str(CUSTOMERS), "--format", "csv", "--map", CUSTOMERS_MAP, "--out", str(out),
         "--out-format", "csv", "--errors", str(errors)]
    )  # fmt: skip
    assert code == 0
    written = "".join(p.read_text(encoding="utf-8") for p in sorted(out.glob("part-*.csv")))
    assert "us_ofac_sdn-35096" in written and "us_ofac_sdn-20157" in written
