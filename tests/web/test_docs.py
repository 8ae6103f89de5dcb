"""The serve and keys commands, their options, and every API route are documented in the README."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

import click
import pytest

from zaslon.cli.serve import COMMANDS

README = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")


def _commands() -> list[tuple[str, click.Command]]:
    found = []
    for command in COMMANDS:
        if isinstance(command, click.Group):
            found += [(f"zaslon {command.name} {name}", sub) for name, sub in command.commands.items()]
        else:
            found.append((f"zaslon {command.name}", command))
    return found


@pytest.mark.parametrize(("usage", "command"), _commands(), ids=lambda x: x if isinstance(x, str) else "")
def test_command_is_in_the_readme(usage: str, command: click.Command) -> None:
    line = next((ln for ln in README.splitlines() if ln.startswith(usage + " ") or ln == usage), None)
    assert line is not None, f"README does not show `{usage}`"
    for param in command.params:
        if isinstance(param, click.Option) and param.name not in ("log_level",):
            assert any(opt in line for opt in param.opts), f"README's `{usage}` line lacks {param.opts[0]}"


# the routers of the JSON API proper (other routers document themselves elsewhere)
OWN = ("health", "match", "search", "entities", "catalog", "algorithms", "reconcile", "admin")


def test_every_route_is_in_the_readme() -> None:
    section = README[README.index("## HTTP API") :]
    paths = {route.path for name in OWN for route in import_module(f"zaslon.web.api.{name}").router.routes}
    assert "/match/{dataset}" in paths and "/admin/reload" in paths
    for path in sorted(paths):
        if path.startswith("/reconcile/{dataset}/"):
            path = path[len("/reconcile/{dataset}") :]
        assert f"`{path}" in section or f"{path}`" in section or f" {path}" in section, path
