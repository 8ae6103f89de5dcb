"""``zaslon lists``, ``lists load/update/diff/versions``, ``entity`` and ``export``."""

from __future__ import annotations

import lzma
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from tests.cli.conftest import Run, assert_one_line_error, invoke, lists_json
from tests.listserver import ListServer, serve
from zaslon.sources.files import snapshot_root

EXPECTED_TARGETS = {  # bundled snapshot, as the list files state them (SOURCES.md)
    "un_sc": 1003,
    "gb_hmt": 4688,
    "us_ofac_sdn": 14965,
    "us_ofac_cons": 442,
    "ca_sema": 1369,
    "au_dfat": 3062,
}


@pytest.fixture(scope="module")
def un_xml() -> bytes:
    return lzma.decompress((snapshot_root() / "un_sc" / "consolidated.xml.xz").read_bytes())


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_first_use_loads_every_bundled_list(bundled_data_dir: Path) -> None:
    rows = orjson.loads((bundled_data_dir / "first_run.json").read_bytes())
    assert {r["dataset"]: r["entities"] for r in rows} == EXPECTED_TARGETS
    for row in rows:
        assert {"dataset", "version", "entities", "schemata", "loaded_at", "source", "warnings"} <= row.keys()
        assert row["source"] == f"bundled:{row['dataset']}"
        assert sum(row["schemata"].values()) >= row["entities"]
    un = next(r for r in rows if r["dataset"] == "un_sc")
    assert un["version"] == "2026-02-27" and un["schemata"]["Person"] == 730
    assert float((bundled_data_dir / "first_run_seconds").read_text()) < 20


def test_lists_table(run: Run) -> None:
    result = run("lists")
    assert result.exit_code == 0 and result.stderr == ""  # already loaded: no progress
    header, *rows = result.stdout.splitlines()
    assert header.split()[:3] == ["dataset", "version", "entities"]
    assert [r.split()[0] for r in rows] == sorted(EXPECTED_TARGETS)
    un = next(r for r in rows if r.startswith("un_sc "))
    assert un.split()[1:3] == ["2026-02-27", "1003"]


# -- bad input: one line naming the file, exit 1, the store as it was -----------


