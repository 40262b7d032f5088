"""Extraction throughput on Dask (extract/distributed.py) against one process, same pages.

    python bench/dask_extract.py [--pages 200] [--workers 2] [--scheduler tcp://HOST:8786]
                                 [--single N] [--keep DIR]

The pages are copies of the sample page (4 articles, 9,297 bytes each). One process runs
`extract_pages` over all of them; then `write_jsonl` runs them on a Dask cluster (a LocalCluster
of --workers processes on 127.0.0.1, or the scheduler given) in partitions of --partition
pages, writing JSON Lines to a temporary directory (or --keep DIR, for `kg ingest --extracted`).
Both times leave out loading the pipeline (each worker loads it once, on a first small job), so
they compare extraction itself. For big runs, --single N times one process on the first N pages
only and compares rates.
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from machine import describe

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=200)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--partition", type=int, default=10, help="pages per partition")
    ap.add_argument("--scheduler", help="a running Dask scheduler's address (default: a LocalCluster); its "
                    "workers must write where this process reads (a shared filesystem)")
    ap.add_argument("--single", type=int, help="time one process on the first N pages only (default: all)")
    ap.add_argument("--keep", type=Path, help="write the partitions here and keep them (an empty or new directory)")
    args = ap.parse_args()

    import dask.bag as db
    from dask.distributed import Client, LocalCluster

    from extract.distributed import extract_pages, write_jsonl
    from extract.normalize import decode

    text = decode((ROOT / "data" / "samples" / "seed-page.txt").read_bytes())
    pages = [{"text": text, "source": f"copy-{i}.txt"} for i in range(args.pages)]
    chars = len(text) * args.pages
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        if any(args.keep.iterdir()):
            raise SystemExit(f"{args.keep} is not empty")
    extract_pages(pages[:1])  # the pipeline, loaded
    single = pages[:args.single] if args.single else pages
    t = time.perf_counter()
    single_articles = len(extract_pages(single))
    one = time.perf_counter() - t
    one_rate = single_articles / one
    print(f"one process, {len(single):,} pages: {single_articles:,} articles in {one:.1f} s, {one_rate:,.1f} articles/s, "
          f"{len(text) * len(single) / one:,.0f} chars/s")

    cluster = None if args.scheduler else LocalCluster(n_workers=args.workers, threads_per_worker=1,
                                                       processes=True, host="127.0.0.1", dashboard_address=None)
    with Client(args.scheduler or cluster) as client, tempfile.TemporaryDirectory() as tmp:
        out = args.keep or Path(tmp)
        workers = len(client.scheduler_info()["workers"])
        client.run(extract_pages, pages[:1])  # every worker loads its pipeline
        t = time.perf_counter()
        files = write_jsonl(db.from_sequence(pages, partition_size=args.partition), str(out))
        spread = time.perf_counter() - t
        articles = 0
        for f in files:
            with open(f, encoding="utf-8") as lines:
                articles += sum(1 for _ in lines)
        size = sum(Path(f).stat().st_size for f in files)
    if cluster:
        cluster.close()
    print(f"{args.pages:,} pages, {articles:,} articles, {chars:,} characters")
    print(f"Dask, {workers} worker processes, {len(files)} partitions: {spread:.1f} s, "
          f"{articles / spread:,.1f} articles/s, {chars / spread:,.0f} chars/s "
          f"({articles / spread / one_rate:.2f}x one process); {size / 1e6:,.0f} MB of JSON Lines")
    print(describe())


if __name__ == "__main__":
    main()
