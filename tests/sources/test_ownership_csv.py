"""Ownership CSV and FtM Ownership rows in, edges out; bad rows name their line and value."""

from __future__ import annotations

import json

import pytest

from zaslon.core.ownership import OwnershipEdge, analyse
from zaslon.exc import SourceError
from zaslon.sources.ownership_csv import build_graph, parse_ownership_csv, parse_ownership_ftm

CSV = b"""owner,asset,percentage,start_date,end_date,source
X,A,50,2020-01-01,,registry
X,B,"49,99",,2023-12-31,annual report
A,B,,,,press (size not stated)
Y,B,10%,2021,,
"""


def test_csv_with_header() -> None:
    rows = parse_ownership_csv(CSV, file="own.csv")
    assert rows.edges == [
        OwnershipEdge("X", "A", 50.0, "2020-01-01", None, "registry", ref="own.csv line 2"),
        OwnershipEdge("X", "B", 49.99, None, "2023-12-31", "annual report", ref="own.csv line 3"),
        OwnershipEdge("A", "B", None, None, None, "press (size not stated)", ref="own.csv line 4"),
        OwnershipEdge("Y", "B", 10.0, "2021", None, "", ref="own.csv line 5"),
    ]


def test_csv_without_header_and_extra_columns() -> None:
    rows = parse_ownership_csv(b"X,A,50\nX,B,?\n")
    assert [(e.owner, e.asset, e.percentage) for e in rows.edges] == [("X", "A", 50.0), ("X", "B", None)]
    rows = parse_ownership_csv(b"owner,asset,percentage,control,as_of\nX,E,10,yes,2013\n")
    assert rows.edges[0].control and rows.edges[0].as_of == "2013"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (b"X,A,abc", "line 2: percentage 'abc' is not a number"),
        (b"X,A,-5", "line 2: percentage '-5' is outside 0"),
        (b"X,A,150", "line 2: percentage '150' is outside 0"),
        (b"X,,50", "line 2: owner and asset must both be given"),
        (b"X,A", "line 2: expected 3 to 6 columns"),
        (b"X,A,50,31/02/2020", "line 2: start_date '31/02/2020' is not a date"),
        (b"X,A,50,2021-01-01,2020-01-01", "line 2: end_date 2020-01-01 is before start_date 2021-01-01"),
    ],
)
def test_bad_rows_name_file_line_and_value(line: bytes, message: str) -> None:
    data = b"owner,asset,percentage,start_date,end_date,source\n" + line + b"\n"
    with pytest.raises(SourceError) as err:
        parse_ownership_csv(data, file="own.csv")
    assert str(err.value).startswith("own.csv, " + message.split(":")[0]) and message.split(": ", 1)[
        1
    ] in str(err.value)
    assert err.value.line == 2


def test_lenient_mode_keeps_good_rows() -> None:
    rows = parse_ownership_csv(b"X,A,50\nX,B,200\nX,C,60\n", strict=False)
    assert [e.asset for e in rows.edges] == ["A", "C"]
    assert [e.line for e in rows.errors] == [2]


def test_bad_header_and_encoding() -> None:
    with pytest.raises(SourceError, match="unknown column.*'share'"):
        parse_ownership_csv(b"owner,asset,share\n")
    with pytest.raises(SourceError, match="not UTF-8"):
        parse_ownership_csv(b"X,\xff,50\n")


def test_ftm_ownership_entities() -> None:
    lines = [
        {
            "id": "p1",
            "schema": "Person",
            "properties": {"name": ["P One"], "topics": ["sanction"], "listingDate": ["2022-02-24"]},
        },
        {"id": "c1", "schema": "Company", "properties": {"name": ["C One"]}},
        {
            "id": "o1",
            "schema": "Ownership",
            "properties": {
                "owner": ["p1"],
                "asset": ["c1"],
                "percentage": ["50"],
                "startDate": ["2019"],
                "ownershipType": ["control"],
            },
        },
    ]
    rows = parse_ownership_ftm("\n".join(json.dumps(x) for x in lines).encode())
    assert [(n.id, n.sanctioned, n.listed_since) for n in rows.nodes] == [
        ("p1", True, "2022-02-24"),
        ("c1", False, None),
    ]
    [edge] = rows.edges
    assert (edge.owner, edge.asset, edge.percentage, edge.start_date, edge.control, edge.ref) == (
        "p1",
        "c1",
        50.0,
        "2019",
        True,
        "o1",
    )
    graph = build_graph(rows)
    assert analyse(graph, "eu", "2022-02-23").check("c1").verdict == "not owned"
    assert analyse(graph, "eu", "2022-02-24").check("c1").verdict == "not owned"  # 50%: not "more than 50%"
    assert analyse(graph, "eu", "2024-07-03").check("c1").verdict == "owned"


def test_ftm_bad_records() -> None:
    with pytest.raises(SourceError, match="line 2: not JSON"):
        parse_ownership_ftm(b'{"id": "a", "schema": "Company", "properties": {}}\n{oops\n', file="x.jsonl")
    with pytest.raises(SourceError, match="record o1: an Ownership needs both"):
        parse_ownership_ftm(b'{"id": "o1", "schema": "Ownership", "properties": {"owner": ["a"]}}')
    with pytest.raises(SourceError, match="record o2: percentage '120' is outside"):
        parse_ownership_ftm(
            b'{"id": "o2", "schema": "Ownership", "properties": {"owner": ["a"], "asset": ["b"], "percentage": ["120"]}}'
        )
