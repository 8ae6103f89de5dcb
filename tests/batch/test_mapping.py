"""``--map`` parsing and one row turned into a query, with the reason a row is rejected."""

from __future__ import annotations

import pickle

import pytest

from zaslon.batch.mapping import Mapping, RowRejected, parse_mapping
from zaslon.exc import QueryError


def test_parse_full_mapping() -> None:
    m = parse_mapping(
        "name=first+last, name=alias ,dob=dob,country=nat,country=residence,id=passport,schema=kind"
    )
    assert m.names == (("first", "last"), ("alias",))
    assert m.dobs == ("dob",) and m.countries == ("nat", "residence") and m.ids == ("passport",)
    assert m.schema_column == "kind" and m.schema == "LegalEntity"
    assert m.columns == ["first", "last", "alias", "dob", "nat", "residence", "passport", "kind"]
    assert pickle.loads(pickle.dumps(m)) == m  # shipped to workers and Spark executors
    assert parse_mapping("name=n", schema="person").schema == "Person"


@pytest.mark.parametrize(
    ("spec", "schema", "message"),
    [
        ("dob=birth", None, "--map needs name=COLUMN"),
        ("name", None, "bad --map item 'name'"),
        ("name=", None, "bad --map item 'name='"),
        ("name=a+", None, r"expected name=COL or name=COL\+COL"),
        ("name=a,nationality=b", None, "unknown field 'nationality'"),
        ("name=a,schema=b,schema=c", None, "schema= given twice"),
        ("name=a", "Spaceship", "unknown schema 'Spaceship'"),
    ],
)
def test_parse_refusals(spec: str, schema: str | None, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        parse_mapping(spec, schema=schema)


def test_check_columns_names_the_missing_one() -> None:
    m = parse_mapping("name=full_name,dob=birth")
    m.check_columns(["full_name", "birth", "other"], "in.csv")
    with pytest.raises(QueryError, match="in.csv: no column 'birth'; the columns are 'full_name', 'dob'"):
        m.check_columns(["full_name", "dob"], "in.csv")
    m.check_columns(None, "in.jsonl")  # JSON lines have no header to check against


MAP = parse_mapping("name=first+last,name=alias,dob=dob,country=nat,id=passport,schema=kind", schema="Person")


def test_row_to_query_multiscript_and_multivalue() -> None:
    q = MAP.query(
        {"first": "Владимир ", "last": " Путин", "alias": "", "dob": "1952-10-07; 7 Oct 1952; 1952",
         "nat": "Russia; Narnia", "passport": "AB123; AB123", "kind": ""}
    )  # fmt: skip
    assert q.names == ["Владимир Путин"]
    assert q.schema == "Person"  # the default when the schema cell is empty
    assert q.birth_dates == ["1952-10-07", "1952"]
    assert q.countries == ["ru"]  # an unknown country is not a reason to skip a party
    assert q.identifiers == ["AB123"]
    q = MAP.query({"first": "", "last": "", "alias": "بشار الأسد", "kind": "organization", "dob": 1965})
    assert q.names == ["بشار الأسد"] and q.schema == "Organization" and q.birth_dates == ["1965"]
    q = MAP.query({"first": "金", "last": "正恩", "alias": ["Kim Jong Un"], "kind": "Person"})
    assert q.names == ["金 正恩", "Kim Jong Un"]


@pytest.mark.parametrize(
    ("values", "reason"),
    [
        ({"first": "", "last": " ", "alias": None}, "no name in column 'any name column'"),
        ({"first": "Ali", "dob": "31/02/1980"}, "malformed date '31/02/1980' in column 'dob'"),
        ({"first": "Ali", "dob": "1980; soon"}, "malformed date 'soon' in column 'dob'"),
        ({"first": "Ali", "kind": "Spaceship"}, "unknown schema 'Spaceship' in column 'kind'"),
        ({"first": "Ali", "nat": {"a": 1}}, "column 'nat' holds dict, expected text"),
        ({"first": "A" * 1001}, "name in 'first+last' is 1001 characters long"),
    ],
)
def test_rejected_rows(values: dict[str, object], reason: str) -> None:
    with pytest.raises(RowRejected) as caught:
        MAP.query(values)
    assert str(caught.value).startswith(reason)


def test_single_name_column_is_named_in_the_reason() -> None:
    m = Mapping(names=(("full_name",),))
    with pytest.raises(RowRejected, match="no name in column 'full_name'"):
        m.query({"full_name": "   "})
