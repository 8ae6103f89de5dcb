"""Every lists command and its options are documented in the README."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from zaslon.cli.lists import COMMANDS

README = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")


def _commands() -> list[tuple[str, click.Command]]:
    found = []
    for command in COMMANDS:
        found.append((f"zaslon {command.name}", command))
        if isinstance(command, click.Group):
            found += [(f"zaslon {command.name} {name}", sub) for name, sub in command.commands.items()]
    return found


@pytest.mark.parametrize(("usage", "command"), _commands(), ids=lambda x: x if isinstance(x, str) else "")
def test_command_is_in_the_readme(usage: str, command: click.Command) -> None:
    line = next((ln for ln in README.splitlines() if ln.startswith(usage + " ") or ln == usage), None)
    assert line is not None, f"README does not show `{usage}`"
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden and param.name != "force":
            assert any(opt in line for opt in param.opts), f"README's `{usage}` line lacks {param.opts[0]}"


def test_settings_are_in_the_readme() -> None:
    for name in ("ZASLON_DATA_DIR", "--data-dir", "ZASLON_DATABASE_URL", "ZASLON_URL_", "ZASLON_DEBUG"):
        assert name in README
