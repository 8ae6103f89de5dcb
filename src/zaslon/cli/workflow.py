"""Commands of the analyst workflow: ``users``, ``replay``, ``audit``, ``customers``,
``monitor``, ``alerts``, ``webhooks`` — a thin shell over ``zaslon.workflow.Workflow``.

The acting user is ``--actor`` where a command changes something (default:
``$ZASLON_ACTOR``, else the login name), so the audit log says who did it.
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

import click

from zaslon.batch.readers import detect_format, read_rows
from zaslon.cli import State, echo_json, echo_table, info, pass_state
from zaslon.engine import Engine
from zaslon.store import ListStore
from zaslon.workflow import Workflow
from zaslon.workflow.alerts import DECISIONS, STATUSES
from zaslon.workflow.records import iso

_json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")


def _default_actor() -> str:
    try:
        return os.environ.get("ZASLON_ACTOR") or getpass.getuser()
    except (KeyError, OSError):  # no login name (e.g. a container without a passwd entry)
        return "cli"


_actor_option = click.option(
    "--actor",
    default=_default_actor,
    show_default="$ZASLON_ACTOR or login name",
    help="Who is acting, for the audit log.",
)


class _LazyHolder:
    """The serving engine, built from the store only when a command screens."""

    def __init__(self, state: State) -> None:
        self._state = state
        self._engine: Engine | None = None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            info("building the index over the current lists")
            self._engine = Engine.from_store(self._state.store())
        return self._engine

    def refresh(self, store: ListStore) -> bool:
        if self._engine is not None and store.generation() != self._engine.generation:
            self._engine = None
            return True
        return False


def _workflow(state: State, *, lists: bool = False) -> Workflow:
    """The service over the CLI's store; ``lists``: fill an empty store from the bundled snapshot."""
    store = state.store(bootstrap=lists)
    return Workflow(state.settings.db_url, _LazyHolder(state), db=store.engine)


# -- users ----------------------------------------------------------------------------


@click.group("users", invoke_without_command=True)
@_json_option
@pass_state
@click.pass_context
def users_group(ctx: click.Context, state: State, as_json: bool) -> None:
    """List the analysts and admins (``users create`` adds one)."""
    if ctx.invoked_subcommand is not None:
        return
    found = _workflow(state).users()
    if as_json:
        echo_json([u.to_dict() for u in found])
        return
    echo_table(
        ["username", "role", "created (UTC)"], [(u.username, u.role, iso(u.created_at)) for u in found]
    )


@users_group.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice(["analyst", "admin"]), required=True)
@click.option("--password", help="The password (default: asked for, or one line read from stdin).")
@_actor_option
@pass_state
def users_create(state: State, username: str, role: str, password: str | None, actor: str) -> None:
    """Create a user who can log in to the web UI."""
    if password is None:
        if sys.stdin.isatty():
            password = click.prompt("password", hide_input=True, confirmation_prompt=True)
        else:
            password = sys.stdin.readline().rstrip("\r\n")
    user = _workflow(state).create_user(username, password or "", role, actor=actor)
    click.echo(f"created {user.role} {user.username} (#{user.id})")


# -- screenings -------------------------------------------------------------------------


@click.command("replay")
@click.argument("screening_id", type=int)
@_json_option
@pass_state
def replay_command(state: State, screening_id: int, as_json: bool) -> None:
    """Run a recorded screening again against its recorded list versions and compare.

    Exit code 1 if the answer differs from the recorded one.
    """
    replay = _workflow(state).replay(screening_id)
    if as_json:
        echo_json(replay.to_dict())
    else:
        s = replay.screening
        versions = ", ".join(f"{v['dataset']} #{v['id']}" for v in s.versions)
        click.echo(
            f"screening {s.id} ({s.source}, {iso(s.created_at)}) against {versions}: "
            f"{'same result' if replay.same else 'DIFFERENT result'} ({len(replay.hits)} candidates)"
        )
        for d in replay.differences:
            click.echo(
                f"  {d['entity_id'] or '-'} {d['field']}: recorded {d['recorded']!r}, now {d['replayed']!r}"
            )
    if not replay.same:
        sys.exit(1)


