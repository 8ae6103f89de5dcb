"""``zaslon ownership``, ``zaslon goods`` and ``zaslon shipments``: circumvention risk from the command line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from zaslon.cli import State, echo_json, info, pass_state
from zaslon.exc import QueryError

REGIME = click.Choice(["ofac", "eu"])


def _date_option(value: str | None) -> date:
    if not value:
        return date.today()
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise QueryError(f"--date {value!r} is not a date; expected YYYY-MM-DD", field="date") from None


def service_of(state: State):  # type: ignore[no-untyped-def]
    """The ownership graph over the store's current lists and ownership data (built once per command)."""
    from zaslon.ownership import OwnershipService

    service = getattr(state, "_ownership", None)
    if service is None:
        service = OwnershipService.from_store(state.store())
        state._ownership = service  # type: ignore[attr-defined]
    return service


# -- ownership --------------------------------------------------------------------------------


@click.group("ownership")
def ownership_group() -> None:
    """Ownership chains under the OFAC 50% rule and the EU owned-or-controlled test."""


@ownership_group.command("load")
@click.argument("path", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dataset", default=None, help="Keep this data as ownership-NAME (default: 'ownership').")
@click.option("--force", is_flag=True, help="Load even if the same content is already current.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_state
def ownership_load(state: State, path: Path, dataset: str | None, force: bool, as_json: bool) -> None:
    """Load stakes from a CSV (owner,asset,percentage[,start_date,end_date,source]) or FtM JSON lines."""
    from zaslon.ownership import load_ownership

    result = load_ownership(state.store(), path, dataset=dataset, force=force)
    for warning in result.warnings[:5]:
        info(f"warning: {warning}")
    if len(result.warnings) > 5:
        info(f"... and {len(result.warnings) - 5} more warnings")
    if as_json:
        echo_json(result.to_dict())
        return
    click.echo(
        f"{result.dataset}: {result.status} (version {result.version.id}), {result.stakes} stakes, "
        f"{result.parties} parties ({result.unlisted_created} on no list)"
    )


@ownership_group.command("check")
@click.argument("entity", metavar="ENTITY")
@click.option("--regime", type=REGIME, default="ofac", show_default=True)
@click.option("--date", "on", default=None, help="The day the verdict is for (YYYY-MM-DD; default today).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_state
def ownership_check(state: State, entity: str, regime: str, on: str | None, as_json: bool) -> None:
    """The verdict for ENTITY (an id, or the exact name of one entity), with every path and the sum."""
    day = _date_option(on)
    service = service_of(state)
    verdict = service.check(entity, regime, day)
    if as_json:
        echo_json(verdict.to_dict())
        return
    click.echo(f"{verdict.caption} [{verdict.entity}]: {verdict.verdict.upper()} ({regime.upper()}, {day})")
    click.echo(f"  {verdict.explanation}")
    for path in verdict.paths:
        click.echo(f"  path: {path.text}")
    for finding in verdict.findings:
        click.echo(f"  {finding.kind}: {finding.message}")


@ownership_group.command("blocked")
@click.option("--regime", type=REGIME, default="ofac", show_default=True)
@click.option("--date", "on", default=None, help="The day (YYYY-MM-DD; default today).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_state
def ownership_blocked(state: State, regime: str, on: str | None, as_json: bool) -> None:
    """Every entity blocked (OFAC) or owned (EU) through its owners without being listed itself."""
    day = _date_option(on)
    service = service_of(state)
    ids = service.blocked(regime, day)
    findings = service.findings(day)
    for finding in findings[:10]:
        info(f"{finding.kind}: {finding.message}")
    if as_json:
        echo_json({"regime": regime, "date": day.isoformat(), "blocked": ids,
                   "findings": [f.to_dict() for f in findings]})  # fmt: skip
        return
    for entity_id in ids:
        i = service.graph.index_of(entity_id)
        click.echo(f"{entity_id}  {service.graph.caption_of(i) if i is not None else ''}")
    info(f"{len(ids)} entities {'blocked' if regime == 'ofac' else 'owned'} by ownership on {day}")


# -- goods ------------------------------------------------------------------------------------


@click.group("goods")
def goods_group() -> None:
    """High-priority goods: CHPL tiers and EU 833/2014 annexes."""


@goods_group.command("check")
@click.argument("code", metavar="CODE")
@click.option("--date", "on", default=None, help="The day the check is for (YYYY-MM-DD; default today).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def goods_check(code: str, on: str | None, as_json: bool) -> None:
    """Which lists and annexes the HS/CN/TARIC CODE falls under (4 to 10 digits, dots or spaces allowed)."""
    from zaslon.shipments import goods_verdict

    day = _date_option(on)
    verdict, note = goods_verdict(code, day)
    if note:
        info(f"note: {note}")
    if as_json:
        echo_json({"date": day.isoformat(), **verdict.to_dict(), **({"note": note} if note else {})})
        return
    tiers = f" (CHPL tier {', '.join(verdict.chpl_tiers)})" if verdict.chpl_tiers else ""
    annexes = f" (EU 833/2014 Annex {', '.join(verdict.annexes)})" if verdict.annexes else ""
    click.echo(f"{verdict.code}: {verdict.verdict.upper()}{tiers}{annexes}")
    for reason in verdict.reasons:
        click.echo(f"  {reason}")


# -- shipments --------------------------------------------------------------------------------


@click.group("shipments")
def shipments_group() -> None:
    """Shipment files: parties, vessel, goods and route, one verdict per shipment."""


@shipments_group.command("screen")
@click.argument("input_path", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--out", "output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Output file, .csv or .jsonl; rejected rows go to OUT.errors.csv.")  # fmt: skip
@click.option("--format", "fmt", type=click.Choice(["csv", "tsv", "jsonl"]), default=None,
              help="Input format (default: from the file name).")  # fmt: skip
@click.option("--date", "on", default=None, help="The day the checks are for (YYYY-MM-DD; default today).")
@pass_state
def shipments_screen(state: State, input_path: Path, output: Path, fmt: str | None, on: str | None) -> None:
    """Screen every shipment of FILE: block, review or clear, with all reasons."""
    from zaslon.cli.match import engine_of
    from zaslon.shipments import ShipmentScreener, check_paths, screen_file

    day = _date_option(on)
    check_paths(input_path, output, fmt)
    screener = ShipmentScreener(engine_of(state), service_of(state), on=day)
    summary = screen_file(screener, input_path, output, fmt=fmt)
    info(summary.line())
    if summary.rejected:
        info(f"rejected rows and reasons: {summary.errors_path}")


COMMANDS = [ownership_group, goods_group, shipments_group]
