"""How fast Ladybug itself stores the rows an ingest creates, with no Python in the way: the
ceiling for the embedded store's relationships per second.

    python bench/ladybug_floor.py [--relations 200000] [--batch 2000]

The synthetic corpus of bench/ingest_throughput.py is ingested once, untimed, recording the
rows of every bulk `COPY` the store runs (entities, aliases, articles, mentions, one table per
relationship type). Those rows, already converted to Arrow the way the store converts them,
are then loaded into fresh stores, timed: in the ingest's own transactions (--batch articles
each), and all in one transaction (the cheapest case: one commit and its checkpoint). The
lookups, updates and row building of a real ingest are left out, so a real ingest is slower.
"""
from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa

from kg.ingest import ingest
from kg.ladybug_store import _COPY, LadybugStore, _Tx
from kg.ontology import RELATION_TYPES
from kg.store import T
from machine import describe
from synthetic import corpus

Batch = list[tuple[str, str, list[dict]]]  # (statement, table, rows) of each COPY in one transaction


class Recording(LadybugStore):
    """The embedded store, keeping the rows of every COPY it runs, transaction by transaction."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.batches: list[Batch] = []

    def write(self, work: Callable[[_Tx], T]) -> T:
        self.batches.append([])
        return super().write(work)

    def _execute(self, run: Callable[[str, dict], list[dict]], statement: str, params: dict) -> list[dict]:
        copy = _COPY.match(statement)
        if copy and params[copy.group(2)]:
            self.batches[-1].append((statement, copy.group(1), params[copy.group(2)]))
        return super()._execute(run, statement, params)


def load(path: Path, batches: list[Batch], tables: set[str]) -> tuple[int, float]:
    """Relationship rows stored and seconds taken to COPY the rows of `tables` in `batches`,
    one transaction per batch, and to close the store."""
    store = LadybugStore(path)
    tx = _Tx(store.conn, {})
    arrow = [[(statement, table, pa.Table.from_pylist(rows, schema=tx._schema(table)))
              for statement, table, rows in batch if table in tables] for batch in batches]
    relations = sum(t.num_rows for batch in arrow for _, table, t in batch if table in RELATION_TYPES)
    t = time.perf_counter()
    for batch in arrow:
        store.conn.execute("BEGIN TRANSACTION")
        for statement, _, rows in batch:
            store.conn.execute(statement, {"rows": rows})
        store.conn.execute("COMMIT")
    store.close()
    return relations, time.perf_counter() - t


def merged(batches: list[Batch]) -> list[Batch]:
    """All batches as one: one COPY per table, in the order the ingest first ran them."""
    tables: dict[str, tuple[str, str, list[dict]]] = {}
    for batch in batches:
        for statement, table, rows in batch:
            tables.setdefault(table, (statement, table, []))[2].extend(rows)
    return [list(tables.values())]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--relations", type=int, default=200_000)
    ap.add_argument("--batch", type=int, default=2000, help="articles per transaction")
    args = ap.parse_args()
    lines = corpus(args.relations)
    with tempfile.TemporaryDirectory() as tmp:
        with Recording(str(Path(tmp) / "recorded")) as store:
            ingest(store, lines, args.batch)
        batches = [b for b in store.batches if b]
        every = {table for batch in batches for _, table, _ in batch}
        rows = sum(len(r) for batch in batches for _, _, r in batch)
        print(f"corpus: {len(lines):,} articles; {rows:,} rows in {len(batches)} transactions")
        whole = merged(batches)
        for label, plan, tables in (
                (f"{len(batches)} transactions", batches, every),
                ("one transaction", whole, every),
                ("one transaction, no relationship tables", whole, every - set(RELATION_TYPES))):
            n, s = load(Path(tmp) / label.replace(" ", "-").replace(",", ""), plan, tables)
            rate = f"{n / s:>8,.0f} relationships/s" if n else " " * 24
            print(f"{label:<42} {s:6.1f} s  {rate}")
    print(describe())


if __name__ == "__main__":
    main()
