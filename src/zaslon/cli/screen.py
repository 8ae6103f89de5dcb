"""``zaslon screen``: a whole file of parties screened on every core, resumable."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from zaslon.cli import State, info, pass_state
from zaslon.cli.match import engine_of


WARM_FROM_BYTES = 1 << 20  # ~20,000 customer rows of name, birth date and country


@click.command("screen")
@click.argument("input_path", metavar="INPUT", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["csv", "tsv", "jsonl", "parquet"]), default=None,
              help="Input format (default: from the file name).")  # fmt: skip
@click.option("--map", "mapping", required=True, metavar="name=COL[,dob=COL,country=COL,id=COL,schema=COL]",
              help="Input columns to screen; name=A+B joins columns, name= may repeat.")  # fmt: skip
@click.option(
    "--schema", default=None, help="Schema of every row (Person, Company, ...; default LegalEntity)."
)
@click.option("--out", "output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Output file: .csv, .jsonl or .parquet; rejected rows go to OUTPUT.errors.csv.")  # fmt: skip
@click.option("--threshold", type=click.FloatRange(0, 1), default=None, help="Default: the algorithm's.")
@click.option(
    "--limit", type=click.IntRange(1, 100), default=10, show_default=True, help="Hits per row at most."
)
@click.option("--workers", type=click.IntRange(0, 256), default=0, help="Processes (default: every core).")
@click.option(
    "--all", "all_rows", is_flag=True, help="Also write every row without a hit, with its best score."
)
@click.option("--restart", is_flag=True, help="Ignore a checkpoint left by an interrupted run; start over.")
@pass_state
def screen_command(
    state: State,
    input_path: Path,
    fmt: str | None,
    mapping: str,
    schema: str | None,
    output: Path,
    threshold: float | None,
    limit: int,
    workers: int,
    all_rows: bool,
    restart: bool,
) -> None:
    """Screen every row of INPUT; hits to --out, a summary on stderr.

    An interrupted run (Ctrl-C, kill) continues where it stopped when the same
    command is run again.
    """
    from zaslon.batch.mapping import parse_mapping
    from zaslon.batch.readers import detect_format, read_columns
    from zaslon.batch.results import Screening
    from zaslon.batch.runner import Job, run
    from zaslon.batch.writers import errors_path, output_format

    parsed = parse_mapping(mapping, schema=schema)
    # refuse a bad command before the lists are loaded and indexed
    kind = detect_format(input_path, fmt)
    output_format(output)
    if not input_path.is_file():
        raise click.UsageError(f"no such input file: {input_path}")
    parsed.check_columns(read_columns(input_path, kind), str(input_path))
    # warming the index (about a second) pays for itself over some tens of thousands of rows;
    # the size says roughly how many without reading the file an extra time
    engine = engine_of(state, warm=input_path.stat().st_size >= WARM_FROM_BYTES)
    cut = engine.threshold if threshold is None else threshold
    job = Job(input_path, output, Screening(parsed, cut, limit, all_rows), kind, workers)
    summary = run(job, engine, log=info, tty=sys.stderr.isatty(), restart=restart)
    info(summary.line())
    if summary.rejected:
        info(f"rejected rows and reasons: {errors_path(output)}")


COMMANDS = [screen_command]