def _truncated_xlsx() -> bytes:
    data = (snapshot_root() / "gb_hmt" / "ConList.xlsx").read_bytes()
    return data[: len(data) // 2]


def _hostile_xml() -> bytes:
    return (
        b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(
            b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
            for i in range(1, 10)
        )
        + b']>\n<CONSOLIDATED_LIST dateGenerated="2026-03-01T00:00:00Z"><INDIVIDUALS><INDIVIDUAL>'
        + b"<FIRST_NAME>&lol9;</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>\n"
    )


def _wrong_encoding(un: bytes) -> bytes:
    # declares UTF-8, holds Latin-1 bytes (a re-saved file)
    text = un.decode("utf-8")
    return text.replace("Soleimani", "Solëimani").encode("latin-1", errors="replace")


def _truncated_csv() -> bytes:
    sdn = lzma.decompress((snapshot_root() / "us_ofac_sdn" / "sdn.csv.xz").read_bytes())
    return sdn[: len(sdn) // 3]


BAD_INPUTS = {
    "empty": ("consolidated.xml", lambda un: b""),
    "truncated-xml": ("consolidated.xml", lambda un: un[: len(un) // 2]),
    "truncated-xlsx": ("ConList.xlsx", lambda un: _truncated_xlsx()),
    "truncated-csv": ("sdn.csv", lambda un: _truncated_csv()),
    "wrong-format": ("list.png", lambda un: b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4),
    "wrong-encoding": ("consolidated.xml", _wrong_encoding),
    "hostile-xml": ("consolidated.xml", lambda un: _hostile_xml()),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_is_one_line_and_changes_nothing(
    case: str, run: Run, tmp_path: Path, un_xml: bytes
) -> None:
    name, make = BAD_INPUTS[case]
    before = lists_json(run)
    path = write(tmp_path / case / name, make(un_xml))
    result = run("lists", "load", str(path))
    assert_one_line_error(result, name)
    assert lists_json(run) == before


def test_a_truncated_un_list_keeps_the_previous_version(run: Run, tmp_path: Path, un_xml: bytes) -> None:
    # the acceptance criterion, spelled out
    before = {r["dataset"]: r for r in lists_json(run)}
    assert before["un_sc"]["entities"] == 1003
    cut = write(tmp_path / "consolidated.xml", un_xml[: len(un_xml) * 9 // 10])
    assert_one_line_error(run("lists", "load", str(cut)), "consolidated.xml")
    after = {r["dataset"]: r for r in lists_json(run)}
    assert after == before
    assert re.search(r"^un_sc\s+2026-02-27\s+1003\s", run("lists").stdout, re.MULTILINE)


def _next_un_version(un: bytes) -> bytes:
    """The UN list as a later publication: one person delisted, one name corrected."""
    text = un.decode("utf-8").replace('dateGenerated="2026-02-27', 'dateGenerated="2026-03-06', 1)
    start = text.index("<INDIVIDUAL>")
    end = text.index("</INDIVIDUAL>", start) + len("</INDIVIDUAL>")
    delisted = re.search(r"<REFERENCE_NUMBER>(.*?)</REFERENCE_NUMBER>", text[start:end])
    assert delisted
    text = text[:start] + text[end:]
    text = text.replace("<FIRST_NAME>QASEM</FIRST_NAME>", "<FIRST_NAME>QASSEM</FIRST_NAME>", 1)
    return text.encode("utf-8"), f"un_sc-{delisted[1]}"  # type: ignore[return-value]


def test_load_a_new_version_then_diff_it(run: Run, tmp_path: Path, un_xml: bytes) -> None:
    data, delisted = _next_un_version(un_xml)
    path = write(tmp_path / "consolidated.xml", data)
    result = run("lists", "load", str(path))
    assert result.exit_code == 0, result.stderr
    assert re.match(r"un_sc: updated \(version 2026-03-06, 1002 entities, #\d+\)", result.stdout)
    assert "warning" in result.stderr and "values kept as text" in result.stderr
    assert run("lists", "load", str(path)).stdout.startswith("un_sc: unchanged")

    rows = {r["dataset"]: r for r in lists_json(run)}
    assert (rows["un_sc"]["version"], rows["un_sc"]["entities"]) == ("2026-03-06", 1002)

    diff = orjson.loads(run("lists", "diff", "un_sc", "--json").stdout)
    assert (diff["old"]["version"], diff["new"]["version"]) == ("2026-02-27", "2026-03-06")
    assert diff["added"] == [] and [d["id"] for d in diff["removed"]] == [delisted]
    [changed] = diff["changed"]
    assert changed["id"] == "un_sc-IRi.039" and {"name", "firstName"} <= set(changed["properties"])
    text = run("lists", "diff", "un_sc").stdout
    assert "0 added, 1 removed, 1 changed" in text and f"- {delisted}" in text

    versions = orjson.loads(run("lists", "versions", "un_sc", "--json").stdout)
    assert [(v["version"], v["current"]) for v in versions] == [("2026-03-06", True), ("2026-02-27", False)]
    # the delisted entity is still there in the old version
    old = run("entity", delisted, "--version", str(versions[1]["id"]), "--json")
    assert old.exit_code == 0 and orjson.loads(old.stdout)["id"] == delisted
    assert_one_line_error(run("entity", delisted), delisted)


def test_load_as_another_dataset(run: Run, tmp_path: Path, un_xml: bytes) -> None:
    path = write(tmp_path / "consolidated.xml", un_xml)
    result = run("lists", "load", str(path), "--dataset", "un_mirror")
    assert result.exit_code == 0, result.stderr
    rows = {r["dataset"]: r for r in lists_json(run)}
    assert rows["un_mirror"]["entities"] == 1003 and rows["un_sc"]["entities"] == 1003


# -- entity and export -----------------------------------------------------------


def test_entity_readable_and_json(run: Run) -> None:
    text = run("entity", "un_sc-IRi.039")
    assert text.exit_code == 0
    assert text.stdout.startswith("QASEM SOLEIMANI  (Person)")
    assert re.search(r"^\s+passportNumber\s+008827$", text.stdout, re.MULTILINE)
    assert re.search(r"^\s+dataset\s+un_sc$", text.stdout, re.MULTILINE)
    assert re.search(r"^\s+list version\s+2026-02-27$", text.stdout, re.MULTILINE)
    data = orjson.loads(run("entity", "un_sc-IRi.039", "--json").stdout)
    assert (data["id"], data["schema"], data["datasets"]) == ("un_sc-IRi.039", "Person", ["un_sc"])
    assert data["properties"]["birthDate"] == ["1957-03-11"]
    assert data["provenance"]["native_id"] == "IRi.039"
    assert data["list_version"]["version"] == "2026-02-27" and data["list_version"]["dataset"] == "un_sc"
    assert_one_line_error(run("entity", "no-such-id"), "no-such-id")


def test_export_is_ftm_json_lines(run: Run) -> None:
    result = run("export", "--dataset", "un_sc")
    assert result.exit_code == 0
    lines = [orjson.loads(line) for line in result.stdout_bytes.splitlines()]
    assert len(lines) == 1003
    assert all(set(e) >= {"id", "schema", "properties", "datasets"} for e in lines)
    assert {e["schema"] for e in lines} == {"Person", "Organization", "Company"} or len(
        {e["schema"] for e in lines}
    ) >= 2
    assert_one_line_error(run("export", "--dataset", "xx_nope"), "xx_nope")


def test_export_then_load_the_ftm_file_back(run: Run, tmp_path: Path) -> None:
    exported = run("export", "--dataset", "un_sc")
    assert exported.stderr.strip() == "exported 1003 entities"
    path = write(tmp_path / "un.ftm.jsonl", exported.stdout_bytes)
    result = run("lists", "load", str(path), "--dataset", "un_copy")
    assert result.exit_code == 0, result.stderr
    rows = {r["dataset"]: r for r in lists_json(run)}
    assert rows["un_copy"]["entities"] == 1003 and rows["un_copy"]["format"] == "ftm_jsonl"
    copy = orjson.loads(run("export", "--dataset", "un_copy").stdout_bytes.splitlines()[0])
    original = next(
        orjson.loads(x) for x in exported.stdout_bytes.splitlines() if orjson.loads(x)["id"] == copy["id"]
    )
    assert copy["properties"] == original["properties"] and copy["schema"] == original["schema"]


def test_export_all_matches_the_listed_counts(run: Run) -> None:
    result = run("export")
    ids = [orjson.loads(line)["id"] for line in result.stdout_bytes.splitlines()]
    assert len(ids) == len(set(ids))
    rows = lists_json(run)
    assert len(ids) == sum(sum(r["schemata"].values()) for r in rows)


# -- update ---------------------------------------------------------------------


@pytest.fixture
def server(un_xml: bytes) -> Iterator[ListServer]:
    with serve() as s:
        s.files["/un/consolidated.xml"] = un_xml
        s.files["/un2/consolidated.xml"] = _next_un_version(un_xml)[0]  # type: ignore[index]
        yield s


def test_update_reports_each_list(run: Run, server: ListServer) -> None:
    env = {"ZASLON_FETCH_RETRIES": "0", "ZASLON_FETCH_TIMEOUT": "2"}
    same = run("lists", "update", "--dataset", "un_sc", env={**env, "ZASLON_URL_UN_SC": server.url("un/")})
    assert same.exit_code == 0, same.stderr
    assert same.stdout.startswith("un_sc: unchanged (version 2026-02-27, 1003 entities")
    assert "downloading " + server.url("un/consolidated.xml") in same.stderr

    newer = run("lists", "update", "--dataset", "un_sc", env={**env, "ZASLON_URL_UN_SC": server.url("un2/")})
    assert newer.stdout.startswith("un_sc: updated (version 2026-03-06, 1002 entities")

    broken = run(
        "lists",
        "update",
        "--dataset",
        "un_sc",
        "--dataset",
        "gb_hmt",
        env={**env, "ZASLON_URL_UN_SC": server.url("error/"), "ZASLON_URL_GB_HMT": server.url("x/")},
    )
    assert broken.exit_code == 1
    assert re.search(r"^un_sc: failed \(.*answered 500.*\)$", broken.stdout, re.MULTILINE)
    assert re.search(r"^gb_hmt: failed \(.*answered 404.*\)$", broken.stdout, re.MULTILINE)
    assert broken.stderr.strip().splitlines()[-1] == "error: 2 of 2 lists failed to update: un_sc, gb_hmt"
    rows = {r["dataset"]: r for r in lists_json(run)}
    assert rows["un_sc"]["version"] == "2026-03-06" and rows["gb_hmt"]["entities"] == 4688


# -- errors ---------------------------------------------------------------------


def test_an_unexpected_error_is_one_line_unless_debugging(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("zaslon.store.ListStore.current", boom)
    assert_one_line_error(run("lists"), "error: RuntimeError: disk on fire")
    debug = run("lists", env={"ZASLON_DEBUG": "1"})
    assert isinstance(debug.exception, RuntimeError)


def test_a_bad_setting_is_one_line(run: Run) -> None:
    assert_one_line_error(run("lists", env={"ZASLON_FETCH_TIMEOUT": "soon"}), "ZASLON_FETCH_TIMEOUT")


def test_a_real_process_prints_no_traceback(data_dir: Path, tmp_path: Path) -> None:
    bad = write(tmp_path / "consolidated.xml", b"<CONSOLIDATED_LIST><INDIVIDUALS><INDIV")
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "from zaslon.cli import main; main()",
            "--data-dir",
            str(data_dir),
            "lists",
            "load",
            str(bad),
        ],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1 and proc.stdout == ""
    assert (
        proc.stderr.count("\n") == 1
        and proc.stderr.startswith("error: ")
        and "consolidated.xml" in proc.stderr
    )


def test_data_dir_from_the_environment(data_dir: Path) -> None:
    from click.testing import CliRunner

    from zaslon.cli import main

    result = CliRunner().invoke(main, ["lists", "--json"], env={"ZASLON_DATA_DIR": str(data_dir)})
    assert result.exit_code == 0 and len(orjson.loads(result.stdout)) == len(EXPECTED_TARGETS)
    assert invoke(data_dir, "--help").stdout.count("--data-dir") == 1


def test_an_unusable_data_dir_is_one_line(tmp_path: Path) -> None:
    blocker = write(tmp_path / "file", b"not a folder")
    assert_one_line_error(invoke(blocker / "data", "lists"), "cannot create the data directory", str(blocker))
