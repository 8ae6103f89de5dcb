"""Input readers: row numbers, every kind of unusable row, skipping for resume."""

from __future__ import annotations

import gzip
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from zaslon.batch.readers import InputRow, detect_format, estimate_rows, read_columns, read_rows
from zaslon.exc import SourceError


def rows(path: Path, fmt: str, **kw: object) -> list[InputRow]:
    return list(read_rows(path, fmt, **kw))  # type: ignore[arg-type]


def test_csv_rows_are_numbered_and_bad_rows_carry_their_reason(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(
        b"\xef\xbb\xbfname,dob\n"  # a BOM is not part of the first column's name
        b"Vladimir Putin,1952-10-07\n"
        b"\n"  # a blank line is not a row
        b'"Smith, John",1970\n'
        b"too,many,values\n"
        b"Jos\xe9 Garc\xeda,1980\n"  # Latin-1, not UTF-8
        b'"multi\nline",\n'
        b"short\n"
    )
    got = rows(path, "csv")
    assert [r.number for r in got] == [1, 2, 3, 4, 5, 6]
    assert got[0].values == {"name": "Vladimir Putin", "dob": "1952-10-07"}
    assert got[1].values == {"name": "Smith, John", "dob": "1970"}
    assert got[2].values is None and got[2].error == "wrong column count: 3 values where the header has 2"
    assert got[3].values is None and got[3].error is not None
    assert got[3].error.startswith("undecodable bytes (not UTF-8): Jos\\xe9")
    assert got[4].values == {"name": "multi\nline", "dob": ""}
    assert got[5].error == "wrong column count: 1 values where the header has 2"
    assert read_columns(path, "csv") == ["name", "dob"]


def test_skip_resumes_after_a_row_number(tmp_path: Path) -> None:
    path = tmp_path / "in.tsv"
    path.write_text(
        "name\tdob\n" + "".join(f"Name {i}\t{1950 + i}\n" for i in range(1, 11)), encoding="utf-8"
    )
    got = rows(path, "tsv", skip=7)
    assert [r.number for r in got] == [8, 9, 10]
    assert got[0].values == {"name": "Name 8", "dob": "1958"}
    assert estimate_rows(path, "tsv") == 10


def test_gzip_csv_reads_like_plain(tmp_path: Path) -> None:
    path = tmp_path / "in.csv.gz"
    path.write_bytes(gzip.compress("name\nИван Петров\n".encode()))
    assert detect_format(path) == "csv"
    assert rows(path, "csv")[0].values == {"name": "Иван Петров"}


def test_jsonl_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(
        b'{"name": "\xd0\x92\xd0\xbb\xd0\xb0\xd0\xb4\xd0\xb8\xd0\xbc\xd0\xb8\xd1\x80", "ids": ["A1", "B2"]}\n'
        b"\n"
        b'{"name": broken\n'
        b'["a", "list"]\n'
        b'{"name": "Jos\xe9"}\n'
        b'{"name": "last"}'  # no final newline
    )
    got = rows(path, "jsonl")
    assert [r.number for r in got] == [1, 2, 3, 4, 5]
    assert got[0].values == {"name": "Владимир", "ids": ["A1", "B2"]}
    assert got[1].error is not None and got[1].error.startswith("not valid JSON")
    assert got[2].error == "expected a JSON object, got list"
    assert got[3].error is not None and got[3].error.startswith("undecodable bytes")
    assert got[4].values == {"name": "last"}
    assert rows(path, "jsonl", skip=4)[0].number == 5


def test_parquet_batches_row_groups_and_skip(tmp_path: Path) -> None:
    path = tmp_path / "in.parquet"
    table = pa.table(
        {
            "name": [f"Name {i}" for i in range(1, 101)],
            "raw": [b"ok" if i != 50 else b"\xff\xfe" for i in range(1, 101)],
            "other": list(range(100)),
        }
    )
    pq.write_table(table, path, row_group_size=30)
    got = rows(path, "parquet", columns=["name", "raw"])
    assert len(got) == 100 and [r.number for r in got] == list(range(1, 101))
    assert got[0].values == {"name": "Name 1", "raw": "ok"}  # only the columns asked for
    assert got[49].values is None and got[49].error is not None and "'raw'" in got[49].error
    resumed = rows(path, "parquet", columns=["name"], skip=65)  # skips two whole row groups unread
    assert [r.number for r in resumed] == list(range(66, 101))
    assert resumed[0].values == {"name": "Name 66"}
    assert estimate_rows(path, "parquet") == 100
    assert read_columns(path, "parquet") == ["name", "raw", "other"]


def test_formats_and_refusals(tmp_path: Path) -> None:
    assert detect_format(Path("a.TSV")) == "tsv"
    assert detect_format(Path("a.ndjson")) == "jsonl"
    assert detect_format(Path("a.txt"), "csv") == "csv"
    with pytest.raises(SourceError, match="give --format"):
        detect_format(Path("customers.txt"))
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(SourceError, match="empty.csv: the file is empty"):
        rows(empty, "csv")
    quoted = tmp_path / "quote.csv"
    quoted.write_text('name,dob\n"never closed,1970\nNext,1971\n', encoding="utf-8")
    # an unterminated quote swallows the rest of the file into one field: that row is rejected
    (only,) = rows(quoted, "csv")
    assert only.error == "wrong column count: 1 values where the header has 2"
