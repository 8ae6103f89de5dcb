"""HTTP API load: ``zaslon serve`` on loopback under single-query /match requests (a script, not a test).

    python bench/api_bench.py [--workers 2] [--concurrency 1,8,32,128] [--duration 8] [--rate 500]
                              [--data-dir DIR] [--json]

Starts ``zaslon serve`` on 127.0.0.1 at a free port (an admin-made API key
first; a temporary data directory filled from the bundled lists unless
``--data-dir`` names one), waits for ``/readyz``, then drives it with a
bounded async client (plain asyncio HTTP/1.1 over keep-alive connections, one per
request in flight; httpx's async path alone costs milliseconds a request here):

- closed loop at each concurrency: that many requests in flight for
  ``--duration`` seconds; throughput, p50 and p99 latency;
- open loop at ``--rate`` requests per second for ``--duration`` seconds:
  requests are sent on a fixed schedule and latency counts from the scheduled
  time, so a server falling behind shows up in p99 instead of being hidden;
- for each phase, the server's CPU time per request (its processes' user +
  system time from /proc): unlike throughput, it does not depend on what else
  the machine is running, and bounds what idle cores could serve.

Bodies are ``{"queries": {"q": <one dev-set query>}}`` drawn in turn from
``tests/data/devset_queries.jsonl``.  The load generator runs on the same
machine as the server and competes for its cores; the figures are therefore a
floor for the server.  The server is stopped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "tests" / "data" / "devset_queries.jsonl"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


CLI = [sys.executable, "-c", "from zaslon.cli import main; main()"]


def zaslon(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    cmd = [*CLI, "--data-dir", str(data_dir), *args]
    return subprocess.run(cmd, capture_output=True, text=True, check=True, env=_env())


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("ZASLON_AUTH", None)
    return env


def bodies() -> list[bytes]:
    out = []
    with open(QUERIES, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                out.append(json.dumps({"queries": {"q": json.loads(line)["query"]}}).encode())
    return out


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


class Connection:
    """One keep-alive HTTP/1.1 connection sending pre-encoded requests.

    A minimal client on purpose: httpx's async path costs several milliseconds
    a request on this machine, which would measure the client, not the server.
    """

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, host: str, port: int) -> Connection:
        reader, writer = await asyncio.open_connection(host, port)
        return cls(reader, writer)

    async def send(self, request: bytes) -> int:
        self.writer.write(request)
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("server closed the connection")
        status = int(status_line.split()[1])
        length = 0
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            if line[:15].lower() == b"content-length:":
                length = int(line[15:])
        await self.reader.readexactly(length)
        return status

    def close(self) -> None:
        self.writer.close()


def encode(host: str, port: int, path: str, key: str, body: bytes) -> bytes:
    head = (f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAuthorization: ApiKey {key}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n")  # fmt: skip
    return head.encode() + body


async def closed_loop(
    host: str, port: int, requests: list[bytes], concurrency: int, duration: float
) -> dict[str, Any]:
    latencies: list[float] = []
    errors = 0
    cycle = itertools.cycle(requests)
    conns = [await Connection.open(host, port) for _ in range(concurrency)]
    for conn in conns:  # warm up: one request each
        await conn.send(next(cycle))
    stop = time.perf_counter() + duration

    async def worker(conn: Connection) -> None:
        nonlocal errors
        while time.perf_counter() < stop:
            started = time.perf_counter()
            try:
                ok = await conn.send(next(cycle)) == 200
            except (OSError, ValueError, asyncio.IncompleteReadError):
                ok = False
                conn = await Connection.open(host, port)
            latencies.append(time.perf_counter() - started)
            errors += not ok

    started = time.perf_counter()
    await asyncio.gather(*(worker(c) for c in conns))
    elapsed = time.perf_counter() - started
    for conn in conns:
        conn.close()
    return _summary(f"closed c={concurrency}", latencies, errors, elapsed, concurrency)


async def open_loop(host: str, port: int, requests: list[bytes], rate: float, duration: float,
                    pool_size: int = 128) -> dict[str, Any]:  # fmt: skip
    """Requests on a fixed schedule over a pool of connections; latency counts from the scheduled time."""
    latencies: list[float] = []
    errors = 0
    cycle = itertools.cycle(requests)
    pool: asyncio.Queue[Connection] = asyncio.Queue()
    for _ in range(pool_size):
        conn = await Connection.open(host, port)
        await conn.send(next(cycle))
        pool.put_nowait(conn)
    total = int(rate * duration)
    start = time.perf_counter() + 0.05

    async def one(scheduled: float, request: bytes) -> None:
        nonlocal errors
        delay = scheduled - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        conn = await pool.get()  # no free connection: the wait counts, as a queue at the server would
        try:
            ok = await conn.send(request) == 200
        except (OSError, ValueError, asyncio.IncompleteReadError):
            ok = False
            conn = await Connection.open(host, port)
        pool.put_nowait(conn)
        latencies.append(time.perf_counter() - scheduled)
        errors += not ok

    await asyncio.gather(*(one(start + i / rate, next(cycle)) for i in range(total)))
    elapsed = time.perf_counter() - start
    while not pool.empty():
        pool.get_nowait().close()
    return _summary(f"open {rate:.0f}/s", latencies, errors, elapsed, None)


def _summary(
    name: str, latencies: list[float], errors: int, elapsed: float, concurrency: int | None
) -> dict[str, Any]:
    ms = [x * 1000 for x in latencies]
    return {
        "run": name,
        "concurrency": concurrency,
        "requests": len(latencies),
        "errors": errors,
        "seconds": round(elapsed, 2),
        "throughput": round(len(latencies) / elapsed, 1) if elapsed else 0.0,
        "p50_ms": round(percentile(ms, 0.50), 2),
        "p99_ms": round(percentile(ms, 0.99), 2),
        "mean_ms": round(statistics.fmean(ms), 2) if ms else None,
    }


def server_cpu_seconds(root: int) -> float:
    """CPU time (user + system) of the server process and all its descendants, from /proc (Linux)."""
    ticks = os.sysconf("SC_CLK_TCK")
    stats: dict[int, tuple[int, float]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        stats[int(entry)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / ticks)
    family, total, frontier = {root}, 0.0, [root]
    while frontier:
        parent = frontier.pop()
        for pid, (ppid, _) in stats.items():
            if ppid == parent and pid not in family:
                family.add(pid)
                frontier.append(pid)
    for pid in family:
        total += stats.get(pid, (0, 0.0))[1]
    return total


def measured(proc: subprocess.Popen[bytes], run: Any) -> dict[str, Any]:
    """Run one load phase; add the server's CPU milliseconds per request (independent of other load)."""
    before = server_cpu_seconds(proc.pid)
    result: dict[str, Any] = asyncio.run(run)
    used = server_cpu_seconds(proc.pid) - before
    result["server_cpu_ms_per_request"] = round(used * 1000 / max(1, result["requests"]), 2)
    return result


