"""Getting lists into the store: from a path, from the bundled snapshot, from the network.

Orchestration only: reading files is ``sources.files``, downloading is
``sources.fetch``, parsing is each format's ``parse``, and writing a version is
``store.ListStore.load``.  Every path here parses a list completely before
anything is written, and one list failing never touches another list or the
failing list's previous version.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import httpx

from zaslon import sources
from zaslon.exc import ConfigError, FetchError, SourceError, ZaslonError
from zaslon.settings import Settings
from zaslon.sources.base import ListFormat, ParsedList
from zaslon.sources.fetch import fetch
from zaslon.sources.files import read_list, snapshot_paths
from zaslon.store import ListStore, NewVersion, VersionInfo

Status = Literal["updated", "unchanged", "failed"]
Progress = Callable[[str], None]

# A new version with fewer than this share of the current version's targets is
# refused (unless forced): a list does not lose half its targets overnight, a
# truncated file that still parses does.
MIN_TARGET_RATIO = 0.5
# The same for the size of each downloaded file against the current version's.
MIN_SIZE_RATIO = 0.5


@dataclass(slots=True)
class LoadOutcome:
    """What happened to one list: a new version, the same content again, or a failure."""

    dataset: str
    status: Status
    version: VersionInfo | None = None  # the version now serving (None if none)
    reason: str = ""  # why it failed
    warnings: list[str] = field(default_factory=list)  # from this parse


def open_store(settings: Settings) -> ListStore:
    """The store the settings point at, migrated to the newest schema."""
    return ListStore.open(settings.db_url)


def files_sha256(files: Mapping[str, bytes]) -> str:
    """One checksum over a list's files (names and contents, in name order)."""
    digest = hashlib.sha256()
    for name in sorted(files):
        data = files[name]
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def files_meta(files: Mapping[str, bytes]) -> dict[str, dict[str, Any]]:
    return {n: {"size": len(d), "sha256": hashlib.sha256(d).hexdigest()} for n, d in sorted(files.items())}


def parse(fmt: ListFormat, files: Mapping[str, bytes], main: str, dataset: str, origin: str) -> ParsedList:
    """Parse completely, turning a parser's unexpected failure into a ``SourceError`` naming the file."""
    try:
        parsed = fmt.parse(files, main, dataset=dataset)
    except ZaslonError:
        raise
    except (MemoryError, RecursionError):
        raise SourceError("the file is too large or too deeply nested to parse", file=origin) from None
    except Exception as exc:  # noqa: BLE001 - a parser bug is still one line naming the file
        raise SourceError(f"cannot parse as {fmt.title}: {type(exc).__name__}: {exc}", file=origin) from None
    if not parsed.entities:
        raise SourceError(f"no entities found in this {fmt.title} file", file=origin)
    return parsed


def _check_shrink(store: ListStore, parsed: ParsedList, origin: str) -> None:
    current = store.current_version(parsed.dataset)
    if current is not None and current.targets and parsed.targets < current.targets * MIN_TARGET_RATIO:
        raise SourceError(
            f"only {parsed.targets} targets where the current {parsed.dataset} version has "
            f"{current.targets}; the file looks truncated (use --force to load it anyway)",
            file=origin,
        )


def load_path(
    store: ListStore, path: str | Path, *, dataset: str | None = None, force: bool = False
) -> LoadOutcome:
    """Load one list file (with its companions) or folder as a new version.

    Raises ``SourceError`` for unreadable, unknown or malformed input; the
    store is then unchanged.
    """
    listed = read_list(path)
    ds = dataset or listed.format.dataset
    sha = files_sha256(listed.files)
    current = store.current_version(ds)
    if current is not None and current.sha256 == sha and not force:
        return LoadOutcome(ds, "unchanged", current)
    parsed = parse(listed.format, listed.files, listed.main, ds, listed.origin)
    parsed.dataset = ds
    if not force:
        _check_shrink(store, parsed, listed.origin)
    result = store.load(
        parsed,
        source=str(Path(path).resolve()),
        sha256=sha,
        format=listed.format.name,
        files=files_meta(listed.files),
        force=force,
    )
    return LoadOutcome(ds, result.status, result.version, warnings=list(parsed.warnings))


def ensure_snapshot(store: ListStore, *, progress: Progress | None = None) -> list[LoadOutcome]:
    """Fill an empty store with every bundled list, offline, in one transaction.

    A store that holds any version is left alone.  A bundled list that fails
    to parse is reported as failed; the others are loaded.
    """
    if not store.is_empty():
        return []
    outcomes: list[LoadOutcome] = []
    items: list[NewVersion] = []
    for dataset, folder in snapshot_paths().items():
        if progress:
            progress(f"loading bundled list {dataset}")
        try:
            listed = read_list(folder)
            parsed = parse(listed.format, listed.files, listed.main, dataset, listed.origin)
            parsed.dataset = dataset
        except ZaslonError as exc:
            outcomes.append(LoadOutcome(dataset, "failed", reason=str(exc)))
            continue
        except Exception as exc:  # noqa: BLE001 - e.g. a format module that cannot be imported
            outcomes.append(LoadOutcome(dataset, "failed", reason=f"{type(exc).__name__}: {exc}"))
            continue
        items.append(
            NewVersion(
                parsed,
                source=f"bundled:{dataset}",
                sha256=files_sha256(listed.files),
                format=listed.format.name,
                files=files_meta(listed.files),
            )
        )
        outcomes.append(LoadOutcome(dataset, "updated", warnings=list(parsed.warnings)))
    if items:
        results = iter(store.load_many(items))
        for outcome in outcomes:
            if outcome.status != "failed":
                outcome.version = next(results).version
    return outcomes


