"""Screening a Spark DataFrame: for customer bases past what one machine does in time.

``screen_dataframe`` builds (or takes) the engine once on the driver,
broadcasts it to the executors (it pickles to ~15 MB for all bundled lists),
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

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from zaslon.batch.mapping import Mapping, parse_mapping
from zaslon.batch.results import Screening, key_value, screen_row
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


def output_schema(screening: Screening) -> Any:
    """The Spark schema of ``screen_dataframe``'s result."""
    from pyspark.sql.types import ArrayType, DoubleType, StringType, StructField, StructType

    fields = [StructField(name, StringType(), True) for name in screening.output_fields[1:-6]]
    fields += [
        StructField("entity_id", StringType(), True),
        StructField("entity_caption", StringType(), True),
        StructField("entity_schema", StringType(), True),
        StructField("entity_datasets", ArrayType(StringType()), True),
        StructField("score", DoubleType(), True),
        StructField("explanation", StringType(), True),
        StructField(ERROR_FIELD, StringType(), True),
    ]
    return StructType(fields)


def _screen_partition(engine_bc: Any, screening: Screening) -> Any:
    """The function each partition runs (a closure: shipped to executors with its arguments)."""

    def run(rows: Iterable[Any]) -> Iterator[tuple[Any, ...]]:
        engine: Engine = engine_bc.value  # unpickled once per Python worker, then cached
        columns = screening.key_columns
        blank: tuple[Any, ...] = (None, None, None, [], None, None)
        for row in rows:
            values = row.asDict()
            records, reason = screen_row(engine, screening, 0, values)
            if reason is not None:
                yield (*(key_value(values.get(c)) for c in columns), *blank, reason)
                continue
            for record in records:
                yield (*record[1:], None)

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
) -> DataFrame:
    """Hits of every row of ``df`` (lazy: nothing runs until the result is written or collected).

    ``mapping`` is a ``Mapping`` or the ``--map`` text (``name=COL,dob=COL,...``);
    ``schema`` the schema of every row when the mapping has no schema column.
    ``engine`` defaults to one over the lists of the store the ``ZASLON_*``
    settings name (filled from the bundled snapshot if empty).
    """
    _require_pyspark()
    if isinstance(mapping, str):
        mapping = parse_mapping(mapping, schema=schema)
    mapping.check_columns(df.columns, "DataFrame")
    if engine is None:
        from zaslon.settings import Settings

        engine = Engine.open(Settings.from_env())
    cut = engine.threshold if threshold is None else threshold
    screening = Screening(mapping, cut, limit, all_rows)
    spark = df.sparkSession
    engine_bc = spark.sparkContext.broadcast(engine)
    rows = df.select(*mapping.columns).rdd.mapPartitions(_screen_partition(engine_bc, screening))
    return spark.createDataFrame(rows, output_schema(screening))
