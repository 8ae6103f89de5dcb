"""Input files for batch screening, read as a stream of numbered rows.

CSV, TSV, JSON lines and Parquet are read a record (or, for Parquet, a row
group batch) at a time, so memory does not grow with the size of the file.
Each row carries its number (1-based, data rows only: a CSV header is not
counted) and either its values or the reason it cannot be used: bytes that
are not UTF-8, a wrong number of columns, a line that is not a JSON object.
Such rows are still yielded, so that rows read always equals rows screened
plus rows rejected.
"""

from __future__ import annotations

import csv
import gzip
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import orjson

from zaslon.exc import SourceError

FORMATS = ("csv", "tsv", "jsonl", "parquet")
_EXTENSIONS = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
}
PARQUET_BATCH = 4096

# a CSV field may be as large as a record can be; the default 128 KiB is too small for some exports
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


@dataclass(slots=True)
class InputRow:
    """One input record: its number and values, or why it cannot be screened."""

    number: int
    values: dict[str, Any] | None
    error: str | None = None


def detect_format(path: Path, given: str | None = None) -> str:
    """The format named by ``given``, else by the file's extension (``.gz`` allowed for text)."""
    if given:
        if given not in FORMATS:
            raise SourceError(f"unknown input format {given!r}; expected one of {', '.join(FORMATS)}")
        return given
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    fmt = _EXTENSIONS.get(suffixes[-1]) if suffixes else None
    if fmt is None:
        raise SourceError(
            "cannot tell the input format from the file name; give --format csv|tsv|jsonl|parquet",
            file=str(path),
        )
    return fmt


def _open_binary(path: Path) -> IO[bytes]:
    if path.suffix.lower() == ".gz":
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


def _undecodable(values: Sequence[str]) -> str | None:
    """The first value holding bytes that were not UTF-8 (decoded as surrogate escapes)."""
    for value in values:
        if any("\udc80" <= ch <= "\udcff" for ch in value):
            return value
    return None


def _shown(value: str) -> str:
    return repr(value.encode("utf-8", "surrogateescape"))[2:-1][:60]


class _Lines:
    """Binary lines decoded leniently, for ``csv.reader``; bad bytes survive as surrogates."""

    def __init__(self, fh: IO[bytes]) -> None:
        self._fh = fh

    def __iter__(self) -> Iterator[str]:
        first = True
        for raw in self._fh:
            if first:
                first = False
                if raw.startswith(b"\xef\xbb\xbf"):
                    raw = raw[3:]
            yield raw.decode("utf-8", "surrogateescape")


def read_columns(path: Path, fmt: str) -> list[str] | None:
    """The column names of a CSV/TSV header or a Parquet schema (None for JSON lines)."""
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return list(pq.ParquetFile(path).schema_arrow.names)
    if fmt in ("csv", "tsv"):
        with _open_binary(path) as fh:
            reader = csv.reader(_Lines(fh), delimiter="\t" if fmt == "tsv" else ",")
            header = next(reader, None)
        if header is None:
            raise SourceError("the file is empty; expected a header row", file=str(path))
        return [h.strip() for h in header]
    return None


def _read_delimited(path: Path, fmt: str, skip: int) -> Iterator[InputRow]:
    with _open_binary(path) as fh:
        reader = csv.reader(_Lines(fh), delimiter="\t" if fmt == "tsv" else ",")
        header = next(reader, None)
        if header is None:
            raise SourceError("the file is empty; expected a header row", file=str(path))
        columns = [h.strip() for h in header]
        if (bad := _undecodable(columns)) is not None:
            raise SourceError(
                f"the header holds bytes that are not UTF-8: {_shown(bad)}", file=str(path), line=1
            )
        width = len(columns)
        number = 0
        try:
            for record in reader:
                if not record:  # a blank line is not a row
                    continue
                number += 1
                if number <= skip:
                    continue
                if len(record) != width:
                    yield InputRow(
                        number, None, f"wrong column count: {len(record)} values where the header has {width}"
                    )
                elif (bad := _undecodable(record)) is not None:
                    yield InputRow(number, None, f"undecodable bytes (not UTF-8): {_shown(bad)}")
                else:
                    yield InputRow(number, dict(zip(columns, record)))
        except csv.Error as exc:
            # an unterminated quote swallows the rest of the file: nothing after it can be trusted
            raise SourceError(
                f"malformed CSV after row {number}: {exc}", file=str(path), line=reader.line_num
            )


def _read_jsonl(path: Path, skip: int) -> Iterator[InputRow]:
    with _open_binary(path) as fh:
        number = 0
        for raw in fh:
            if not raw.strip():
                continue
            number += 1
            if number <= skip:
                continue
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                text = raw.decode("utf-8", "surrogateescape").strip()
                yield InputRow(number, None, f"undecodable bytes (not UTF-8): {_shown(text)}")
                continue
            try:
                data = orjson.loads(raw)
            except orjson.JSONDecodeError as exc:
                yield InputRow(number, None, f"not valid JSON: {exc}")
                continue
            if not isinstance(data, dict):
                yield InputRow(number, None, f"expected a JSON object, got {type(data).__name__}")
                continue
            yield InputRow(number, data)


def _read_parquet(path: Path, columns: Sequence[str] | None, skip: int) -> Iterator[InputRow]:
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(path)
    number = 0
    group_start = 0
    groups = []
    # whole row groups before the resume point are not decoded at all
    for g in range(pf.metadata.num_row_groups):
        rows = pf.metadata.row_group(g).num_rows
        if group_start + rows <= skip:
            group_start += rows
            continue
        groups.append(g)
    number = group_start
    if not groups:
        return
    for batch in pf.iter_batches(
        batch_size=PARQUET_BATCH, row_groups=groups, columns=list(columns or []) or None
    ):
        for values in batch.to_pylist():
            number += 1
            if number <= skip:
                continue
            error = None
            for key, value in values.items():
                if isinstance(value, (bytes, bytearray)):
                    try:
                        values[key] = value.decode("utf-8")
                    except UnicodeDecodeError:
                        error = f"undecodable bytes (not UTF-8) in column {key!r}: {bytes(value)[:60]!r}"
                        break
            yield InputRow(number, None, error) if error else InputRow(number, values)


def read_rows(
    path: Path, fmt: str, *, columns: Sequence[str] | None = None, skip: int = 0
) -> Iterator[InputRow]:
    """Every row of the file in order, from row ``skip + 1`` on (rows before are not yielded).

    ``columns`` limits what is read where the format allows (Parquet).
    """
    if fmt in ("csv", "tsv"):
        return _read_delimited(path, fmt, skip)
    if fmt == "jsonl":
        return _read_jsonl(path, skip)
    if fmt == "parquet":
        return _read_parquet(path, columns, skip)
    raise SourceError(f"unknown input format {fmt!r}; expected one of {', '.join(FORMATS)}", file=str(path))


def estimate_rows(path: Path, fmt: str) -> int | None:
    """How many rows the file holds, for a progress estimate: exact for Parquet, lines for text."""
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return int(pq.ParquetFile(path).metadata.num_rows)
    if path.suffix.lower() == ".gz":
        return None
    lines = 0
    last = b"\n"
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 22):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    if last != b"\n":
        lines += 1
    return max(0, lines - (1 if fmt in ("csv", "tsv") else 0))


__all__ = ["FORMATS", "InputRow", "detect_format", "estimate_rows", "read_columns", "read_rows"]
