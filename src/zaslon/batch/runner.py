"""Screening a file on one machine: every core, constant memory, resumable.

The parent process reads the input in chunks, hands them to worker processes
and writes their results back in input order.  At most a few chunks per
worker are in flight, so memory does not grow with the number of rows.  The
engine is built once in the parent; workers are forked from it and share its
index copy-on-write.

After every few chunks the output and errors files are flushed and a
checkpoint (``<out>.checkpoint.json``) records how many input rows are fully
written and how many bytes each file then held.  A run stopped by Ctrl-C or
a kill is resumed by the same command: the files are cut back to the
checkpoint and the rows it covers are skipped, so no output row is lost or
written twice.  The checkpoint also records the command (input file, its
size and modification time, mapping, threshold, limit, lists); a different
command is refused rather than mixed into the old output.  The checkpoint is
removed when the run completes.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from multiprocessing.pool import AsyncResult, Pool
from pathlib import Path
from typing import Any

import orjson

from zaslon.batch.readers import InputRow, detect_format, estimate_rows, read_columns, read_rows
from zaslon.batch.results import Record, Screening, is_hit, screen_row
from zaslon.batch.writers import ErrorWriter, RecordWriter, errors_path, output_format, stage_path
from zaslon.engine import Engine
from zaslon.exc import ConfigError

CHUNK_ROWS = 200
IN_FLIGHT_PER_WORKER = 3
CHECKPOINT_SECONDS = 1.0
LOG_SECONDS = 10.0
CHECKPOINT_VERSION = 1

Log = Callable[[str], None]


@dataclass(slots=True)
class Job:
    """One ``zaslon screen`` command."""

    input: Path
    output: Path
    screening: Screening
    format: str | None = None
    workers: int = 0  # 0: every core
    chunk_rows: int = CHUNK_ROWS


@dataclass(slots=True)
class Summary:
    rows_read: int = 0
    screened: int = 0
    rejected: int = 0
    rows_with_hit: int = 0
    hits: int = 0
    seconds: float = 0.0
    resumed_at: int = 0  # rows already done by an earlier, interrupted run

    def add(self, other: Summary) -> None:
        self.rows_read += other.rows_read
        self.screened += other.screened
        self.rejected += other.rejected
        self.rows_with_hit += other.rows_with_hit
        self.hits += other.hits

    def line(self) -> str:
        rate = (self.rows_read - self.resumed_at) / self.seconds if self.seconds > 0 else 0.0
        resumed = f" (resumed after row {self.resumed_at})" if self.resumed_at else ""
        return (
            f"rows read {self.rows_read}, screened {self.screened}, rejected {self.rejected}, "
            f"rows with a hit {self.rows_with_hit}, hits {self.hits}, time {self.seconds:.1f} s "
            f"({rate:.0f} rows/s){resumed}"
        )


def checkpoint_path(output: Path) -> Path:
    return output.with_name(output.name + ".checkpoint.json")


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


# ---- the work of one chunk (in a worker process, or inline) ---------------------------------

_ENGINE: Engine | None = None


def _init_worker(engine_bytes: bytes | None) -> None:
    """Worker start: Ctrl-C is the parent's to handle; a spawned worker unpickles the engine."""
    global _ENGINE
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    if engine_bytes is not None:
        _ENGINE = pickle.loads(engine_bytes)


def _exit_with_parent(parent: int) -> None:
    """A parent killed outright (``kill -9``) cannot stop its pool: its workers notice and go."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def _screen_chunk(
    screening: Screening, rows: list[InputRow]
) -> tuple[list[Record], list[tuple[int, str]], Summary]:
    assert _ENGINE is not None, "worker has no engine"
    records: list[Record] = []
    errors: list[tuple[int, str]] = []
    counts = Summary(rows_read=len(rows))
    for row in rows:
        if row.values is None:
            errors.append((row.number, row.error or "unreadable row"))
            continue
        found, reason = screen_row(_ENGINE, screening, row.number, row.values)
        if reason is not None:
            errors.append((row.number, reason))
            continue
        hits = sum(1 for r in found if is_hit(r))
        counts.hits += hits
        counts.rows_with_hit += hits > 0
        records.extend(found)
    counts.rejected = len(errors)
    counts.screened = counts.rows_read - counts.rejected
    return records, errors, counts


# ---- checkpoints -----------------------------------------------------------------------------


def _command(job: Job, fmt: str, engine: Engine) -> dict[str, Any]:
    """What must be the same for a run to continue another's output."""
    stat = job.input.stat()
    s = job.screening
    return {
        "input": str(job.input.resolve()),
        "input_size": stat.st_size,
        "input_mtime_ns": stat.st_mtime_ns,
        "format": fmt,
        "output": str(job.output.resolve()),
        "mapping": s.mapping.describe(),
        "threshold": s.threshold,
        "limit": s.limit,
        "all": s.all_rows,
        "algorithm": engine.algorithm.name,
        "lists": sorted(f"{v.dataset}:{v.sha256}" for v in engine.versions),
    }


