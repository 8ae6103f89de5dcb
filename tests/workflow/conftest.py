"""Workflow fixtures: the bundled UN list and an older version derived from it, a
store on SQLite (and PostgreSQL when ``ZASLON_TEST_POSTGRES_URL`` is set), and
a ``Workflow`` over it with an engine built from the UN list only.

The older UN version is the bundled XML edited: one individual removed
(ERIC BADEGE, CDi.001), one renamed (FRANK KAKOLELE BWAMBALE, CDi.002, is
QUENTIN ZYXWORTH in the old file) and one with another birth year (ADIB
SHABAN AL-ANI, IQi.076: 1950 instead of 1952).  Loading the real file after
it is therefore one added and two changed entities.
"""

from __future__ import annotations

import lzma
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa

from zaslon.engine import Engine, EngineHolder
from zaslon.lists import files_sha256, parse
from zaslon.sources.base import ParsedList
from zaslon.sources.files import read_list
from zaslon.store import ListStore, VersionInfo
from zaslon.workflow import Workflow

ADDED = "un_sc-CDi.001"
RENAMED = "un_sc-CDi.002"
REDATED = "un_sc-IQi.076"


@dataclass(frozen=True)
class UnVersion:
    parsed: ParsedList
    sha256: str
    source: str


def _block(xml: str, reference: str) -> tuple[int, int]:
    """Start and end of the <INDIVIDUAL> element with this reference number."""
    at = xml.index(f"<REFERENCE_NUMBER>{reference}</REFERENCE_NUMBER>")
    start = xml.rindex("<INDIVIDUAL>", 0, at)
    end = xml.index("</INDIVIDUAL>", at) + len("</INDIVIDUAL>")
    return start, end


def derive_old_un(xml: str) -> str:
    start, end = _block(xml, "CDi.001")
    xml = xml[:start] + xml[end:]
    start, end = _block(xml, "CDi.002")
    block = xml[start:end]
    block = block.replace("<FIRST_NAME>FRANK KAKOLELE</FIRST_NAME>", "<FIRST_NAME>QUENTIN</FIRST_NAME>")
    block = block.replace("<SECOND_NAME>BWAMBALE</SECOND_NAME>", "<SECOND_NAME>ZYXWORTH</SECOND_NAME>")
    assert "QUENTIN" in block and "ZYXWORTH" in block
    xml = xml[:start] + block + xml[end:]
    start, end = _block(xml, "IQi.076")
    block, n = re.subn(r"<YEAR>1952</YEAR>", "<YEAR>1950</YEAR>", xml[start:end])
    assert n == 1
    return xml[:start] + block + xml[end:]


def _parse(path: Path) -> UnVersion:
    listed = read_list(path)
    parsed = parse(listed.format, listed.files, listed.main, "un_sc", listed.origin)
    return UnVersion(parsed, files_sha256(listed.files), str(path))


@pytest.fixture(scope="session")
def un_versions(snapshot_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[UnVersion, UnVersion]:
    """(older, newer): the derived old UN list and the bundled one, each parsed once."""
    real = snapshot_dir / "un_sc"
    xml = lzma.decompress((real / "consolidated.xml.xz").read_bytes()).decode("utf-8")
    folder = tmp_path_factory.mktemp("un-old")
    (folder / "consolidated.xml").write_text(derive_old_un(xml), encoding="utf-8")
    return _parse(folder / "consolidated.xml"), _parse(real)


def load(store: ListStore, version: UnVersion) -> VersionInfo:
    return store.load(
        version.parsed, source=version.source, sha256=version.sha256, format="un_sc_xml"
    ).version


def tamper(db: sa.Engine, sql: str, params: dict[str, object] | None = None) -> None:
    """Change the audit log as someone with owner rights could: drop the append-only
    triggers, then run ``sql``."""
    with db.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log"))
        else:
            conn.execute(sa.text("DROP TRIGGER IF EXISTS audit_log_no_update"))
            conn.execute(sa.text("DROP TRIGGER IF EXISTS audit_log_no_delete"))
        conn.execute(sa.text(sql), params or {})




@pytest.fixture
def workflow(db_url: str, store: ListStore, un_versions: tuple[UnVersion, UnVersion]) -> Iterator[Workflow]:
    """A workflow over a store holding the OLD UN version."""
    load(store, un_versions[0])
    holder = EngineHolder(Engine.from_store(store))
    wf = Workflow(db_url, holder, db=store.engine, webhook_backoff=0.01)
    yield wf
    wf.close()
