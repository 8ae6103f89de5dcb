"""``zaslon screen`` and the Spark module are documented in the README."""

from __future__ import annotations

from pathlib import Path

import click

from zaslon.cli.screen import screen_command

README = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")


def test_screen_usage_line_shows_every_option() -> None:
    line = next((ln for ln in README.splitlines() if ln.startswith("zaslon screen INPUT ")), None)
    assert line is not None, "README does not show the `zaslon screen INPUT ...` usage line"
    for param in screen_command.params:
        if isinstance(param, click.Option):
            assert any(opt in line for opt in param.opts), f"README's usage line lacks {param.opts[0]}"


def test_batch_section_covers_spark_and_clusters() -> None:
    section = README.split("## Batch screening", 1)[1]
    for needed in ("screen_dataframe", "spark_submit.py", "Databricks", "EMR", "standalone", ".errors.csv",
                   "checkpoint"):  # fmt: skip
        assert needed in section
