"""Matching quality and speed: zaslon against nomenklatura logic-v1 and logic-v2, in one run (a script, not a test).

    pip install -e '.[bench]'
    python bench/matching_bench.py [--queries tests/data/devset_queries.jsonl]
                                   [--systems zaslon,logic-v1,logic-v2] [--data-dir DIR]
                                   [--peer-raw-names] [--peer-candidates 75] [--runs 3] [--json]

The parent fills one zaslon store from the bundled list snapshot (in a
temporary folder unless ``--data-dir`` is given), then runs each system in
its own child process (``--system NAME``), one after the other, so that peak
memory is per system and the systems do not compete for the cores.  Each child reads
the same entities from that store, builds its index, screens every query of
the labelled set and prints one JSON object; the parent prints the table with
the ratios zaslon / peer.  Each system runs ``--runs`` times (3), each time in
a fresh process; the table shows the run of median speed, and the slowest and
fastest beside it.

- zaslon: ``Engine.build`` over the store's entities; ``engine.screen(query, limit=5)``
  per query; threshold ``engine.threshold``.
- logic-v1 / logic-v2: the store's entities as FollowTheMoney ``ValueEntity``
  proxies (``Entity.to_ftm()``; values cleaned by FtM), candidate retrieval by
  nomenklatura's own blocking index (``nomenklatura.blocker.Index``, DuckDB,
  one thread) queried with the whole query set in one batch, as nomenklatura
  matches entities; each candidate scored with ``algorithm.compare`` as yente
  does; threshold 0.70 (yente's default).  The queries are the set's FtM
  objects; a name written "A; B; C" is given as three names, as zaslon reads it
  (``--peer-raw-names`` gives the peer the string unsplit).

Both systems' ranked top 5 go through one function, ``tally``, with the
metrics of ``zaslon.evaluation`` (the zaslon child checks that it agrees with
``evaluate``).  Screens per second are over the whole set in one
single-threaded process, by wall clock and per CPU second (the figure that
other work on the machine inflates least); for the peer, batch retrieval plus
scoring.  Candidate recall is
the share of positive queries with a correct id among the candidates the
scorer is given, and the share of expected ids so retrieved.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self, cast

import orjson

from zaslon.evaluation import LabelledQuery, read_queries
from zaslon.settings import Settings

REPO = Path(__file__).resolve().parent.parent
DEFAULT_QUERIES = REPO / "tests" / "data" / "devset_queries.jsonl"
PEERS = ("logic-v1", "logic-v2")
SYSTEMS = ("zaslon", *PEERS)
PEER_THRESHOLD = 0.70  # yente's default SCORE_THRESHOLD
PEER_CANDIDATES = 75  # nomenklatura.blocker.Index's default max_candidates
TOP = 5  # ranked hits kept per query, as `zaslon eval` keeps them

# (the listings a hit stands for, score), best first: zaslon's hit names its party's other listings
Ranked = list[tuple[tuple[str, ...], float]]


# -- cases and metrics (shared by every system) ------------------------------------------------------


@dataclass(slots=True)
class Case:
    """One labelled query: zaslon's parse of it and the FtM object it came from."""

    label: LabelledQuery
    ftm: dict[str, Any]


def read_cases(path: Path) -> list[Case]:
    labels = list(read_queries(path))
    raws = [orjson.loads(line) for line in path.read_bytes().splitlines() if line.strip()]
    # read_queries skips blank lines only, so the two lists line up
    return [Case(label, raw.get("query", raw)) for label, raw in zip(labels, raws, strict=True)]


