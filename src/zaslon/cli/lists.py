"""Commands over the lists: ``lists`` (show, load, update, diff, versions), ``entity``, ``export``."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import click

from zaslon.cli import State, echo_json, echo_table, info, pass_state, report_warnings
from zaslon.core.model.schema import NAME_PROPS
from zaslon.exc import NotFound, ZaslonError
from zaslon.lists import LoadOutcome, load_path, update_lists
from zaslon.sources.ftm import write_ftm
from zaslon.store import VersionInfo

_json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")


def _when(version: VersionInfo) -> str:
    return version.loaded_at.strftime("%Y-%m-%d %H:%M:%SZ")


@click.group("lists", invoke_without_command=True)
@_json_option
@pass_state
@click.pass_context
def lists_group(ctx: click.Context, state: State, as_json: bool) -> None:
    """Show the loaded lists, one row each (subcommands load, update and compare them)."""
    if ctx.invoked_subcommand is not None:
        return
    current = state.store().current()
    if as_json:
        echo_json([v.to_dict() for v in current])
        return
    echo_table(
        ["dataset", "version", "entities", "warnings", "loaded (UTC)", "source"],
        [(v.dataset, v.version or "-", v.targets, len(v.warnings), _when(v), v.source) for v in current],
    )


def _print_outcome(outcome: LoadOutcome) -> None:
    v = outcome.version
    if outcome.status == "failed":
        click.echo(f"{outcome.dataset}: failed ({outcome.reason})")
        return
    assert v is not None
    detail = f"version {v.version or '-'}, {v.targets} entities"
    click.echo(f"{outcome.dataset}: {outcome.status} ({detail}, #{v.id})")


@lists_group.command("load")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--dataset", help="Load as this dataset (default: the format's own).")
@click.option(
    "--force", is_flag=True, help="Load even if unchanged or much smaller than the current version."
)
@pass_state
def load_command(state: State, path: Path, dataset: str | None, force: bool) -> None:
    """Load a list file (its companions beside it are read too) or a folder as a new version."""
    outcome = load_path(state.store(), path, dataset=dataset, force=force)
    report_warnings(outcome.dataset, outcome.warnings)
    _print_outcome(outcome)


@lists_group.command("update")
@click.option("--dataset", "datasets", multiple=True, help="Update only this list (repeatable).")
@pass_state
def update_command(state: State, datasets: tuple[str, ...]) -> None:
    """Download every list from its official address and load what changed.

    A list that fails keeps its previous version; the others still update.
    """
    store = state.store()
    outcomes = update_lists(store, state.settings, datasets=datasets or None, progress=info)
    for outcome in outcomes:
        report_warnings(outcome.dataset, outcome.warnings)
        _print_outcome(outcome)
    failed = [o.dataset for o in outcomes if o.status == "failed"]
    if failed:
        raise ZaslonError(f"{len(failed)} of {len(outcomes)} lists failed to update: {', '.join(failed)}")


@lists_group.command("diff")
@click.argument("dataset")
@click.option("--old", type=int, help="Version id to compare from (default: the one before --new).")
@click.option("--new", type=int, help="Version id to compare to (default: the current one).")
@_json_option
@pass_state
def diff_command(state: State, dataset: str, old: int | None, new: int | None, as_json: bool) -> None:
    """Entities added, removed and changed between two versions of a list."""
    diff = state.store().diff(dataset, old, new)
    if as_json:
        echo_json(diff.to_dict())
        return
    before = f"#{diff.old.id} ({diff.old.version or '-'})" if diff.old else "nothing"
    click.echo(f"{dataset}: {before} -> #{diff.new.id} ({diff.new.version or '-'})")
    click.echo(f"{len(diff.added)} added, {len(diff.removed)} removed, {len(diff.changed)} changed")
    for eid, caption in diff.added:
        click.echo(f"+ {eid}  {caption}")
    for eid, caption in diff.removed:
        click.echo(f"- {eid}  {caption}")
    for change in diff.changed:
        click.echo(f"~ {change.id}  {change.caption}  [{', '.join(change.properties)}]")


@lists_group.command("versions")
@click.argument("dataset")
@_json_option
@pass_state
def versions_command(state: State, dataset: str, as_json: bool) -> None:
    """Every loaded version of a list, newest first."""
    store = state.store()
    versions = store.versions(dataset)
    if not versions:
        raise NotFound(f"no list {dataset!r} is loaded")
    current = store.current_version(dataset)
    if as_json:
        echo_json([{**v.to_dict(), "current": current is not None and v.id == current.id} for v in versions])
        return
    echo_table(
        ["id", "current", "version", "entities", "loaded (UTC)", "source"],
        [
            (
                v.id,
                "*" if current and v.id == current.id else "",
                v.version or "-",
                v.targets,
                _when(v),
                v.source,
            )
            for v in versions
        ],
    )


@click.command("entity")
@click.argument("entity_id")
@click.option("--version", "version_id", type=int, help="As it was in this list version (default: current).")
@_json_option
@pass_state
def entity_command(state: State, entity_id: str, version_id: int | None, as_json: bool) -> None:
    """One listed entity: all its properties and where it comes from."""
    store = state.store()
    if version_id is None:
        found = store.entity_with_version(entity_id)
    else:
        at = store.entity_at(entity_id, version_id)
        found = (at, store.version(version_id)) if at else None
    if found is None:
        where = f"list version {version_id}" if version_id is not None else "any current list"
        raise NotFound(f"no entity {entity_id!r} in {where}")
    entity, version = found
    if as_json:
        data = entity.to_ftm()
        data["list_version"] = {
            "id": version.id,
            "dataset": version.dataset,
            "version": version.version,
            "loaded_at": version.loaded_at.isoformat(),
            "source": version.source,
        }
        echo_json(data)
        return
    click.echo(f"{entity.caption}  ({entity.schema})")
    rows: list[tuple[str, str]] = [("id", entity.id)]
    # names first, then the rest in the order the list gives them
    order = [p for p in NAME_PROPS if p in entity.properties]
    order += [p for p in entity.properties if p not in NAME_PROPS]
    for prop in order:
        values = entity.properties[prop]
        for value in values:
            lang = entity.name_langs.get(value)
            rows.append((prop, f"{value}  [{lang}]" if lang else value))
    prov = entity.provenance
    rows += [
        ("dataset", prov.dataset),
        ("native id", prov.native_id),
        ("list version", prov.list_version or version.version or "-"),
        ("source file", prov.source_file or "-"),
        ("source url", prov.source_url or "-"),
        ("loaded", f"{_when(version)} as version #{version.id} from {version.source}"),
    ]
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        click.echo(f"  {key.ljust(width)}  {value}")


@click.command("export")
@click.option("--dataset", "datasets", multiple=True, help="Only this list (repeatable; default: all).")
@pass_state
def export_command(state: State, datasets: tuple[str, ...]) -> None:
    """Every current entity as FtM JSON lines on stdout."""
    store = state.store()
    if datasets:
        known = {v.dataset for v in store.current()}
        missing = [d for d in datasets if d not in known]
        if missing:
            raise NotFound(f"no list {missing[0]!r} is loaded (loaded: {', '.join(sorted(known))})")
    # UTF-8 whatever the locale says: the output is a data file, not terminal text
    out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="\n")
    try:
        count = write_ftm(store.entities(datasets or None), out)
        out.flush()
    finally:
        out.detach()  # leave sys.stdout open
    info(f"exported {count} entities")


COMMANDS = [lists_group, entity_command, export_command]