# -- audit -------------------------------------------------------------------------------


@click.group("audit", invoke_without_command=True)
@_json_option
@click.option("--limit", default=50, show_default=True)
@pass_state
@click.pass_context
def audit_group(ctx: click.Context, state: State, as_json: bool, limit: int) -> None:
    """Show the newest audit entries (``audit verify`` checks the chain)."""
    if ctx.invoked_subcommand is not None:
        return
    entries = _workflow(state).audit(limit=limit)
    if as_json:
        echo_json([e.to_dict() for e in entries])
        return
    echo_table(
        ["id", "at (UTC)", "actor", "action", "target"],
        [(e.id, iso(e.at), e.actor, e.action, e.target) for e in entries],
    )


@audit_group.command("verify")
@_json_option
@pass_state
def audit_verify(state: State, as_json: bool) -> None:
    """Check the hash chain; name the first broken entry (exit code 1 when broken)."""
    check = _workflow(state).verify_audit()
    if as_json:
        echo_json({"ok": check.ok, "entries": check.entries, "first_bad": check.first_bad})
    elif check.ok:
        click.echo(f"ok: {check.entries} entries, chain intact")
    else:
        click.echo(f"BROKEN at entry {check.first_bad}: {check.problem} ({check.entries} entries checked)")
    if not check.ok:
        sys.exit(1)


# -- customers and monitoring --------------------------------------------------------------


@click.group("customers", invoke_without_command=True)
@_json_option
@click.option("--limit", default=50, show_default=True)
@pass_state
@click.pass_context
def customers_group(ctx: click.Context, state: State, as_json: bool, limit: int) -> None:
    """List the customers registered for monitoring (``customers import`` adds them)."""
    if ctx.invoked_subcommand is not None:
        return
    found = _workflow(state).customers(limit=limit)
    if as_json:
        echo_json([c.to_dict() for c in found])
        return
    echo_table(
        ["id", "customer", "names", "version"],
        [(c.id, c.external_id, "; ".join(c.query["names"]), c.version) for c in found],
    )


@customers_group.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--map",
    "spec",
    required=True,
    help="customer=COL,name=COL,dob=COL,country=COL,id=COL (as for `zaslon screen`, plus the "
    "customer id column; default customer_id).",
)
@click.option("--format", "fmt", type=click.Choice(["csv", "tsv", "jsonl", "parquet"]), default=None)
@_json_option
@_actor_option
@pass_state
def customers_import(state: State, path: Path, spec: str, fmt: str | None, as_json: bool, actor: str) -> None:
    """Register (or update) customers for monitoring from a file, all in one transaction."""
    rows = read_rows(path, detect_format(path, fmt))
    result = _workflow(state).import_customers(
        (r.values for r in rows if r.values is not None), spec, actor=actor
    )
    if as_json:
        echo_json(result.to_dict())
        return
    click.echo(
        f"{result.created} created, {result.updated} updated, {result.unchanged} unchanged, "
        f"{len(result.rejected)} rejected"
    )
    for r in result.rejected[:20]:
        info(f"  row {r['row']}: {r['reason']}")


@click.group("monitor")
def monitor_group() -> None:
    """Ongoing monitoring of the registered customers."""


@monitor_group.command("run")
@click.option("--full", is_flag=True, help="Re-screen every customer against every list.")
@_json_option
@_actor_option
@pass_state
def monitor_run(state: State, full: bool, as_json: bool, actor: str) -> None:
    """Re-screen what changed since the last run, raise alerts and announce them to webhooks."""
    done = _workflow(state, lists=True).monitor(actor=actor, full=full)
    if as_json:
        echo_json(done.to_dict())
        return
    click.echo(
        f"run {done.id}: {done.customers_screened} customers screened, {done.entities_screened} "
        f"new or changed listed entities, {len(done.alerts)} alerts, {done.suppressed} suppressed"
    )


# -- alerts ---------------------------------------------------------------------------------


