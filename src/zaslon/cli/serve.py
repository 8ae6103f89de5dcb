"""``zaslon serve`` (the HTTP API under uvicorn) and ``zaslon keys`` (its API keys)."""

from __future__ import annotations

import os

import click

from zaslon.cli import State, echo_json, echo_table, info, pass_state
from zaslon.store.keys import ROLES, KeyStore


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes; each holds its own index.")  # fmt: skip
@click.option("--reload-interval", type=click.FloatRange(0), default=10.0, show_default=True,
              help="Seconds between checks for list versions loaded elsewhere (0: never).")  # fmt: skip
@click.option("--log-level", default="warning", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]))  # fmt: skip
@pass_state
def serve_command(
    state: State, host: str, port: int, workers: int, reload_interval: float, log_level: str
) -> None:
    """Serve the HTTP API (see /docs) until interrupted."""
    import uvicorn

    settings = state.settings
    # the workers build their app from the environment: hand the edge's settings on through it
    os.environ["ZASLON_DATA_DIR"] = str(settings.data_dir)
    os.environ["ZASLON_RELOAD_INTERVAL"] = str(reload_interval)
    store = state.store()  # first use: fill from the bundled lists once, not in every worker
    if settings.auth_required and not KeyStore(store.engine).list():
        info("warning: no API keys yet; create one with `zaslon keys create --role screen`")
    state.close()
    info(f"serving on http://{host}:{port} with {workers} worker{'s' if workers != 1 else ''} (docs: /docs)")
    uvicorn.run(
        "zaslon.web.app:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=log_level,
        access_log=False,
    )


@click.group("keys")
def keys_group() -> None:
    """API keys for the HTTP API: create, list, revoke."""


@keys_group.command("create")
@click.option("--role", type=click.Choice(ROLES), required=True, help="screen: screening routes; admin: all.")
@click.option("--name", default="", help="A label to recognise the key by.")
@pass_state
def keys_create(state: State, role: str, name: str) -> None:
    """Create a key and print it once (only its hash is stored)."""
    record, key = KeyStore(state.store(bootstrap=False).engine).create(role, name)
    info(f"created key {record.id} ({record.role}); it is shown only this once:")
    click.echo(key)


@keys_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_state
def keys_list(state: State, as_json: bool) -> None:
    """Every key: id, name, role, created, revoked."""
    keys = KeyStore(state.store(bootstrap=False).engine).list()
    if as_json:
        echo_json([k.to_dict() for k in keys])
        return
    echo_table(
        ("id", "name", "role", "created", "revoked"),
        [
            (
                k.id,
                k.name,
                k.role,
                k.created_at.isoformat(timespec="seconds"),
                k.revoked_at.isoformat(timespec="seconds") if k.revoked_at else "",
            )
            for k in keys
        ],
    )


@keys_group.command("revoke")
@click.argument("key_id")
@pass_state
def keys_revoke(state: State, key_id: str) -> None:
    """Revoke a key by its id; requests with it are refused from then on."""
    record = KeyStore(state.store(bootstrap=False).engine).revoke(key_id)
    info(f"revoked key {record.id} ({record.role}{', ' + record.name if record.name else ''})")


COMMANDS = [serve_command, keys_group]
