"""The one error tree of zaslon.

Every error the library raises on purpose is a ``ZaslonError``; the CLI turns it
into one line on stderr with exit code 1, the API into one JSON error shape.
Messages quote the bad value and say where it was (file, line, record, field).

    ZaslonError
    ├── SourceError        a list file could not be read (file, line, record)
    │   └── UnknownFormat  the content matches no known list format
    ├── FetchError         a list could not be downloaded from its address
    ├── StoreError         the store could not be read or written
    ├── NotFound           an entity, dataset, version or record does not exist
    ├── QueryError         a screening query is malformed (field)
    ├── ConflictError      a concurrent change won first (decisions)
    └── ConfigError        a setting is missing or invalid
"""

from __future__ import annotations


class ZaslonError(Exception):
    """Root of every error zaslon raises on purpose."""

    def __init__(self, message: str, **detail: object) -> None:
        super().__init__(message)
        self.message = message
        self.detail = {k: v for k, v in detail.items() if v is not None}

    def __str__(self) -> str:
        return self.message


class SourceError(ZaslonError):
    """A list file could not be parsed; names the file and, where known, line or record."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        record: str | None = None,
    ) -> None:
        where = []
        if file:
            where.append(str(file))
        if line is not None:
            where.append(f"line {line}")
        if record:
            where.append(f"record {record}")
        prefix = ", ".join(where)
        super().__init__(f"{prefix}: {message}" if prefix else message, file=file, line=line, record=record)
        self.file = file
        self.line = line
        self.record = record


class UnknownFormat(SourceError):
    """The content matches no list format zaslon knows."""


class FetchError(ZaslonError):
    """A list could not be downloaded."""


class StoreError(ZaslonError):
    """The store could not be read or written."""


class NotFound(ZaslonError):
    """Something asked for by id does not exist."""


class QueryError(ZaslonError):
    """A screening query or request is malformed; ``field`` names the culprit."""

    def __init__(self, message: str, *, field: str | None = None, expected: str | None = None) -> None:
        super().__init__(message, field=field, expected=expected)
        self.field = field
        self.expected = expected


class ConflictError(ZaslonError):
    """A concurrent change was committed first."""


class ConfigError(ZaslonError):
    """A setting is missing or invalid."""