def tally(cases: list[Case], ranked: dict[str, Ranked], threshold: float) -> dict[str, dict[str, Any]]:
    """Per kind and overall: recall@1, recall@5, recall at threshold, wrong-hit rate, false-positive rate.

    The definitions of ``zaslon.evaluation``: a query's correct answers are
    ``expected`` ∪ ``also_acceptable``; a query with no ``expected`` is a negative.
    """
    counts: dict[str, dict[str, int]] = {}
    for case in cases:
        item = case.label
        # a stable sort on the score alone: equal scores stay in the order the system ranked them
        hits = sorted(ranked.get(item.id, []), key=lambda h: -h[1])[:TOP]
        above = [ids for ids, score in hits if score >= threshold]
        misses = item.acceptable.isdisjoint  # true of a hit none of whose listings is a correct answer
        for key in (item.kind, "overall"):
            c = counts.setdefault(
                key, dict.fromkeys(("queries", "pos", "neg", "top1", "top5", "thr", "wrong", "fp"), 0)
            )
            c["queries"] += 1
            if item.expected:
                c["pos"] += 1
                c["top1"] += bool(hits) and not misses(hits[0][0])
                c["top5"] += any(not misses(ids) for ids, _ in hits)
                c["thr"] += any(not misses(ids) for ids in above)
                c["wrong"] += any(misses(ids) for ids in above)
            else:
                c["neg"] += 1
                c["fp"] += bool(above)
    out: dict[str, dict[str, Any]] = {}
    for key, c in counts.items():
        m: dict[str, Any] = {"queries": c["queries"]}
        if c["pos"]:
            m.update(
                recall_at_1=round(c["top1"] / c["pos"], 4),
                recall_at_5=round(c["top5"] / c["pos"], 4),
                recall_at_threshold=round(c["thr"] / c["pos"], 4),
                wrong_hit_rate=round(c["wrong"] / c["pos"], 4),
            )
        if c["neg"]:
            m["false_positive_rate"] = round(c["fp"] / c["neg"], 4)
        out[key] = m
    return out


def candidate_recall(
    cases: list[Case], retrieved: dict[str, set[str]], named: dict[str, set[str]] | None = None
) -> dict[str, Any]:
    """Share of positive queries with a correct id among the candidates, and of expected ids retrieved.

    ``named`` adds, per query, the listings a candidate's hit names besides its
    own (zaslon's party of one listing on other lists): ``expected_ids`` counts
    those too, ``expected_ids_own`` only the candidates themselves.
    """
    positives = [c.label for c in cases if c.label.expected]
    found = sum(bool(retrieved.get(q.id, set()) & q.acceptable) for q in positives)
    ids = sum(len(q.expected) for q in positives)
    own = sum(len(set(q.expected) & retrieved.get(q.id, set())) for q in positives)
    reach = named or retrieved
    ids_found = sum(
        len(set(q.expected) & (retrieved.get(q.id, set()) | reach.get(q.id, set()))) for q in positives
    )
    return {
        "queries": round(found / len(positives), 4) if positives else None,
        "expected_ids": round(ids_found / ids, 4) if ids else None,
        "expected_ids_own": round(own / ids, 4) if ids else None,
        "mean_candidates": round(sum(len(v) for v in retrieved.values()) / max(1, len(cases)), 1),
    }


# -- measuring a child -------------------------------------------------------------------------------


class Timer:
    """Wall-clock and CPU seconds of a ``with`` block.

    CPU seconds (all threads of this process) are what other work on the
    machine does not inflate; wall clock is what a caller waits.
    """

    __slots__ = ("_cpu0", "_wall0", "cpu", "wall")

    def __enter__(self) -> Self:
        self._wall0, self._cpu0 = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self._wall0
        self.cpu = time.process_time() - self._cpu0


def speed(n: int, timer: Timer) -> dict[str, float]:
    return {
        "screen_seconds": round(timer.wall, 3),
        "screen_cpu_seconds": round(timer.cpu, 3),
        "screens_per_second": round(n / timer.wall, 1),
        "screens_per_cpu_second": round(n / timer.cpu, 1),
    }


def rss_mb() -> float:
    import psutil

    return float(psutil.Process().memory_info().rss) / 2**20


def peak_rss_mb() -> float:
    # ru_maxrss is in KiB on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_entities(data_dir: Path) -> list[Any]:
    from zaslon.lists import open_store

    store = open_store(Settings(data_dir=data_dir))
    try:
        return list(store.entities())
    finally:
        store.close()