@click.group("alerts", invoke_without_command=True)
@click.option("--status", type=click.Choice(STATUSES), default=None)
@click.option("--customer", default=None, help="Only this customer (external id).")
@click.option("--limit", default=50, show_default=True)
@_json_option
@pass_state
@click.pass_context
def alerts_group(
    ctx: click.Context, state: State, status: str | None, customer: str | None, limit: int, as_json: bool
) -> None:
    """List alerts, newest first (``alerts list`` is the same; ``alerts decide`` decides one)."""
    if ctx.invoked_subcommand is not None:
        return
    _print_alerts(state, status, customer, limit, as_json)


def _print_alerts(state: State, status: str | None, customer: str | None, limit: int, as_json: bool) -> None:
    found = _workflow(state).alerts(status=status, customer=customer, limit=limit)
    if as_json:
        echo_json([a.to_dict() for a in found])
        return
    echo_table(
        ["id", "status", "customer", "entity", "caption", "score", "version"],
        [(a.id, a.status, a.external_id, a.entity_id, a.caption, f"{a.score:.2f}", a.version) for a in found],
    )


@alerts_group.command("list")
@click.option("--status", type=click.Choice(STATUSES), default=None)
@click.option("--customer", default=None, help="Only this customer (external id).")
@click.option("--limit", default=50, show_default=True)
@_json_option
@pass_state
def alerts_list(state: State, status: str | None, customer: str | None, limit: int, as_json: bool) -> None:
    """List alerts, newest first."""
    _print_alerts(state, status, customer, limit, as_json)


@alerts_group.command("decide")
@click.argument("alert_id", type=int)
@click.option("--decision", type=click.Choice(list(DECISIONS)), required=True)
@click.option("--reason", required=True)
@click.option(
    "--version", type=int, default=None, help="The alert version you reviewed (default: the current one)."
)
@_json_option
@_actor_option
@pass_state
def alerts_decide(
    state: State, alert_id: int, decision: str, reason: str, version: int | None, as_json: bool, actor: str
) -> None:
    """Decide an alert: true_match, false_positive (suppresses the pair) or escalate."""
    wf = _workflow(state)
    if version is None:
        version = wf.alert(alert_id).alert.version
    alert = wf.decide(alert_id, decision, reason, actor=actor, version=version)
    if as_json:
        echo_json(alert.to_dict())
        return
    click.echo(f"alert {alert.id}: {alert.status} by {alert.decided_by} (version {alert.version})")


# -- webhooks ---------------------------------------------------------------------------------


@click.group("webhooks", invoke_without_command=True)
@_json_option
@pass_state
@click.pass_context
def webhooks_group(ctx: click.Context, state: State, as_json: bool) -> None:
    """List the webhooks alerts are announced to (``webhooks add`` adds one)."""
    if ctx.invoked_subcommand is not None:
        return
    found = _workflow(state).webhooks()
    if as_json:
        echo_json([w.to_dict() for w in found])
        return
    echo_table(["id", "url", "active"], [(w.id, w.url, w.active) for w in found])


@webhooks_group.command("add")
@click.argument("url")
@click.option(
    "--secret",
    required=True,
    help="HMAC-SHA256 key; the body's signature is sent as X-Zaslon-Signature: sha256=<hex>.",
)
@_actor_option
@pass_state
def webhooks_add(state: State, url: str, secret: str, actor: str) -> None:
    """Announce new alerts to URL (a signed JSON POST, retried with backoff)."""
    hook = _workflow(state).add_webhook(url, secret, actor=actor)
    click.echo(f"webhook {hook.id}: {hook.url}")


@webhooks_group.command("deliveries")
@_json_option
@click.option("--limit", default=50, show_default=True)
@pass_state
def webhooks_deliveries(state: State, as_json: bool, limit: int) -> None:
    """The delivery log: every announcement, its attempts and outcome."""
    found = _workflow(state).deliveries(limit=limit)
    if as_json:
        echo_json([d.to_dict() for d in found])
        return
    echo_table(
        ["id", "webhook", "event", "status", "attempts", "created (UTC)"],
        [(d.id, d.webhook_id, d.event, d.status, d.attempts, iso(d.created_at)) for d in found],
    )


COMMANDS = [
    users_group,
    replay_command,
    audit_group,
    customers_group,
    monitor_group,
    alerts_group,
    webhooks_group,
]
