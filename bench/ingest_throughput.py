"""Relationships per second loaded into each store, and into Neo4j the per-statement way.

    python bench/ingest_throughput.py [--relations 200000] [--batch 2000] [--neo4j bolt://127.0.0.1:PORT]

The corpus is synthetic but shaped like the extractor's real output (bench/synthetic.py, every
entity name unique per copy of the sample page). Without --neo4j (or NEO4J_URI) only the embedded store is measured. The per-statement baseline sends one
`MERGE (a)-[r:TYPE]->(b)` statement per relationship in its own transaction, the way py2neo-era
loaders did; it runs on a slice of the corpus (--baseline, default 2,000 relationships). Both
Neo4j ways first run once, untimed, on a small slice, so neither pays for the JVM's warm-up.
"""
from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from machine import describe
from synthetic import corpus

WARM_UP = 500  # articles, and then relationships, run through Neo4j before timing


def timed_ingest(uri: str, lines: list[dict], batch: int) -> tuple[int, float]:
    """Relationships added and seconds taken, from opening the store to closing it (so the
    embedded store's closing checkpoint counts)."""
    from kg.ingest import ingest
    from kg.store import open_store

    t = time.perf_counter()
    with open_store(uri) as store:
        result = ingest(store, lines, batch)
    return result.relations_added, time.perf_counter() - t


def clear(uri: str) -> None:
    from kg.store import open_store

    with open_store(uri) as store:
        store.clear()


def per_statement(uri: str, lines: list[dict], limit: int) -> tuple[int, float]:
    """One MERGE statement per fact, each in its own transaction."""
    from neo4j import GraphDatabase

    driver = GraphDatabase.driver(uri, auth=None, notifications_min_severity="OFF")
    done = 0
    t = time.perf_counter()
    with driver.session() as s:
        for line in lines:
            names = {e["id"]: (e["type"], e["name"]) for e in line["entities"]}
            for r in line["relations"]:
                if done >= limit:
                    break
                (ta, na), (tb, nb) = names[r["source"]], names[r["target"]]
                s.run("MERGE (a:PerStatement {key: $a}) MERGE (b:PerStatement {key: $b}) "
                      f"MERGE (a)-[x:{r['type']}]->(b) SET x.article = $art",
                      a=f"{ta}:{na}", b=f"{tb}:{nb}", art=line["doc_id"]).consume()
                done += 1
        elapsed = time.perf_counter() - t
        s.run("MATCH (n:PerStatement) DETACH DELETE n").consume()
    driver.close()
    return done, elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--relations", type=int, default=200_000)
    ap.add_argument("--batch", type=int, default=2000, help="articles per transaction")
    ap.add_argument("--neo4j", default=os.environ.get("NEO4J_URI"))
    ap.add_argument("--baseline", type=int, default=2_000, help="relationships for the per-statement run")
    args = ap.parse_args()
    lines = corpus(args.relations)
    total = sum(len(a["relations"]) for a in lines)
    print(f"corpus: {len(lines):,} articles, {total:,} relationships, "
          f"{sum(len(a['entities']) for a in lines):,} entity mentions")
    with tempfile.TemporaryDirectory() as tmp:
        n, s = timed_ingest(str(Path(tmp) / "graph"), lines, args.batch)
        print(f"ladybug (embedded), batched  {n / s:>10,.0f} relationships/s  ({n:,} in {s:.1f} s)")
    if args.neo4j:
        # A JVM runs code slowly until it has compiled it, so a freshly started Neo4j would make
        # whichever way runs first look slow: both ways run once on a small slice, untimed.
        clear(args.neo4j)
        timed_ingest(args.neo4j, lines[:WARM_UP], args.batch)
        clear(args.neo4j)
        per_statement(args.neo4j, lines, WARM_UP)
        clear(args.neo4j)
        n, s = timed_ingest(args.neo4j, lines, args.batch)
        batched = n / s
        print(f"neo4j, batched               {batched:>10,.0f} relationships/s  ({n:,} in {s:.1f} s)")
        clear(args.neo4j)
        n, s = per_statement(args.neo4j, lines, args.baseline)
        print(f"neo4j, one MERGE per fact    {n / s:>10,.0f} relationships/s  ({n:,} in {s:.1f} s)")
        print(f"ratio batched / per-statement {batched / (n / s):>9.1f}x")
    print(describe())


if __name__ == "__main__":
    main()
