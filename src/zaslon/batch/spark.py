"""Screening a Spark DataFrame: for customer bases past what one machine does in time.

``screen_dataframe`` builds (or takes) the engine once on the driver,
broadcasts it to the executors (it pickles to ~50 MB for all bundled lists),
and screens each partition with ``mapPartitions``: every Python worker
unpickles the engine once and keeps it for all the tasks it runs.  Rows are
screened exactly as ``zaslon screen`` screens them (``results.screen_row``),
so the same input gives the same hits.

The result has one row per hit at or above the threshold with the mapped
input columns, the entity columns and ``error`` (null); a row that cannot be
screened appears once, with empty entity columns and the reason in ``error``;
with ``all_rows`` a row with no hit appears once with its best score.

    from zaslon.batch.spark import screen_dataframe
    hits = screen_dataframe(spark.read.parquet("s3://bank/customers/"), "name=full_name,dob=birth_date",
                            schema="Person")
    hits.write.parquet("s3://bank/screening/2026-11-25/")

Executors need zaslon installed (``pip install zaslon`` in the cluster's
Python environment, or a wheel passed with ``--py-files``); pyspark itself
comes from the cluster (``pip install 'zaslon[spark]'`` for local runs).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zaslon.batch.mapping import Mapping, parse_mapping
from zaslon.batch.results import ENTITY_FIELDS, Screening, key_value, screen_row
from zaslon.engine import Engine
from zaslon.exc import ConfigError

if TYPE_CHECKING:  # pragma: no cover
    from pyspark.sql import DataFrame

ERROR_FIELD = "error"


def _require_pyspark() -> None:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        raise ConfigError("Spark screening needs pyspark: pip install 'zaslon[spark]'") from None


def output_schema(screening: Screening, keep: Sequence[str] = ()) -> Any:
    """The Spark schema of ``screen_dataframe``'s result."""
    from pyspark.sql.types import ArrayType, DoubleType, StringType, StructField, StructType

    shown = zip(screening.key_columns, screening.output_fields[1 : -len(ENTITY_FIELDS)], strict=True)
    names = [*keep, *(name for column, name in shown if column not in keep)]
    fields = [StructField(name, StringType(), True) for name in names]
    fields += [
        StructField("entity_id", StringType(), True),
        StructField("entity_caption", StringType(), True),
        StructField("entity_schema", StringType(), True),
        StructField("entity_datasets", ArrayType(StringType()), True),
        StructField("entity_referents", ArrayType(StringType()), True),
        StructField("score", DoubleType(), True),
        StructField("explanation", StringType(), True),
        StructField(ERROR_FIELD, StringType(), True),
    ]
    return StructType(fields)


@functools.cache
def code_fingerprint() -> str:
    """A digest of zaslon's own source: the engine pickled on the driver only fits the same code."""
    root = Path(__file__).resolve().parents[1]
    # the code whose objects the pickled engine holds, and the code that screens with it
    files = [*root.glob("core/**/*.py"), root / "engine.py", *root.glob("batch/*.py")]
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _screen_partition(engine_bc: Any, screening: Screening, keep: Sequence[str]) -> Any:
    """The function each partition runs (a closure: shipped to executors with its arguments)."""

    def run(rows: Iterable[Any]) -> Iterator[tuple[Any, ...]]:
        built_by, engine = engine_bc.value  # unpickled once per Python worker, then cached
        if built_by != code_fingerprint():
            # an index pickled by other code fails later in obscure ways (a missing attribute)
            raise ConfigError(
                f"the executors run other zaslon code ({code_fingerprint()}) than the driver that built "
                f"the engine ({built_by}); install the same zaslon version on every node"
            )
        columns = screening.key_columns
        # key columns also kept are shown once, among the kept ones
        shown = [i for i, c in enumerate(columns) if c not in keep]
        blank: tuple[Any, ...] = (None, None, None, [], [], None, None)
        for row in rows:
            values = row.asDict()
            kept = tuple(key_value(values.get(c)) for c in keep)
            records, reason = screen_row(engine, screening, 0, values)
            if reason is not None:
                yield (*kept, *(key_value(values.get(columns[i])) for i in shown), *blank, reason)
                continue
            for record in records:
                keys = record[1 : 1 + len(columns)]
                yield (*kept, *(keys[i] for i in shown), *record[1 + len(columns) :], None)

    return run


def screen_dataframe(
    df: DataFrame,
    mapping: Mapping | str,
    *,
    schema: str | None = None,
    threshold: float | None = None,
    limit: int = 10,
    all_rows: bool = False,
    engine: Engine | None = None,
    keep: Sequence[str] = (),
) -> DataFrame:
    """Hits of every row of ``df`` (lazy: nothing runs until the result is written or collected).

    ``mapping`` is a ``Mapping`` or the ``--map`` text (``name=COL,dob=COL,...``);
    ``schema`` the schema of every row when the mapping has no schema column.
    ``engine`` defaults to one over the lists of the store the ``ZASLON_*``
    settings name (filled from the bundled snapshot if empty).  ``keep`` names
    input columns carried to the output unscreened (a customer number, say).
    """
    _require_pyspark()
    if isinstance(mapping, str):
        mapping = parse_mapping(mapping, schema=schema)
    mapping.check_columns(df.columns, "DataFrame")
    keep = list(keep)
    missing = [c for c in keep if c not in df.columns]
    if missing:
        raise ConfigError(f"DataFrame: no column {', '.join(map(repr, missing))} to keep")
    if engine is None:
        from zaslon.settings import Settings

        engine = Engine.open(Settings.from_env())
    cut = engine.threshold if threshold is None else threshold
    screening = Screening(mapping, cut, limit, all_rows)
    spark = df.sparkSession
    engine_bc = spark.sparkContext.broadcast((code_fingerprint(), engine))
    selected = [*keep, *(c for c in mapping.columns if c not in keep)]
    rows = df.select(*selected).rdd.mapPartitions(_screen_partition(engine_bc, screening, keep))
    return spark.createDataFrame(rows, output_schema(screening, keep))
