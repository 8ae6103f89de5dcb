"""Every circumvention command and option is on its README line."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from zaslon.cli.circumvention import COMMANDS

README = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")


def _commands() -> list[tuple[str, click.Command]]:
    return [
        (f"zaslon {group.name} {name}", sub)
        for group in COMMANDS
        if isinstance(group, click.Group)
        for name, sub in group.commands.items()
    ]


def test_every_group_has_commands() -> None:
    assert {usage for usage, _ in _commands()} == {
        "zaslon ownership load", "zaslon ownership check", "zaslon ownership blocked",
        "zaslon goods check", "zaslon shipments screen",
    }  # fmt: skip


@pytest.mark.parametrize(("usage", "command"), _commands(), ids=lambda x: x if isinstance(x, str) else "")
def test_command_is_in_the_readme(usage: str, command: click.Command) -> None:
    line = next((ln for ln in README.splitlines() if ln.startswith(usage + " ")), None)
    assert line is not None, f"README does not show `{usage}`"
    for param in command.params:
        if isinstance(param, click.Option) and param.name != "force":
            assert any(opt in line for opt in param.opts), f"README's `{usage}` line lacks {param.opts[0]}"
