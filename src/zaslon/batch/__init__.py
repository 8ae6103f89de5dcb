"""Batch screening: whole files of parties on one machine, and Spark DataFrames beyond it.

    readers   CSV/TSV/JSON lines/Parquet in, numbered rows out (streamed)
    mapping   ``--map`` and one row turned into a Query, or the reason it cannot be
    results   one row screened into output records (shared by the local runner and Spark)
    writers   CSV/JSON lines/Parquet out, and ``<out>.errors.csv``
    runner    the local pipeline: worker processes, progress, checkpoints and resume
    spark     ``screen_dataframe``; ``spark_submit`` is its entry script for ``spark-submit``
"""
