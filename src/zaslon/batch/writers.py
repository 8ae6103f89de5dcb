"""Output files of batch screening: hits as CSV, JSON lines or Parquet, and the errors file.

Writers take whole chunks of records and report how many bytes the file
holds after each, so that a checkpoint can record a point to truncate back
to.  CSV and JSON lines are written in place; Parquet cannot be cut back to a
point, so it is staged as JSON lines beside the output (``<out>.partial.jsonl``)
and converted in one pass when the run completes.

Rejected rows go to ``<out>.errors.csv``: row number and reason.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any

import orjson

from zaslon.batch.results import LIST_FIELDS, Record
from zaslon.exc import ConfigError

OUTPUT_FORMATS = {
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
}
PARQUET_STAGE_ROWS = 65536


def output_format(path: Path) -> str:
    fmt = OUTPUT_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ConfigError(
            f"cannot tell the output format from {str(path)!r}; name it .csv, .jsonl or .parquet"
        )
    return fmt


def errors_path(output: Path) -> Path:
    return output.with_name(output.name + ".errors.csv")


def stage_path(output: Path) -> Path:
    """Where a Parquet output is staged while the run is going on."""
    return output.with_name(output.name + ".partial.jsonl")


class _AppendFile:
    """A binary file written in chunks, fresh (with a header) or reopened at a byte offset."""

    def __init__(self, path: Path, header: bytes, resume_at: int | None) -> None:
        self.path = path
        self._fh: IO[bytes]
        if resume_at is None:
            self._fh = open(path, "wb")  # noqa: SIM115 - held open across chunks, closed by close()
            self._fh.write(header)
        else:
            self._fh = open(path, "r+b")  # noqa: SIM115
            self._fh.truncate(resume_at)
            self._fh.seek(resume_at)

    def write(self, data: bytes) -> None:
        if data:
            self._fh.write(data)

    def flush(self) -> int:
        """Hand what was written to the operating system; the file's size in bytes."""
        self._fh.flush()
        return self._fh.tell()

    def close(self) -> None:
        self._fh.close()


def _csv_bytes(rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


class RecordWriter:
    """Output records in the format the output's extension names."""

    def __init__(self, output: Path, fields: Sequence[str], *, resume_at: int | None = None) -> None:
        self.output = output
        self.fields = list(fields)
        self.format = output_format(output)
        target = stage_path(output) if self.format == "parquet" else output
        header = _csv_bytes([self.fields]) if self.format == "csv" else b""
        self._file = _AppendFile(target, header, resume_at)

    def write(self, records: Sequence[Record]) -> None:
        if not records:
            return
        if self.format == "csv":
            self._file.write(
                _csv_bytes(
                    [
                        *r[:-4],
                        ";".join(r[-4]),
                        ";".join(r[-3]),
                        "" if r[-2] is None else f"{r[-2]:.4f}",
                        "" if r[-1] is None else r[-1],
                    ]
                    for r in records
                )
            )
        else:
            self._file.write(b"".join(orjson.dumps(dict(zip(self.fields, r))) + b"\n" for r in records))

    def flush(self) -> int:
        return self._file.flush()

    def close(self) -> None:
        self._file.close()

    def finish(self) -> None:
        """Close the file; a staged Parquet output is converted and its stage removed."""
        self._file.close()
        if self.format == "parquet":
            stage = stage_path(self.output)
            _jsonl_to_parquet(stage, self.output, self.fields)
            stage.unlink()


def _parquet_schema(fields: Sequence[str]) -> Any:
    import pyarrow as pa

    types = {"row": pa.int64(), "score": pa.float64(), **{f: pa.list_(pa.string()) for f in LIST_FIELDS}}
    return pa.schema([(f, types.get(f, pa.string())) for f in fields])


def _jsonl_to_parquet(stage: Path, output: Path, fields: Sequence[str]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _parquet_schema(fields)
    partial = output.with_name(output.name + ".writing")
    with pq.ParquetWriter(partial, schema) as writer, open(stage, "rb") as fh:
        batch: list[dict[str, Any]] = []
        for line in fh:
            batch.append(orjson.loads(line))
            if len(batch) >= PARQUET_STAGE_ROWS:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch = []
        if batch:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
    os.replace(partial, output)


class ErrorWriter:
    """Rejected rows: ``row,reason`` as CSV next to the output."""

    def __init__(self, output: Path, *, resume_at: int | None = None) -> None:
        self.path = errors_path(output)
        self._file = _AppendFile(self.path, _csv_bytes([("row", "reason")]), resume_at)

    def write(self, errors: Sequence[tuple[int, str]]) -> None:
        if errors:
            self._file.write(_csv_bytes(errors))

    def flush(self) -> int:
        return self._file.flush()

    def close(self) -> None:
        self._file.close()
