"""Relationships per second loaded into each store, and into Neo4j the per-statement way.

    python bench/ingest_throughput.py [--relations 200000] [--batch 2000] [--neo4j bolt://127.0.0.1:PORT]

Into the embedded store it loads the corpus twice: into an empty store (the bulk path, one
transaction) and batch by batch (into a store holding the corpus's first article).

The corpus is synthetic but shaped like the extractor's real output (bench/synthetic.py, every
entity name unique per copy of the sample page). Without --neo4j (or NEO4J_URI) only the embedded store is measured. The per-statement baseline loads the
same graph the way py2neo-era loaders did: one MERGE per fact (article, entity, alias, mention,
relationship support), each in its own transaction (cypher/per_statement/). It runs on the
corpus's first articles (--baseline, default 2,000 relationships), which are also ingested the
batched way, and the bench stops unless both give the same counts. Both Neo4j ways first run
once, untimed, on a small slice, so neither pays for the JVM's warm-up.
"""
from __future__ import annotations

import argparse
import os
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from neo4j import GraphDatabase

from kg import cypher
from kg.ingest import ingest
from kg.model import RELATION_PROPERTIES, alias_id, from_extract
from kg.store import GraphStore, is_neo4j_uri, open_store
from machine import describe
from synthetic import corpus

WARM_UP = 500  # articles ingested into Neo4j before timing (a tenth of them the per-statement way too)


def timed_ingest(uri: str, lines: list[dict], batch: int, seeded: bool = False) -> tuple[int, float]:
    """Relationships added and seconds taken, from opening the store to closing it (so the
    embedded store's closing checkpoint and its serving index count). `seeded`: the first
    article is stored before, untimed, so an embedded store is not empty and the rest go batch
    by batch, as they did before the bulk path."""
    if seeded:
        with open_store(uri) as store:
            ingest(store, lines[:1])
        lines = lines[1:]
    t = time.perf_counter()
    with open_store(uri) as store:
        result = ingest(store, lines, batch)
    return result.relations_added, time.perf_counter() - t


def clear(uri: str) -> None:
    with open_store(uri) as store:
        store.clear()


def per_statement(uri: str, lines: list[dict]) -> tuple[dict, int, float]:
    """The graph `kg ingest` writes, loaded one MERGE per fact, each in its own transaction:
    every article, entity, alias, mention and relationship support (cypher/per_statement/).
    Returns the graph's counts afterwards, the statements sent and the seconds taken."""

    def text(name: str) -> str:
        return cypher.text(f"per_statement/{name}", "neo4j")

    articles = [from_extract(line) for line in lines]
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    driver = GraphDatabase.driver(uri, auth=None, notifications_min_severity="OFF")
    sent = 0
    t = time.perf_counter()
    with driver.session() as session:
        def run(statement: str, params: dict) -> None:
            nonlocal sent
            session.run(statement, params).consume()
            sent += 1

        for a in articles:
            run(text("merge_article"), {"id": a.id, "source": a.source, "title": a.title, "date": a.date,
                                        "ingested_at": now, "text": a.text})
            for e in a.entities:
                run(text("merge_entity"), {"key": e.key, "type": e.type, "name": e.name, "aliases": e.aliases})
                for n in (e.name, *e.aliases):
                    run(text("merge_alias"), {"id": alias_id(e.type, n), "key": e.key})
                run(text("merge_mention"), {"article": a.id, "key": e.key, "count": e.mentions})
            for r in a.relations:
                sup = r.support
                run(cypher.for_type("per_statement/merge_relation", "neo4j", r.type),
                    {"from": r.src, "to": r.dst, "article": a.id, "sentence": sup.sentence, "start": sup.start,
                     "end": sup.end, "method": sup.method, "confidence": sup.confidence,
                     **{p: r.props.get(p) for p in RELATION_PROPERTIES}})
    elapsed = time.perf_counter() - t
    driver.close()
    with open_store(uri) as store:
        return graph_counts(store), sent, elapsed


def counts_after_ingest(uri: str, lines: list[dict], batch: int) -> dict:
    with open_store(uri) as store:
        ingest(store, lines, batch)
        return graph_counts(store)


def graph_counts(store: GraphStore) -> dict:
    """`kg stats` and the counts of aliases, mentions and article text: two loads that agree
    on these wrote the same graph as far as the bench can tell."""
    return {**store.stats(), **store.read("per_statement/graph_counts")[0]}


def slice_holding(lines: list[dict], relations: int) -> list[dict]:
    """The corpus's first articles, enough of them to hold `relations` relationships."""
    total = 0
    for i, line in enumerate(lines):
        total += len(line["relations"])
        if total >= relations:
            return lines[:i + 1]
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--relations", type=int, default=200_000)
    ap.add_argument("--batch", type=int, default=2000, help="articles per transaction")
    ap.add_argument("--neo4j", default=os.environ.get("NEO4J_URI"))
    ap.add_argument("--baseline", type=int, default=2_000, help="relationships for the per-statement run")
    args = ap.parse_args()
    if args.neo4j and not is_neo4j_uri(args.neo4j):
        # Any other string would open (and fill) an embedded store at that path instead.
        ap.error(f"--neo4j (or NEO4J_URI) must be a bolt:// or neo4j:// URI, not {args.neo4j!r}")
    lines = corpus(args.relations)
    total = sum(len(a["relations"]) for a in lines)
    print(f"corpus: {len(lines):,} articles, {total:,} relationships, "
          f"{sum(len(a['entities']) for a in lines):,} entity mentions")
    with tempfile.TemporaryDirectory() as tmp:
        n, s = timed_ingest(str(Path(tmp) / "bulk"), lines, args.batch)
        print(f"ladybug (embedded), bulk path into an empty store {n / s:>10,.0f} relationships/s  ({n:,} in {s:.1f} s)")
        n, s = timed_ingest(str(Path(tmp) / "batched"), lines, args.batch, seeded=True)
        print(f"ladybug (embedded), batched  {n / s:>10,.0f} relationships/s  ({n:,} in {s:.1f} s)")
    if args.neo4j:
        # A JVM runs code slowly until it has compiled it, so a freshly started Neo4j would make
        # whichever way runs first look slow: both ways run once on a small slice, untimed.
        clear(args.neo4j)
        timed_ingest(args.neo4j, lines[:WARM_UP], args.batch)
        clear(args.neo4j)
        per_statement(args.neo4j, lines[:WARM_UP // 10])
        clear(args.neo4j)
        n, s = timed_ingest(args.neo4j, lines, args.batch)
        batched = n / s
        print(f"neo4j, batched               {batched:>10,.0f} relationships/s  ({n:,} in {s:.1f} s)")
        # The baseline must load the very graph the batched way does: the slice is ingested
        # both ways and their counts compared, so a baseline that wrote less could not pass.
        head = slice_holding(lines, args.baseline)
        clear(args.neo4j)
        expected = counts_after_ingest(args.neo4j, head, args.batch)
        clear(args.neo4j)
        got, sent, s = per_statement(args.neo4j, head)
        clear(args.neo4j)
        if got != expected:
            raise SystemExit(f"the per-statement load wrote another graph than kg ingest:\n{got}\n{expected}")
        n = sum(got["relations"].values())
        print(f"neo4j, one MERGE per fact    {n / s:>10,.0f} relationships/s  ({n:,} in {s:.1f} s; "
              f"{len(head):,} articles, {sent:,} statements, {sent / s:,.0f}/s; same counts as kg ingest)")
        print(f"ratio batched / per-statement {batched / (n / s):>9.1f}x")
    print(describe())


if __name__ == "__main__":
    main()