def wait_ready(base: str, proc: subprocess.Popen[bytes], timeout: float = 180) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if proc.poll() is not None:
            raise SystemExit(f"zaslon serve exited with code {proc.returncode}")
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                return time.perf_counter() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    raise SystemExit("zaslon serve did not become ready in time")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--concurrency", default="1,8,32,128")
    parser.add_argument("--duration", type=float, default=8.0)
    parser.add_argument("--rate", type=float, default=500.0, help="open-loop requests per second (0: skip)")
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    try:  # the client's own overhead matters on a machine it shares with the server
        import uvloop

        uvloop.install()
    except ImportError:
        pass

    tmp = None
    data_dir = args.data_dir
    if data_dir is None:
        tmp = tempfile.mkdtemp(prefix="zaslon-api-bench-")
        data_dir = Path(tmp)
    key = zaslon(data_dir, "keys", "create", "--role", "screen", "--name", "api_bench").stdout.strip()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    cmd = [*CLI, "--data-dir", str(data_dir), "serve", "--host", "127.0.0.1",
           "--port", str(port), "--workers", str(args.workers), "--reload-interval", "0"]  # fmt: skip
    proc = subprocess.Popen(cmd, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)  # fmt: skip
    results: list[dict[str, Any]] = []
    try:
        ready = wait_ready(base, proc)
        print(f"zaslon serve: {args.workers} worker(s) on {base}, ready in {ready:.1f} s", file=sys.stderr)
        requests = [encode("127.0.0.1", port, "/match/default", key, b) for b in bodies()]
        for concurrency in (int(c) for c in args.concurrency.split(",") if c):
            results.append(
                measured(proc, closed_loop("127.0.0.1", port, requests, concurrency, args.duration))
            )
            print(f"  {results[-1]}", file=sys.stderr)
        if args.rate > 0:
            results.append(measured(proc, open_loop("127.0.0.1", port, requests, args.rate, args.duration)))
            print(f"  {results[-1]}", file=sys.stderr)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)

    cpu = statistics.median(r["server_cpu_ms_per_request"] for r in results) if results else float("nan")
    cores = os.cpu_count() or 1
    report = {
        "workers": args.workers,
        "cores": cores,
        "endpoint": "POST /match/default (1 query)",
        "client": "asyncio HTTP/1.1, same machine",
        "load_average": os.getloadavg(),
        "server_cpu_ms_per_request": cpu,
        "results": results,
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(
        f"POST /match/default, one dev-set query per request; server: {args.workers} uvicorn worker(s); "
        f"{cores} cores shared with the load generator; load average {os.getloadavg()[0]:.1f}"
    )
    print(
        f"{'run':14} {'requests':>9} {'errors':>7} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'server CPU ms/req':>18}"
    )
    for r in results:
        print(
            f"{r['run']:14} {r['requests']:>9} {r['errors']:>7} {r['throughput']:>8} {r['p50_ms']:>8} "
            f"{r['p99_ms']:>8} {r['server_cpu_ms_per_request']:>18}"
        )
    print(
        f"server CPU per request (median): {cpu} ms, i.e. at most ~{cores * 1000 / cpu:.0f} req/s "
        f"on {cores} idle cores with the load generator elsewhere"
    )


if __name__ == "__main__":
    main()