@dataclass(slots=True)
class Checkpoint:
    command: dict[str, Any]
    rows_done: int = 0
    output_bytes: int = 0
    errors_bytes: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    version: int = CHECKPOINT_VERSION

    def save(self, path: Path) -> None:
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_bytes(orjson.dumps(asdict(self)))
        os.replace(temporary, path)  # atomic: a kill leaves the old or the new checkpoint, never half

    @classmethod
    def load(cls, path: Path) -> Checkpoint:
        try:
            data = orjson.loads(path.read_bytes())
            return cls(**data)
        except (OSError, orjson.JSONDecodeError, TypeError) as exc:
            raise ConfigError(
                f"{path}: unreadable checkpoint ({exc}); delete it, or use --restart to start over"
            ) from None


def _resume_point(job: Job, command: dict[str, Any], restart: bool, log: Log) -> Checkpoint | None:
    """The checkpoint to continue from, or None to start fresh; refuses another command's."""
    path = checkpoint_path(job.output)
    if not path.exists():
        return None
    if restart:
        log(f"--restart: ignoring {path.name}, starting over")
        return None
    checkpoint = Checkpoint.load(path)
    if checkpoint.version != CHECKPOINT_VERSION or checkpoint.command != command:
        old = checkpoint.command
        changed = sorted(k for k in set(old) | set(command) if old.get(k) != command.get(k))
        raise ConfigError(
            f"{job.output} holds the partial output of a different command (changed: {', '.join(changed)}); "
            "re-run that command to finish it, use --restart to start this one over, or choose another --out"
        )
    target = stage_path(job.output) if output_format(job.output) == "parquet" else job.output
    for file, size in ((target, checkpoint.output_bytes), (errors_path(job.output), checkpoint.errors_bytes)):
        if not file.exists() or file.stat().st_size < size:
            raise ConfigError(
                f"{file} is shorter than its checkpoint says ({size} bytes); use --restart to start over"
            )
    return checkpoint


# ---- the run -----------------------------------------------------------------------------------


class _Progress:
    """A tqdm bar on a terminal, a plain log line every few seconds otherwise."""

    def __init__(self, total: int | None, done: int, tty: bool, log: Log) -> None:
        self._log = log
        self._total = total
        self._done = done
        self._start_done = done
        self._started = time.monotonic()
        self._last_log = self._started
        self._bar: Any = None
        if tty:
            from tqdm import tqdm

            self._bar = tqdm(
                total=total, initial=done, unit=" rows", unit_scale=True, smoothing=0.1, leave=True
            )

    def update(self, rows: int) -> None:
        self._done += rows
        if self._bar is not None:
            self._bar.update(rows)
            return
        now = time.monotonic()
        if now - self._last_log >= LOG_SECONDS:
            self._last_log = now
            rate = (self._done - self._start_done) / max(now - self._started, 1e-9)
            text = f"screened {self._done} rows"
            if self._total:
                left = max(0, self._total - self._done)
                text += f" of ~{self._total} ({100 * self._done / self._total:.0f}%)"
                text += f", {rate:.0f} rows/s, ETA {_duration(left / rate) if rate else '?'}"
            else:
                text += f", {rate:.0f} rows/s"
            self._log(text)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    if seconds >= 60:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds}s"


