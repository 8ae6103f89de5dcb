"""Reading list files from disk and from the bundled snapshot.

A path may name one file (its companions beside it are read too) or a folder
holding one list's files.  ``.xz`` and ``.gz`` copies are decompressed
transparently, so the bundled snapshot and a user's own download read the same.
"""

from __future__ import annotations

import gzip
import lzma
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from zaslon.exc import SourceError
from zaslon.sources import detect
from zaslon.sources.base import ListFormat

_COMPRESSED = {".xz": lzma.decompress, ".gz": gzip.decompress}
SNIFF_BYTES = 64 * 1024


@dataclass(slots=True)
class ListFiles:
    """One list's files, read and decompressed, with their detected format."""

    format: ListFormat
    main: str  # base name of the main file, without a compression suffix
    files: dict[str, bytes]
    origin: str  # what to call these files in messages (a path)


def _base_name(path: Path) -> str:
    return path.stem if path.suffix in _COMPRESSED else path.name


def _read(path: Path) -> bytes:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror or exc}", file=str(path)) from None
    unpack = _COMPRESSED.get(path.suffix)
    if unpack is None:
        return raw
    try:
        return unpack(raw)
    except (lzma.LZMAError, OSError, EOFError) as exc:
        raise SourceError(f"the compressed file is damaged: {exc}", file=str(path)) from None


def _find(folder: Path, base: str) -> Path | None:
    for candidate in (folder / base, folder / f"{base}.xz", folder / f"{base}.gz"):
        if candidate.is_file():
            return candidate
    return None


def read_list(path: str | Path) -> ListFiles:
    """Read a list file (and its companions) or a folder holding one list."""
    path = Path(path)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
        if not files:
            raise SourceError("the folder holds no files", file=str(path))
        # the main file is the one whose format claims the others as companions
        for candidate in files:
            try:
                fmt = detect(_base_name(candidate), _read(candidate)[:SNIFF_BYTES])
            except SourceError:
                continue
            if not fmt.companions or _base_name(candidate) not in fmt.companions:
                return _with_companions(candidate, fmt)
        raise SourceError("no file in the folder is a list format zaslon knows", file=str(path))
    if not path.exists():
        raise SourceError("no such file", file=str(path))
    data = _read(path)
    fmt = detect(_base_name(path), data[:SNIFF_BYTES])
    return _with_companions(path, fmt, data)


def _with_companions(path: Path, fmt: ListFormat, data: bytes | None = None) -> ListFiles:
    main = _base_name(path)
    files = {main: data if data is not None else _read(path)}
    for companion in fmt.companions:
        if companion == main:
            continue
        found = _find(path.parent, companion)
        if found is not None:
            files[companion] = _read(found)
    return ListFiles(format=fmt, main=main, files=files, origin=str(path))


def snapshot_root() -> Path:
    """The folder of the bundled list snapshot inside the installed package."""
    return Path(str(resources.files("zaslon") / "data" / "lists"))


def snapshot_paths() -> dict[str, Path]:
    """Bundled snapshot: dataset name -> its folder."""
    root = snapshot_root()
    return {p.name: p for p in sorted(root.iterdir()) if p.is_dir()}
