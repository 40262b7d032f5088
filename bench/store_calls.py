"""What each API request costs inside the process, and which stored statements it spends it on.

    python bench/store_calls.py --store DIR [--requests 200] [--relations 1000000] [--hubs 500]

Runs the `kg.browse` functions behind search, entity card, neighbours (depth 2), a named query
and a path, for the first N requests of each kind in bench/api_latency.py's mix, on a store
built by that benchmark (same corpus arguments), opened read-only, without HTTP. Prints per
kind the mean, p50 and p99 in ms, and the ms per request spent in each named statement. The
serving index (names, adjacency, entity and article rows; kg/serving_index.py) is mapped first,
or built where the store has none of its version, as `kg serve` does before answering; the
time that took and the process's memory before and after are printed.
"""
from __future__ import annotations

import argparse
import time
from collections import defaultdict
from pathlib import Path

from api_latency import EntitySample, requests
from machine import rss_mb
from synthetic import copies


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", type=Path, required=True, help="a store built by bench/api_latency.py")
    ap.add_argument("--requests", type=int, default=200, help="requests of each kind")
    ap.add_argument("--relations", type=int, default=1_000_000)
    ap.add_argument("--hubs", type=int, default=500)
    args = ap.parse_args()

    from kg import browse
    from kg.store import GraphStore, open_store

    # Before the corpus is made, so the memory figures are the server's: the store and its indexes.
    store = open_store(str(args.store), read_only=True)
    t = time.perf_counter()
    opened = rss_mb()
    store.warm()
    print(f"serving index (names, adjacency, entity and article rows) ready in {time.perf_counter() - t:.1f} s; "
          f"this process's memory: {opened:,.0f} MB with the store open, {rss_mb():,.0f} MB with it mapped")
    sample = EntitySample()
    for line in copies(args.relations, args.hubs):
        sample.take(line)
    work = requests(sample.items)
    spent: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    current = [""]
    read = GraphStore.read

    def timed_read(self: GraphStore, name: str, params: dict | None = None) -> list[dict]:
        t = time.perf_counter()
        try:
            return read(self, name, params)
        finally:
            spent[current[0]][name] += time.perf_counter() - t

    GraphStore.read = timed_read  # type: ignore[method-assign]
    calls = {
        "search": lambda path, p: browse.search(store, p["q"], None, p["limit"]),
        "card": lambda path, p: browse.card(store, path.split("/")[2]),
        "neighbours": lambda path, p: browse.neighbours(store, path.split("/")[2], p["depth"]),
        "named_query": lambda path, p: store.named_query(path.split("/")[2], p),
        "path": lambda path, p: browse.paths(store, p["from"], p["to"], p["max_hops"]),
    }
    timings: dict[str, list[float]] = defaultdict(list)
    for kind, path, params in work:
        if len(timings[kind]) >= args.requests:
            continue
        current[0] = kind
        t = time.perf_counter()
        calls[kind](path, params)
        timings[kind].append(time.perf_counter() - t)
    store.close()
    for kind, values in timings.items():
        values.sort()
        n = len(values)
        print(f"{kind:<12} {n} requests: mean {sum(values) / n * 1000:.1f} ms, p50 {values[n // 2] * 1000:.1f}, "
              f"p99 {values[min(n - 1, int(n * 0.99))] * 1000:.1f}")
        for name, seconds in sorted(spent[kind].items(), key=lambda x: -x[1]):
            print(f"    {name:<28} {seconds / n * 1000:7.1f} ms/request")


if __name__ == "__main__":
    main()