def _chunks(rows: Iterator[InputRow], size: int) -> Iterator[list[InputRow]]:
    chunk: list[InputRow] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _pool(engine: Engine, workers: int) -> Pool:
    """Worker processes sharing the parent's engine (forked), or each given a copy (spawned)."""
    global _ENGINE
    if "fork" in multiprocessing.get_all_start_methods():
        _ENGINE = engine
        # objects that exist now are never collected in the children, so the collector
        # does not write to (and so copy) the pages of the shared index
        gc.freeze()
        try:
            return multiprocessing.get_context("fork").Pool(workers, _init_worker, (None,))
        finally:
            gc.unfreeze()
    return multiprocessing.get_context("spawn").Pool(workers, _init_worker, (pickle.dumps(engine),))


def run(job: Job, engine: Engine, *, log: Log, tty: bool = False, restart: bool = False) -> Summary:
    """Screen the job's input into its output; the summary counts the whole input, resumed or not."""
    global _ENGINE
    fmt = detect_format(job.input, job.format)
    output_format(job.output)  # refuse an unknown output extension before any work
    if not job.input.is_file():
        raise ConfigError(f"{job.input}: no such input file")
    if job.output.resolve() == job.input.resolve():
        raise ConfigError(f"{job.output}: the output would overwrite the input")
    job.screening.mapping.check_columns(read_columns(job.input, fmt), str(job.input))
    command = _command(job, fmt, engine)
    checkpoint = _resume_point(job, command, restart, log)
    summary = Summary()
    if checkpoint is not None:
        summary = Summary(**{k: int(v) for k, v in checkpoint.counts.items()})
        summary.resumed_at = checkpoint.rows_done
        log(f"resuming after row {checkpoint.rows_done} from {checkpoint_path(job.output).name}")
    fields = job.screening.output_fields
    writer = RecordWriter(job.output, fields, resume_at=checkpoint.output_bytes if checkpoint else None)
    errors = ErrorWriter(job.output, resume_at=checkpoint.errors_bytes if checkpoint else None)
    rows_done = checkpoint.rows_done if checkpoint else 0
    cp_file = checkpoint_path(job.output)

    saved = rows_done

    def save() -> None:
        nonlocal saved
        counts = {k: v for k, v in asdict(summary).items() if k not in ("seconds", "resumed_at")}
        Checkpoint(command, rows_done, writer.flush(), errors.flush(), counts).save(cp_file)
        saved = rows_done

    save()
    workers = job.workers or default_workers()
    started = time.perf_counter()
    progress = _Progress(estimate_rows(job.input, fmt), rows_done, tty, log)
    rows = read_rows(job.input, fmt, columns=job.screening.mapping.columns if fmt == "parquet" else None,
                     skip=rows_done)  # fmt: skip
    last_save = time.monotonic()

    def consume(result: tuple[list[Record], list[tuple[int, str]], Summary]) -> None:
        nonlocal rows_done, last_save
        records, rejected, counts = result
        writer.write(records)
        errors.write(rejected)
        summary.add(counts)
        rows_done += counts.rows_read
        progress.update(counts.rows_read)
        if time.monotonic() - last_save >= CHECKPOINT_SECONDS:
            save()
            last_save = time.monotonic()

    pool: Pool | None = None
    try:
        if workers == 1:
            _ENGINE = engine
            for chunk in _chunks(rows, job.chunk_rows):
                consume(_screen_chunk(job.screening, chunk))
        else:
            pool = _pool(engine, workers)
            pending: deque[AsyncResult[Any]] = deque()
            for chunk in _chunks(rows, job.chunk_rows):
                pending.append(pool.apply_async(_screen_chunk, (job.screening, chunk)))
                while len(pending) >= workers * IN_FLIGHT_PER_WORKER:
                    consume(pending.popleft().get())
            while pending:
                consume(pending.popleft().get())
            pool.close()
            pool.join()
            pool = None
        save()
    except BaseException:
        # what was written after the last checkpoint is cut away when the run is resumed
        if pool is not None:
            pool.terminate()
        progress.close()
        writer.close()
        errors.close()
        log(f"stopped; {saved} rows are saved: run the same command again to continue after row {saved}")
        raise
    progress.close()
    errors.close()
    writer.finish()
    cp_file.unlink()
    summary.seconds = time.perf_counter() - started
    if summary.rows_read != summary.screened + summary.rejected:  # pragma: no cover - an invariant
        raise AssertionError(f"rows read {summary.rows_read} != screened + rejected")
    return summary
