"""FtM JSON lines: export then import gives the same entities; bad lines are named."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from zaslon.core.model import Entity, Provenance
from zaslon.exc import SourceError
from zaslon.sources import ca_sema, eu_fsf, un_sc
from zaslon.sources.files import _read
from zaslon.sources.ftm import FORMAT, dump_ftm, write_ftm

SAMPLE = Path(__file__).parent / "fixtures" / "ftm" / "opensanctions_sample.ftm.json"
EU_EXPORT = Path(__file__).parent / "fixtures" / "eu_fsf" / "export.xml"


def _ownership(owner: Entity, asset: Entity, n: int) -> Entity:
    entity = Entity(
        id=f"own-{n}", schema="Ownership", provenance=Provenance(owner.dataset, f"own-{n}", "2026-03-02")
    )
    entity.add("owner", owner.id)
    entity.add("asset", asset.id)
    entity.add("percentage", "50.5")
    entity.add("startDate", "2019-04")
    entity.add("endDate", "2023-12-31")
    return entity


def _round_trip(entities: list[Entity]) -> list[Entity]:
    buffer = io.StringIO()
    assert write_ftm(entities, buffer) == len(entities)
    parsed = FORMAT.parse({"out.ftm.json": buffer.getvalue().encode("utf-8")}, "out.ftm.json")
    assert parsed.warnings == []
    return parsed.entities


def test_round_trip_of_a_whole_list_with_ownerships(snapshot_dir: Path) -> None:
    data = _read(snapshot_dir / "un_sc" / "consolidated.xml.xz")
    entities = un_sc.FORMAT.parse({"consolidated.xml": data}, "consolidated.xml").entities
    entities += [_ownership(entities[0], entities[-1], 1), _ownership(entities[1], entities[-2], 2)]
    back = _round_trip(entities)
    assert back == entities
    parsed = FORMAT.parse({"x": "".join(dump_ftm(e) + "\n" for e in entities).encode()}, "x")
    assert (parsed.dataset, parsed.version, parsed.targets, len(parsed.entities)) == ("un_sc", "", 1003, 1005)


def test_round_trip_keeps_name_languages_and_provenance() -> None:
    entities = eu_fsf.FORMAT.parse({"export.xml": EU_EXPORT.read_bytes()}, "export.xml").entities
    back = _round_trip(entities)
    assert back == entities
    assert back[0].name_langs["Іван Пятровіч Сідарэнка"] == "be"
    assert back[0].provenance.source_file == "export.xml"


def test_dump_is_one_line_of_ftm_json() -> None:
    data = b"<data-set><record><Country>Iran</Country><Entity>Mapna Co.</Entity><Schedule>1</Schedule><Item>4</Item></record></data-set>"
    entity = ca_sema.FORMAT.parse({"sema-lmes.xml": data}, "sema-lmes.xml").entities[0]
    line = dump_ftm(entity)
    assert "\n" not in line
    obj = json.loads(line)
    assert obj["id"] == "ca_sema-iran-1-4" and obj["schema"] == "Company"
    assert obj["properties"]["name"] == ["Mapna Co."] and obj["datasets"] == ["ca_sema"]
    assert obj["provenance"]["native_id"] == "iran-1-4"


def test_opensanctions_style_file() -> None:
    parsed = FORMAT.parse({"sample.json": SAMPLE.read_bytes()}, "sample.json")
    assert parsed.dataset == "eu_fsf"
    assert [e.schema for e in parsed.entities] == ["Person", "Company", "Ownership"]
    assert parsed.targets == 2  # an Ownership is a relation, not a target
    assert parsed.warnings == [
        "sample.json: 1 entity of unknown schema 'Passport' skipped (line 5)",
    ]
    person, _, ownership = parsed.entities
    assert ownership.get("owner") == ["NK-ivan-sidarenka"]  # a nested entity stands for its id
    assert person.provenance.source_file == "sample.json"
    assert person.provenance.native_id == "NK-ivan-sidarenka"


def test_dataset_option_overrides_the_entities_own() -> None:
    parsed = FORMAT.parse({"sample.json": SAMPLE.read_bytes()}, "sample.json", dataset="my_list")
    assert parsed.dataset == "my_list"
    assert {e.dataset for e in parsed.entities} == {"my_list"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"id": "a", "schema": "Person"}\n{"id": "b", "schema": \n', r"^f.json, line 2: not valid JSON"),
        (b'\n\n["not", "an", "object"]\n', r"^f.json, line 3: expected a JSON object, found list$"),
        (b'{"schema": "Person", "properties": {}}\n', r"^f.json, line 1: the entity has no 'id'$"),
        (
            b'{"id": "a", "schema": "Person", "properties": []}\n',
            r"^f.json, line 1, record a: 'properties' is not",
        ),
        (b'{"id": "a", "schema": "Person"}\n{"id": "\xff"}\n', r"^f.json, line 2: not UTF-8 text"),
    ],
)
def test_bad_lines_are_named(data: bytes, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        FORMAT.parse({"f.json": data}, "f.json")


def test_repeated_ids_are_counted() -> None:
    line = b'{"id": "a", "schema": "Person", "properties": {"name": ["A"]}}\n'
    parsed = FORMAT.parse({"f.json": line * 3}, "f.json")
    assert len(parsed.entities) == 1
    assert parsed.warnings == ["f.json: 2 repeated entity id(s) skipped (lines 2, 3)"]


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b'\xef\xbb\xbf\n{"id": "x", "schema": "Person", "properties": {}}\n', True),
        (
            b'{"id": "x", "schema": "Person", "properties": {"name": ["a very long li',
            True,
        ),  # cut by the window
        (b'{"id": "x", "properties": {}}\n', False),
        (b"<export/>", False),
        (b"ent_num,name\n", False),
    ],
)
def test_sniff(head: bytes, expected: bool) -> None:
    assert FORMAT.sniff("f.json", head) is expected
