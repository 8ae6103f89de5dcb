"""Every worked case of ownership_rule_cases.csv through the store: listed parties loaded as a list
(OFAC or EU dataset), stakes as an ownership CSV by ``load_ownership``, the verdict from
``OwnershipService`` — the path the CLI and API take, not the core alone."""

from __future__ import annotations

import csv
import re
from datetime import date
from importlib import resources
from pathlib import Path

import pytest

from zaslon.core.model.entity import Entity, Provenance
from zaslon.ownership import OwnershipService, load_ownership, unlisted_id
from zaslon.sources.base import ParsedList
from zaslon.store import ListStore

CASES = resources.files("zaslon") / "data" / "circumvention" / "ownership_rule_cases.csv"
AFTER = date(2025, 6, 1)
DATASET = {"ofac": "us_ofac_sdn", "eu": "eu_fsf"}
_EDGE = re.compile(r"^\s*(\w+)?\s*>\s*(\w+)\s*:\s*([\d.]+)\s*(\(.*\))?\s*$")


def _cases() -> list[dict[str, str]]:
    with CASES.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _store(tmp_path: Path, case: dict[str, str], regime: str) -> tuple[ListStore, dict[str, str]]:
    """A store holding the listed parties as a list of ``regime`` and the case's stakes."""
    store = ListStore.open(f"sqlite:///{tmp_path / f'{regime}.sqlite3'}")
    listed = [p.strip() for p in case["listed_parties"].split(",") if p.strip()]
    ds = DATASET[regime]
    ids: dict[str, str] = {}
    entities = []
    for party in listed:
        entity = Entity(f"{ds}-{party}", "Person", Provenance(ds, party))
        entity.add("name", f"Listed Person {party}")
        entities.append(entity)
        ids[party] = entity.id
    store.load(ParsedList(ds, "test", entities), source="test", sha256=ds)
    lines = ["owner,asset,percentage,control,as_of"]
    for part in case["ownership_edges(owner>asset:pct)"].split(";"):
        if part.strip() in ("", "..."):
            continue
        m = _EDGE.match(part)
        assert m, part
        note = m[4] or ""
        year = re.search(r"\((\d{4})\)", note)
        for owner in listed if m[1] in (None, "each") else [m[1]]:
            cell = ids.get(owner, f"company:Party {owner}")
            control = "yes" if "control" in note else ""
            lines.append(f"{cell},Party {m[2]},{m[3]},{control},{year[1] if year else ''}")
    path = tmp_path / f"{regime}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    load_ownership(store, path)
    return store, ids


@pytest.mark.parametrize("case", _cases(), ids=lambda c: c["case_id"])
def test_rule_case_through_the_store(tmp_path: Path, case: dict[str, str]) -> None:
    regimes = ["eu", "ofac"] if case["regime"] == "EU+OFAC" else [case["regime"].lower()]
    expected = case["expected"]
    for regime in regimes:
        store, ids = _store(tmp_path, case, regime)
        try:
            service = OwnershipService.from_store(store)
        finally:
            store.close()
        query = ids.get(case["query"], unlisted_id(f"Party {case['query']}"))
        positive, negative = ("blocked", "not blocked") if regime == "ofac" else ("owned", "not owned")
        if m := re.search(r"since (\d{4}-\d{2}-\d{2})", expected):
            change = date.fromisoformat(m[1])
            assert (
                service.check(query, regime, date.fromordinal(change.toordinal() - 1)).ownership == negative
            )
            assert service.check(query, regime, change).ownership == positive
            continue
        verdict = service.check(query, regime, AFTER)
        want = negative if expected.startswith("NOT") else positive
        assert verdict.verdict == want, f"{case['case_id']} ({regime}): {verdict.explanation}"
        if "caution" in expected or "CONTROL REVIEW" in expected:
            assert verdict.needs_control_review, verdict.findings
        if want == positive:
            assert verdict.paths and all(p.steps[0].status == "listed" for p in verdict.paths)
