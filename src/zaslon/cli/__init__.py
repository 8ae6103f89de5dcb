"""The ``zaslon`` command: a thin shell over the library.

Data goes to stdout, progress and warnings to stderr.  Any error is one line,
``error: <message>``, on stderr with exit code 1 and no traceback
(``ZASLON_DEBUG=1`` re-raises instead, for developers).

Command modules each export ``COMMANDS``; to add one, append its module to
``COMMAND_MODULES`` at the bottom of this file.
"""

from __future__ import annotations

import importlib
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

import click
import orjson

from zaslon.exc import ZaslonError
from zaslon.settings import Settings
from zaslon.store import ListStore


class _Group(click.Group):
    """The root group: turns every error into one line and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except ZaslonError as exc:
            _fail(exc, str(exc))
        except BrokenPipeError:
            # stdout was closed early (``zaslon export | head``): not an error worth a message
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("error: interrupted", err=True)
            sys.exit(130)
        except Exception as exc:  # noqa: BLE001 - a bug still must not print a traceback to an operator
            _fail(exc, f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__)


def _fail(exc: BaseException, message: str) -> NoReturn:
    if os.environ.get("ZASLON_DEBUG", "").lower() in ("1", "true", "yes", "on"):
        raise exc
    click.echo(f"error: {' '.join(message.split())}", err=True)
    sys.exit(1)


class State:
    """What commands share: settings built once at the edge, and the store opened on demand."""

    def __init__(self, data_dir: Path | None) -> None:
        self._data_dir = data_dir
        self._settings: Settings | None = None
        self._store: ListStore | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = Settings.from_env(data_dir=self._data_dir)
        return self._settings

    def store(self, *, bootstrap: bool = True) -> ListStore:
        """The list store; an empty one is first filled from the bundled snapshot."""
        if self._store is None:
            from zaslon.lists import ensure_snapshot, open_store

            self._store = open_store(self.settings)
            if bootstrap and self._store.is_empty():
                info("first use: loading the bundled lists (offline)")
                started = time.perf_counter()
                outcomes = ensure_snapshot(self._store, progress=info)
                for outcome in outcomes:
                    if outcome.status == "failed":
                        info(f"warning: bundled {outcome.dataset} not loaded: {outcome.reason}")
                    else:
                        report_warnings(outcome.dataset, outcome.warnings, examples=1)
                loaded = sum(o.status != "failed" for o in outcomes)
                info(f"loaded {loaded} bundled lists in {time.perf_counter() - started:.1f} s")
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


pass_state = click.make_pass_decorator(State)


def info(message: str) -> None:
    """A progress or log line: stderr, never mixed with data."""
    click.echo(message, err=True)


def echo_json(data: Any) -> None:
    """Data as JSON on stdout (UTF-8, indented, keys in insertion order)."""
    click.echo(orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS).decode())


def echo_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Rows as aligned plain-text columns on stdout."""
    cells = [[str(h) for h in headers]] + [["" if c is None else str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    for row in cells:
        click.echo("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip())


def report_warnings(dataset: str, warnings: Sequence[str], *, examples: int = 3) -> None:
    """Parse warnings (values kept as text): a count and the first few, on stderr."""
    if not warnings:
        return
    info(
        f"{dataset}: {len(warnings)} warning{'s' if len(warnings) != 1 else ''} (values kept as text), e.g.:"
    )
    for message in warnings[:examples]:
        info(f"  {message}")


@click.group(cls=_Group)
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where zaslon keeps its data (default: $ZASLON_DATA_DIR or the user data folder).",
)
@click.version_option(package_name="zaslon")
@click.pass_context
def main(ctx: click.Context, data_dir: Path | None) -> None:
    """zaslon: sanctions screening over the official lists."""
    state = State(data_dir)
    ctx.obj = state
    ctx.call_on_close(state.close)


# Command modules, each exporting COMMANDS (a list of click commands).
COMMAND_MODULES = [
    "zaslon.cli.lists",
    "zaslon.cli.match",
    "zaslon.cli.screen",
    "zaslon.cli.serve",
    "zaslon.cli.circumvention",
    "zaslon.cli.workflow",
]

for _module in COMMAND_MODULES:
    for _command in importlib.import_module(_module).COMMANDS:
        main.add_command(_command)
