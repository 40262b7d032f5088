"""How later transactions into a growing embedded store cost time and memory.

    python bench/ingest_growth.py [--batch 60000] [--batches 3] [--page-cache-gb G] [--store DIR]

Loads bench/synthetic.py's corpus (with hubs, as bench/api_latency.py) through `kg.ingest.ingest`
in transactions of --batch articles: the first into the empty store (the bulk path), the rest
batch by batch. Prints, per transaction, the relationships added, the time, and the process's
resident memory after it and at its peak. --page-cache-gb caps Ladybug's page cache (its
default is 80% of the machine's memory), to see what the later transactions need of it.
"""
from __future__ import annotations

import argparse
import itertools
import resource
import tempfile
import time
from pathlib import Path

from machine import describe, rss_mb
from synthetic import copies


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--batch", type=int, default=60_000, help="articles per transaction")
    ap.add_argument("--batches", type=int, default=3)
    ap.add_argument("--hubs", type=int, default=500)
    ap.add_argument("--page-cache-gb", type=float, help="cap Ladybug's page cache (default: Ladybug's own)")
    ap.add_argument("--store", type=Path, help="a new store path (default: a temporary one)")
    args = ap.parse_args()
    if args.page_cache_gb:
        import ladybug

        import kg.ladybug_store

        class Capped(ladybug.Database):
            def __init__(self, *a, **k) -> None:
                k.setdefault("buffer_pool_size", int(args.page_cache_gb * 2**30))
                super().__init__(*a, **k)

        kg.ladybug_store.ladybug.Database = Capped
    from kg.ingest import ingest
    from kg.store import open_store

    stream = copies(10**12, args.hubs)
    with tempfile.TemporaryDirectory() as tmp, open_store(str(args.store or Path(tmp) / "graph")) as s:
        for k in range(args.batches):
            batch = list(itertools.islice(stream, args.batch))
            before, t = rss_mb() * 2**20 / 1e9, time.perf_counter()
            r = ingest(s, batch, args.batch)
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6
            print(f"transaction {k + 1}: {r.relations_added:,} relationships in {time.perf_counter() - t:.0f} s; "
                  f"resident {before:.1f} -> {rss_mb() * 2**20 / 1e9:.1f} GB, peak {peak:.1f} GB", flush=True)
            del batch
    print(describe())


if __name__ == "__main__":
    main()
