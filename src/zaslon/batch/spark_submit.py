"""Entry script for ``spark-submit``: screen a table on a Spark cluster.

    spark-submit --master yarn zaslon/batch/spark_submit.py \\
        --input s3://bank/customers/ --format parquet \\
        --map name=full_name,dob=birth_date,country=nationality --schema Person \\
        --out s3://bank/screening/2026-11-25/

The engine is built on the driver from the lists of the store that the
``ZASLON_*`` settings name (the bundled snapshot if the store is empty), or
from FollowTheMoney JSON lines given with ``--lists`` (e.g. the output of
``zaslon export`` copied next to the job), then broadcast to the executors.
The output is written in the format of ``--out-format`` (Parquet by default)
and holds one row per hit plus the rejected rows with their reason in
``error``; ``--errors`` writes the rejected rows to a separate location.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from zaslon.batch.results import LIST_FIELDS
from zaslon.engine import Engine


def _engine(lists: str | None) -> Engine:
    if lists is None:
        from zaslon.settings import Settings

        return Engine.open(Settings.from_env())
    from zaslon.lists import parse
    from zaslon.sources.files import read_list

    listed = read_list(Path(lists))
    parsed = parse(listed.format, listed.files, listed.main, listed.format.dataset, listed.origin)
    return Engine.build(parsed.entities)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="spark_submit.py", description="Screen a table with zaslon on Spark.")
    p.add_argument("--input", required=True, help="Path or URI Spark can read (a file or a folder).")
    p.add_argument("--format", default="parquet", choices=["parquet", "csv", "tsv", "json", "jsonl", "orc"])
    p.add_argument(
        "--map", dest="mapping", required=True, help="name=COL[,dob=COL,country=COL,id=COL,schema=COL]"
    )
    p.add_argument("--schema", default=None, help="Schema of every row (default LegalEntity).")
    p.add_argument("--out", required=True, help="Where to write the hits (a folder).")
    p.add_argument("--out-format", default="parquet", choices=["parquet", "csv", "json"])
    p.add_argument("--errors", default=None, help="Also write the rejected rows here (a folder).")
    p.add_argument("--threshold", type=float, default=None)
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--all", dest="all_rows", action="store_true", help="Every row, with its best score.")
    p.add_argument("--lists", default=None, help="A list file (e.g. FtM JSON lines) to screen against.")
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    from zaslon.batch.spark import ERROR_FIELD, screen_dataframe

    args = parse_args(argv)
    spark = SparkSession.builder.appName("zaslon-screen").getOrCreate()
    reader = spark.read
    if args.format in ("csv", "tsv"):
        reader = reader.option("header", True).option("sep", "\t" if args.format == "tsv" else ",")
    df = reader.format({"tsv": "csv", "jsonl": "json"}.get(args.format, args.format)).load(args.input)
    started = time.perf_counter()
    engine = _engine(args.lists)
    print(
        f"zaslon: index of {engine.size} listed entities built in {engine.build_seconds:.1f} s",
        file=sys.stderr,
    )
    result = screen_dataframe(
        df, args.mapping, schema=args.schema, threshold=args.threshold, limit=args.limit,
        all_rows=args.all_rows, engine=engine,
    )  # fmt: skip
    result = result.cache()  # written and counted from one screening pass
    writer = result
    if args.out_format == "csv":  # CSV has no arrays
        for column in LIST_FIELDS:
            writer = writer.withColumn(column, F.concat_ws(";", column))
    writer.write.mode("overwrite").format(args.out_format).option("header", True).save(args.out)
    if args.errors:
        errors = result.where(F.col(ERROR_FIELD).isNotNull())
        errors.drop(*LIST_FIELDS).write.mode("overwrite").option("header", True).csv(args.errors)
    hits = result.where(F.col("entity_id").isNotNull()).count()
    rejected = result.where(F.col(ERROR_FIELD).isNotNull()).count()
    print(
        f"zaslon: {hits} hits, {rejected} rejected rows, {time.perf_counter() - started:.1f} s; "
        f"written to {args.out}",
        file=sys.stderr,
    )
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
