"""Speed and memory of the ownership rules on a synthetic graph (a script, not a test).

    /work/venv/bin/python bench/ownership_bench.py [--companies 1000000] [--edges 3000000] [--validate]

Builds a deterministic random graph: every company has ~3 owners whose stakes
are random cuts of 100% (1% of stakes of unknown size), owners drawn at random
(so cycles abound), and 0.5% of companies listed per regime (overlapping; ``--listed-per-mille``).
Prints the time to build the dated CSR view, to compute the full blocked set
(OFAC, then EU), the median and 99th percentile of one entity's check with its
explanation (random entities and random blocked ones), and the peak RSS.
Targets: full fixpoint under a minute; one check under 10 ms.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import time
from array import array
from datetime import date

from zaslon.core.ownership import OwnershipGraph, analyse, validate
from zaslon.core.ownership.graph import PCT_SCALE, UNKNOWN

SEED = 20240223


def synthetic(n: int, m: int, listed_per_mille: int = 5, seed: int = SEED) -> OwnershipGraph:
    rng = random.Random(seed)
    owners, assets, pcts = array("l"), array("l"), array("l")
    per_asset = max(1, m // n)
    rand, randrange = rng.random, rng.randrange
    for a in range(n):
        k = per_asset if a < n - 1 else m - per_asset * (n - 1)
        cuts = sorted(rand() for _ in range(k - 1))
        prev = 0.0
        for c in [*cuts, 1.0]:
            owners.append(randrange(n))
            assets.append(a)
            pcts.append(UNKNOWN if rand() < 0.01 else int((c - prev) * 100 * PCT_SCALE))
            prev = c
    share = n * listed_per_mille // 1000
    listed_ofac = rng.sample(range(n), share)
    listed_eu = listed_ofac[: share // 2] + rng.sample(range(n), share - share // 2)
    return OwnershipGraph.from_arrays(n, owners, assets, pcts, {"ofac": listed_ofac, "eu": listed_eu})


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed_checks(an, ids: list[int]) -> list[float]:
    times = []
    for i in ids:
        t = time.perf_counter()
        an.check(str(i))
        times.append((time.perf_counter() - t) * 1000)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, default=1_000_000)
    parser.add_argument("--edges", type=int, default=3_000_000)
    parser.add_argument("--checks", type=int, default=1000)
    parser.add_argument(
        "--listed-per-mille", type=int, default=5, help="companies listed per regime, per 1000"
    )
    parser.add_argument("--validate", action="store_true", help="also time validate() (cycles, sums)")
    args = parser.parse_args()
    on = date(2025, 6, 1)

    t = time.perf_counter()
    graph = synthetic(args.companies, args.edges, args.listed_per_mille)
    print(
        f"graph: {len(graph):,} companies, {graph.edge_count:,} edges, built in {time.perf_counter() - t:.1f} s"
    )

    t = time.perf_counter()
    graph.view(on)
    view_s = time.perf_counter() - t
    print(f"dated CSR view (by owner and by asset): {view_s:.1f} s")

    rng = random.Random(SEED + 1)
    for regime in ("ofac", "eu"):
        t = time.perf_counter()
        an = analyse(graph, regime, on)
        fix_s = time.perf_counter() - t
        c = an.counts()
        print(
            f"{regime.upper():4} full fixpoint: {fix_s:.2f} s (+ view {view_s:.1f} s = {fix_s + view_s:.1f} s)"
            f" — listed {c['listed']:,}, blocked by ownership {c['blocked_by_ownership']:,}, review {c['review']:,}"
        )
        any_ids = [rng.randrange(len(graph)) for _ in range(args.checks)]
        blocked = [i for i, b in enumerate(an.blocked) if b and not an.listed[i]]
        hit_ids = [rng.choice(blocked) for _ in range(args.checks)] if blocked else []
        for label, ids in (("random entity", any_ids), ("blocked entity", hit_ids)):
            if not ids:
                continue
            ms = sorted(timed_checks(an, ids))
            print(
                f"     one check ({label}, with paths and explanation): median {statistics.median(ms):.3f} ms,"
                f" p99 {ms[int(len(ms) * 0.99) - 1]:.3f} ms, max {ms[-1]:.3f} ms"
            )
    if args.validate:
        t = time.perf_counter()
        findings = validate(graph, on, limit=100)
        kinds: dict[str, int] = {}
        for f in findings:
            kinds[f.kind] = kinds.get(f.kind, 0) + 1
        print(f"validate (cycles, sums over 100%): {time.perf_counter() - t:.1f} s, first findings {kinds}")
    print(f"peak memory (ru_maxrss): {peak_mb():,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
