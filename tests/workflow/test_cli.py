"""The workflow commands end to end on a store holding the UN list: users, customers import,
monitor run, alerts list/decide (a stale version is refused), replay, webhooks, audit verify
(which names an audit row edited behind its back)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from zaslon.cli import main
from zaslon.lists import load_path
from zaslon.store import ListStore


@pytest.fixture
def data_dir(tmp_path: Path, snapshot_dir: Path) -> Path:
    """A data directory whose store holds only the UN list (``zaslon lists load`` on an empty
    store would first load every bundled list)."""
    path = tmp_path / "data"
    store = ListStore.open(f"sqlite:///{path / 'zaslon.sqlite3'}")
    load_path(store, snapshot_dir / "un_sc")
    store.close()
    return path


def cli(data_dir: Path, *args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(
        main, ["--data-dir", str(data_dir), *args], input=input, env={"ZASLON_ACTOR": "ana"}
    )


def ok(result: Result) -> Result:
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result


def test_workflow_commands(data_dir: Path, tmp_path: Path) -> None:
    ok(cli(data_dir, "users", "create", "ana", "--role", "analyst", input="correct horse battery\n"))
    users = json.loads(ok(cli(data_dir, "users", "--json")).stdout)
    assert [(u["username"], u["role"]) for u in users] == [("ana", "analyst")]
    short = cli(data_dir, "users", "create", "bob", "--role", "admin", "--password", "short")
    assert short.exit_code == 1 and "at least 8 characters" in short.stderr

    csv_file = tmp_path / "customers.csv"
    csv_file.write_text(
        "cid,full_name,dob\nK-1,Kang Chol Su,1969-02-13\nK-2,Maria Testperson Example,\nK-3,,\n"
    )
    imported = ok(
        cli(data_dir, "customers", "import", str(csv_file), "--map", "customer=cid,name=full_name,dob=dob")
    )
    assert imported.stdout.strip() == "2 created, 0 updated, 0 unchanged, 1 rejected"
    assert "row 3: no name in column 'full_name'" in imported.stderr

    run = json.loads(ok(cli(data_dir, "monitor", "run", "--json")).stdout)
    ok(cli(data_dir, "webhooks", "add", "http://127.0.0.1:9/hook", "--secret", "s" * 20))
    assert json.loads(ok(cli(data_dir, "webhooks", "--json")).stdout)[0]["url"] == "http://127.0.0.1:9/hook"
    assert run["customers_screened"] == 2 and len(run["alerts"]) == 1
    [alert] = json.loads(ok(cli(data_dir, "alerts", "list", "--status", "open", "--json")).stdout)
    assert alert["external_id"] == "K-1" and alert["entity_id"] == "un_sc-KPi.059"

    decided = ok(
        cli(
            data_dir, "alerts", "decide", str(alert["id"]), "--decision", "true_match", "--reason", "same dob"
        )
    )
    assert decided.stdout.strip() == f"alert {alert['id']}: true_match by ana (version 2)"
    stale = cli(data_dir, "alerts", "decide", str(alert["id"]), "--decision", "false_positive", "--reason", "no",
                "--version", "1")  # fmt: skip
    assert (
        stale.exit_code == 1
        and stale.stderr.startswith("error: alert")
        and "changed since you saw it" in stale.stderr
    )

    replay = json.loads(ok(cli(data_dir, "replay", "1", "--json")).stdout)  # the monitoring screen of K-1
    assert replay["same"] is True and replay["recorded"] == replay["replayed"] > 0
    missing = cli(data_dir, "replay", "999")
    assert missing.exit_code == 1 and "no screening 999" in missing.stderr

    check = json.loads(ok(cli(data_dir, "audit", "verify", "--json")).stdout)
    assert check["ok"] is True and check["first_bad"] is None and check["entries"] >= 8
    entries = json.loads(ok(cli(data_dir, "audit", "--json", "--limit", "100")).stdout)
    [decision] = [e for e in entries if e["action"] == "alert.decide"]
    assert decision["actor"] == "ana" and decision["data"]["reason"] == "same dob"

    # someone rewrites the decision's reason directly in the database
    with sqlite3.connect(data_dir / "zaslon.sqlite3") as db:
        db.execute("DROP TRIGGER audit_log_no_update")  # the database refuses edits otherwise
        db.execute(
            "UPDATE audit_log SET data = replace(data, 'same dob', 'other') WHERE id = ?", (decision["id"],)
        )
    broken = cli(data_dir, "audit", "verify", "--json")
    assert broken.exit_code == 1
    assert json.loads(broken.stdout) == {"ok": False, "entries": decision["id"], "first_bad": decision["id"]}
    text = cli(data_dir, "audit", "verify")
    assert text.exit_code == 1 and f"BROKEN at entry {decision['id']}" in text.stdout