def official_urls(fmt: ListFormat, overrides: Mapping[str, str]) -> dict[str, str]:
    """The addresses to fetch a format's files from, after ``Settings.list_urls``.

    ``overrides`` is keyed by ``"dataset/file"`` (one file) or ``"dataset"``:
    the main file's address, its companions fetched from beside it; an
    address ending in ``/`` is a folder holding every file.
    """
    urls = dict(fmt.urls)
    main = main_file(fmt)
    base = overrides.get(fmt.dataset)
    for name in urls:
        if f"{fmt.dataset}/{name}" in overrides:
            urls[name] = overrides[f"{fmt.dataset}/{name}"]
        elif base:
            if base.endswith("/"):
                urls[name] = base + name
            elif name == main:
                urls[name] = base
            else:
                urls[name] = base.rsplit("/", 1)[0] + "/" + name
    return urls


def main_file(fmt: ListFormat) -> str:
    for name in fmt.urls:
        if name not in fmt.companions:
            return name
    raise ConfigError(f"format {fmt.name} names no main file among its addresses")


def updatable() -> list[ListFormat]:
    """The formats that have official addresses to update from."""
    return [f for f in sources.formats() if f.urls]


def update_lists(
    store: ListStore,
    settings: Settings,
    *,
    datasets: Iterable[str] | None = None,
    client: httpx.Client | None = None,
    backoff: float = 1.0,
    progress: Progress | None = None,
) -> list[LoadOutcome]:
    """Download, parse and load each list; a failing list keeps its previous version."""
    if datasets is None:
        fmts: list[ListFormat | str] = list(updatable())
    else:
        fmts = [sources.by_dataset(d) or d for d in datasets]
    outcomes = []
    for fmt in fmts:
        if isinstance(fmt, str):
            outcomes.append(LoadOutcome(fmt, "failed", reason=f"no official address is known for {fmt!r}"))
            continue
        try:
            outcome = _update_one(store, settings, fmt, client, backoff, progress)
        except ZaslonError as exc:
            outcome = LoadOutcome(fmt.dataset, "failed", store.current_version(fmt.dataset), str(exc))
        except Exception as exc:  # noqa: BLE001 - one list's surprise must not stop the others
            outcome = LoadOutcome(
                fmt.dataset, "failed", store.current_version(fmt.dataset), f"{type(exc).__name__}: {exc}"
            )
        outcomes.append(outcome)
    return outcomes


def _update_one(
    store: ListStore,
    settings: Settings,
    fmt: ListFormat,
    client: httpx.Client | None,
    backoff: float,
    progress: Progress | None,
) -> LoadOutcome:
    current = store.current_version(fmt.dataset)
    urls = official_urls(fmt, settings.list_urls)
    if not urls:
        raise FetchError(f"no official address is known for {fmt.dataset!r}")
    files: dict[str, bytes] = {}
    for name, url in urls.items():
        if progress:
            progress(f"{fmt.dataset}: downloading {url}")
        got = fetch(
            url,
            timeout=settings.fetch_timeout,
            retries=settings.fetch_retries,
            backoff=backoff,
            client=client,
        )
        previous = (current.files.get(name) or {}).get("size") if current else None
        if previous and len(got.data) < previous * MIN_SIZE_RATIO:
            raise FetchError(
                f"{url}: {len(got.data)} bytes, less than half the {previous} bytes of the current "
                "version; refusing what looks like a truncated or wrong file",
                url=url,
            )
        files[name] = got.data
    sha = files_sha256(files)
    if current is not None and current.sha256 == sha:
        return LoadOutcome(fmt.dataset, "unchanged", current)
    main = main_file(fmt)
    try:
        parsed = parse(fmt, files, main, fmt.dataset, urls[main])
        parsed.dataset = fmt.dataset
        _check_shrink(store, parsed, urls[main])
    except SourceError as exc:
        if urls[main] in exc.message:
            raise
        raise SourceError(f"{exc.message} (downloaded from {urls[main]})") from None
    result = store.load(
        parsed, source=" ".join(urls.values()), sha256=sha, format=fmt.name, files=files_meta(files)
    )
    return LoadOutcome(fmt.dataset, result.status, result.version, warnings=list(parsed.warnings))