def run_zaslon(data_dir: Path, cases: list[Case]) -> dict[str, Any]:
    from zaslon.core.match import logic
    from zaslon.engine import Engine
    from zaslon.evaluation import evaluate

    rss_start = rss_mb()
    with Timer() as load:
        entities = load_entities(data_dir)
    with Timer() as build:
        engine = Engine.build(entities)
    size = len(entities)
    del entities
    gc.collect()
    rss_built = rss_mb()

    with Timer() as screens:
        ranked = {
            c.label.id: [(tuple(h.ids), h.score) for h in engine.screen(c.label.query, limit=TOP)]
            for c in cases
        }
    metrics = tally(cases, ranked, engine.threshold)

    # after the timed run, so that no cache it fills flatters the timing
    retrieved: dict[str, set[str]] = {}
    named: dict[str, set[str]] = {}
    for case in cases:
        forms = logic.query_forms(case.label.query)
        numbers = (
            engine.index.candidates(forms, case.label.query.schema, limit=logic.CANDIDATES) if forms else []
        )
        retrieved[case.label.id] = {engine.index.entities[n].id for n, _ in numbers}
        named[case.label.id] = {i for n, _ in numbers for i in engine.parties.referents(engine.index, n)}

    # the shared tally must say what `zaslon eval` says
    reference = evaluate(engine, [c.label for c in cases])
    agrees = reference["overall"] == metrics["overall"] and all(
        reference["kinds"][k] == metrics[k] for k in reference["kinds"]
    )
    if not agrees:
        print("warning: bench tally differs from zaslon.evaluation.evaluate", file=sys.stderr)
    return {
        "system": "zaslon",
        "version": engine.algorithm.name,
        "threshold": engine.threshold,
        "entities": size,
        "metrics": metrics,
        "agrees_with_evaluate": agrees,
        "candidate_recall": candidate_recall(cases, retrieved, named),
        "load_seconds": round(load.wall, 2),
        "build_seconds": round(engine.build_seconds, 2),
        "build_cpu_seconds": round(build.cpu, 2),
        "retrieval_seconds": None,
        "scoring_seconds": None,
        **speed(len(cases), screens),
        "rss_start_mb": round(rss_start, 1),
        "rss_built_mb": round(rss_built, 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "load_average": os.getloadavg()[0],
    }


def peer_query(case: Case, number: int, *, split_names: bool) -> dict[str, Any]:
    """The labelled query as an FtM object with an id no listed entity has."""
    props = {k: ([v] if isinstance(v, str) else list(v)) for k, v in case.ftm.get("properties", {}).items()}
    if split_names:
        for prop in ("name", "alias"):
            if prop in props:
                props[prop] = [p.strip() for v in props[prop] for p in str(v).split(";") if p.strip()]
    return {"id": f"query-{number}", "schema": case.ftm.get("schema", "Thing"), "properties": props}


def run_peer(
    name: str, data_dir: Path, cases: list[Case], *, split_names: bool, max_candidates: int
) -> dict[str, Any]:
    # one DuckDB thread: screens per core, like zaslon's single thread; read at import
    os.environ.setdefault("NOMENKLATURA_DUCKDB_THREADS", "1")
    import logging

    from followthemoney import ValueEntity
    from nomenklatura.blocker.index import Index
    from nomenklatura.matching import get_algorithm

    logging.getLogger("nomenklatura").setLevel(logging.WARNING)
    algorithm = get_algorithm(name)
    if algorithm is None:
        raise SystemExit(f"error: nomenklatura has no algorithm {name!r}")
    config = algorithm.default_config()

    rss_start = rss_mb()
    with Timer() as load:
        entities = load_entities(data_dir)
        proxies: dict[str, ValueEntity] = {}
        for entity in entities:
            data = entity.to_ftm()
            data.pop("provenance", None)
            data.pop("name_langs", None)
            proxy = ValueEntity.from_dict(data, cleaned=False)  # FtM cleans the values
            proxies[str(proxy.id)] = proxy
        del entities
        gc.collect()

    with tempfile.TemporaryDirectory(prefix="nk-index-") as index_dir:
        with Timer() as build:
            index = Index(cast(Any, _ProxyView(proxies)), Path(index_dir), {"max_candidates": max_candidates})
            index.build()
        rss_built = rss_mb()

        query_ids = {f"query-{n}": c.label.id for n, c in enumerate(cases)}
        queries = {
            c.label.id: ValueEntity.from_dict(peer_query(c, n, split_names=split_names), cleaned=False)
            for n, c in enumerate(cases)
        }
        with Timer() as retrieval:
            candidates = {
                query_ids[qid.id]: [m.id for m, _ in matches]
                for qid, matches in index.match_entities(cast(Any, queries.values()))
            }
        index.close()

    ranked: dict[str, Ranked] = {}
    with Timer() as scoring:
        for label_id, query in queries.items():
            scores = [
                ((cid,), algorithm.compare(query, proxies[cid], config).score)
                for cid in candidates.get(label_id, [])
            ]
            scores.sort(key=lambda h: (-h[1], h[0]))
            ranked[label_id] = scores[:TOP]
    screens = Timer()
    screens.wall, screens.cpu = retrieval.wall + scoring.wall, retrieval.cpu + scoring.cpu

    # untimed: what the scorer alone reaches when retrieval misses nothing
    oracle: dict[str, Ranked] = {}
    for case in cases:
        query = queries[case.label.id]
        missed = sorted(case.label.acceptable - set(candidates.get(case.label.id, [])))
        extra = [
            ((cid,), algorithm.compare(query, proxies[cid], config).score) for cid in missed if cid in proxies
        ]
        oracle[case.label.id] = ranked[case.label.id] + extra

    from importlib.metadata import version

    return {
        "system": name,
        "version": f"nomenklatura {version('nomenklatura')}, followthemoney {version('followthemoney')}",
        "threshold": PEER_THRESHOLD,
        "entities": len(proxies),
        "metrics": tally(cases, ranked, PEER_THRESHOLD),
        "oracle_metrics": tally(cases, oracle, PEER_THRESHOLD),
        "candidate_recall": candidate_recall(cases, {k: set(v) for k, v in candidates.items()}),
        "load_seconds": round(load.wall, 2),
        "build_seconds": round(build.wall, 2),
        "build_cpu_seconds": round(build.cpu, 2),
        "retrieval_seconds": round(retrieval.wall, 3),
        "scoring_seconds": round(scoring.wall, 3),
        **speed(len(cases), screens),
        "rss_start_mb": round(rss_start, 1),
        "rss_built_mb": round(rss_built, 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "load_average": os.getloadavg()[0],
    }


class _ProxyView:
    """What ``nomenklatura.blocker.Index`` reads of a store view: the entities of some schemata."""

    class scope:  # the attribute name Index reads
        name = "zaslon"

    def __init__(self, proxies: dict[str, Any]) -> None:
        self.proxies = proxies

    def entities(self, include_schemata: list[Any] | None = None) -> Iterator[Any]:
        for proxy in self.proxies.values():
            if include_schemata is None or proxy.schema in include_schemata:
                yield proxy


# -- the parent: store, children, table --------------------------------------------------------------


def prepare_store(data_dir: Path) -> float:
    from zaslon.lists import ensure_snapshot, open_store

    started = time.perf_counter()
    store = open_store(Settings(data_dir=data_dir))
    try:
        if store.is_empty():
            print("filling the store from the bundled snapshot...", file=sys.stderr)
            ensure_snapshot(store)
    finally:
        store.close()
    return time.perf_counter() - started


def run_child(system: str, args: argparse.Namespace, data_dir: Path) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--system", system]
    command += ["--data-dir", str(data_dir), "--queries", str(args.queries)]
    if args.peer_raw_names:
        command.append("--peer-raw-names")
    command += ["--peer-candidates", str(args.peer_candidates)]
    print(f"running {system}...", file=sys.stderr)
    done = subprocess.run(command, stdout=subprocess.PIPE, check=False)
    if done.returncode != 0:
        raise SystemExit(
            f"error: the {system} run failed (exit code {done.returncode}); its messages are above"
        )
    result: dict[str, Any] = orjson.loads(done.stdout)
    return result


def median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run with the median speed, with the slowest and fastest speeds of all runs beside it.

    zaslon screens the set in a fifth of a second, a window in which other
    work on the machine moves the figure by several per cent; the peers take
    seconds.  Every run is a fresh process, so each is as cold as the first.
    """
    ordered = sorted(runs, key=lambda r: r["screens_per_cpu_second"])
    chosen = dict(ordered[len(ordered) // 2])
    chosen["runs"] = len(runs)
    chosen["slowest_per_cpu_second"] = ordered[0]["screens_per_cpu_second"]
    chosen["fastest_per_cpu_second"] = ordered[-1]["screens_per_cpu_second"]
    if any(r["metrics"] != chosen["metrics"] for r in runs):
        print("warning: runs of one system disagree on accuracy", file=sys.stderr)
    return chosen


def ratio(z: float | None, p: float | None) -> str:
    if z is None or p is None:
        return ""
    if p == 0:
        return "=" if z == 0 else "inf"
    return f"{z / p:.2f}"


def fmt(value: Any, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def metric(group: str, kind: str, key: str) -> Callable[[dict[str, Any]], Any]:
    """Reads one metric of one kind from a system's result (None where it has none)."""
    return lambda result: result.get(group, {}).get(kind, {}).get(key)


def table(results: dict[str, dict[str, Any]], cases: list[Case]) -> str:
    systems = list(results)
    peers = [s for s in systems if s != "zaslon"]
    zaslon = results.get("zaslon")
    width = 24
    head = f"{'':{width}}" + "".join(f"{s:>11}" for s in systems)
    if zaslon:
        head += "".join(f"{'z/' + s.removeprefix('logic-'):>8}" for s in peers)
    lines = [head, "-" * len(head)]

    def row(label: str, get: Callable[[dict[str, Any]], Any], spec: str) -> None:
        values = [get(results[s]) for s in systems]
        line = f"{label:{width}}" + "".join(f"{fmt(v, spec):>11}" for v in values)
        if zaslon:
            line += "".join(f"{ratio(get(zaslon), get(results[p])):>8}" for p in peers)
        lines.append(line)

    kinds = sorted({c.label.kind for c in cases})
    positive_kinds = [k for k in kinds if any(c.label.expected for c in cases if c.label.kind == k)]
    negative_kinds = [k for k in kinds if any(not c.label.expected for c in cases if c.label.kind == k)]
    sections = [
        ("recall@1", "recall_at_1", positive_kinds),
        ("recall@5", "recall_at_5", positive_kinds),
        ("recall at threshold", "recall_at_threshold", positive_kinds),
        ("wrong-hit rate", "wrong_hit_rate", positive_kinds),
        ("false-positive rate", "false_positive_rate", negative_kinds),
    ]
    for title, key, section_kinds in sections:
        lines.append(title)
        negatives = key == "false_positive_rate"
        for kind in [*section_kinds, "overall"]:
            # how many queries the rate is over: the positives, or the negatives
            n = sum(
                1 for c in cases if kind in (c.label.kind, "overall") and bool(c.label.expected) != negatives
            )
            row(f"  {kind} ({n})", metric("metrics", kind, key), ".3f")
    if peers:
        lines.append("recall at threshold, peer scorer alone (correct ids added to its candidates)")
        for kind in [*positive_kinds, "overall"]:
            row(f"  {kind}", metric("oracle_metrics", kind, "recall_at_threshold"), ".3f")
    lines.append("candidate retrieval")
    row("  recall (queries)", lambda r: r["candidate_recall"]["queries"], ".4f")
    row("  recall (expected ids)", lambda r: r["candidate_recall"]["expected_ids"], ".4f")
    row("    own listing only", lambda r: r["candidate_recall"]["expected_ids_own"], ".4f")
    row("  candidates per query", lambda r: r["candidate_recall"]["mean_candidates"], ".1f")
    runs = results[systems[0]]["runs"]
    lines.append(f"speed (one process; the run of median speed of {runs})")
    row("  screens/s (wall)", lambda r: r["screens_per_second"], ".1f")
    row("  screens per CPU s", lambda r: r["screens_per_cpu_second"], ".1f")
    row("    slowest run", lambda r: r["slowest_per_cpu_second"], ".1f")
    row("    fastest run", lambda r: r["fastest_per_cpu_second"], ".1f")
    row("  retrieval s (batch)", lambda r: r["retrieval_seconds"], ".2f")
    row("  scoring s", lambda r: r["scoring_seconds"], ".2f")
    row("  all screens s", lambda r: r["screen_seconds"], ".2f")
    row("  all screens CPU s", lambda r: r["screen_cpu_seconds"], ".2f")
    lines.append("index")
    row("  entities", lambda r: r["entities"], "d")
    row("  load from store s", lambda r: r["load_seconds"], ".2f")
    row("  index build s", lambda r: r["build_seconds"], ".2f")
    row("  index build CPU s", lambda r: r["build_cpu_seconds"], ".2f")
    lines.append("memory (MB, per process)")
    row("  RSS after imports", lambda r: r["rss_start_mb"], ".0f")
    row("  RSS with index built", lambda r: r["rss_built_mb"], ".0f")
    row("  peak RSS", lambda r: r["peak_rss_mb"], ".0f")
    thresholds = ", ".join(f"{s} {results[s]['threshold']:.2f}" for s in systems)
    lines.append(f"thresholds: {thresholds}; ratios are zaslon / peer (=: both 0, inf: the peer's is 0)")
    lines.append("lower is better for wrong-hit and false-positive rates, seconds and MB")
    loads = ", ".join(f"{s} {results[s]['load_average']:.1f}" for s in systems)
    lines.append(
        f"1-minute load average when each run ended (2 cores; above ~1.2 others shared them): {loads}"
    )
    lines.append("versions: " + "; ".join(f"{s}: {results[s]['version']}" for s in systems))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=Path, default=DEFAULT_QUERIES, help="labelled queries (JSON lines)")
    parser.add_argument(
        "--systems", default=",".join(SYSTEMS), help="comma-separated, of: " + ", ".join(SYSTEMS)
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="a zaslon data folder to use (filled if empty); default: a temporary one",
    )
    parser.add_argument("--peer-raw-names", action="store_true", help="give the peer 'A; B' names unsplit")
    parser.add_argument(
        "--peer-candidates",
        type=int,
        default=PEER_CANDIDATES,
        help=f"candidates the peer's blocking index gives per query (its default: {PEER_CANDIDATES})",
    )
    parser.add_argument(
        "--runs", type=int, default=3, help="runs of each system, each in a fresh process (default 3)"
    )
    parser.add_argument("--json", action="store_true", help="print the collected results as JSON")
    parser.add_argument("--system", choices=SYSTEMS, help=argparse.SUPPRESS)  # a child run
    args = parser.parse_args(argv)

    # the arguments first, so a mistyped system is refused whatever is installed
    systems = [args.system] if args.system else [s.strip() for s in args.systems.split(",") if s.strip()]
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    unknown = [s for s in systems if s not in SYSTEMS]
    if unknown or not systems:
        parser.error(f"unknown system {unknown}; expected some of {', '.join(SYSTEMS)}")
    if importlib.util.find_spec("psutil") is None:
        print("error: psutil is not installed; run: pip install -e '.[bench]'", file=sys.stderr)
        return 1
    if any(s in PEERS for s in systems) and importlib.util.find_spec("nomenklatura") is None:
        print(
            "error: nomenklatura is not installed; the peer needs it: pip install -e '.[bench]' "
            "(or --systems zaslon for zaslon alone)",
            file=sys.stderr,
        )
        return 1
    cases = read_cases(args.queries)
    if args.system:
        if args.data_dir is None:
            parser.error("--system needs --data-dir")
        if args.system == "zaslon":
            result = run_zaslon(args.data_dir, cases)
        else:
            result = run_peer(
                args.system,
                args.data_dir,
                cases,
                split_names=not args.peer_raw_names,
                max_candidates=args.peer_candidates,
            )
        sys.stdout.buffer.write(orjson.dumps(result) + b"\n")
        return 0

    with tempfile.TemporaryDirectory(prefix="zaslon-bench-") as tmp:
        data_dir = args.data_dir or Path(tmp)
        store_s = prepare_store(data_dir)
        results = {s: median_run([run_child(s, args, data_dir) for _ in range(args.runs)]) for s in systems}
    if args.json:
        print(
            orjson.dumps(
                {"queries": str(args.queries), "results": results}, option=orjson.OPT_INDENT_2
            ).decode()
        )
        return 0
    print(f"matching benchmark: {len(cases)} queries from {args.queries}; store ready in {store_s:.1f} s")
    print(table(results, cases))
    return 0


if __name__ == "__main__":
    sys.exit(main())
