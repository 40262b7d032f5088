"""Feeding extracted articles (the `kg extract` contract) into a store, batch by batch.

A batch is one transaction: killed mid-batch, the store holds none of it, and a rerun stores
it then. Articles already stored are skipped by content id, so reruns never duplicate.

A first load into an empty embedded store is one batch of everything (the bulk path): each
table is then written by one COPY of its rows as Arrow columns, where batch by batch every
commit paid a checkpoint that grows with the store and every batch looked up the nodes the
ones before it had made. Same statements, so the same graph; killed, it leaves an empty store.
"""
from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .model import from_extract
from .store import GraphStore, StoreUnavailable, UpsertResult


class NotLoaded(StoreUnavailable):
    """The store went away for good during an ingest: what was loaded before, and the articles
    (doc_id, source) that were not, so the user can be told exactly what a rerun will add."""

    def __init__(self, cause: StoreUnavailable, loaded: UpsertResult, missing: list[tuple[str, str]],
                 in_flight: int) -> None:
        super().__init__(str(cause))
        self.loaded = loaded
        self.missing = missing
        self.in_flight = in_flight  # the first ones: their commit may have landed unacknowledged


def ingest(store: GraphStore, lines: Iterable[dict], batch_size: int = 64,
           progress: Callable[[UpsertResult], None] | None = None,
           stored: Callable[[list[dict]], None] | None = None, extractor: str | None = None) -> UpsertResult:
    """Load extracted articles: into an empty embedded store in one bulk transaction, else batch
    by batch; after each commit, `progress` gets the totals so far and `stored` the articles it
    held (`kg ingest` prints a line for each, whose doc_id is what `kg retract` takes). Each
    article records `extractor`, the version of the extractor that made it (extract.version), so
    `kg reextract` knows what to redo."""
    if store.bulk_first_load and not store.read("stats_counts")[0]["articles"]:
        everything = list(lines)
        total = store.upsert([from_extract(line, extractor) for line in everything])
        if stored:
            stored(everything)
        if progress:
            progress(total)
        return total
    total = UpsertResult()
    batch: list[dict] = []
    lines = iter(lines)
    for line in lines:
        batch.append(line)
        if len(batch) >= batch_size:
            _store(store, batch, total, lines, progress, stored, extractor)
            batch = []
    if batch:
        _store(store, batch, total, lines, progress, stored, extractor)
    return total


def _store(store: GraphStore, batch: list[dict], total: UpsertResult, rest: Iterable[dict],
           progress: Callable[[UpsertResult], None] | None, stored: Callable[[list[dict]], None] | None,
           extractor: str | None) -> None:
    try:
        total.add(store.upsert([from_extract(line, extractor) for line in batch]))
    except StoreUnavailable as exc:
        missing = [(line["doc_id"], line["source"]) for line in (*batch, *rest)]
        raise NotLoaded(exc, total, missing, len(batch)) from None
    if stored:
        stored(batch)
    if progress:
        progress(total)


def read_extracted(paths: Iterable[str]) -> Iterator[dict]:
    """Articles already extracted (`kg extract` output, or extract/distributed.py's partitions):
    each path a JSON Lines file, a directory whose *.jsonl files are read in name order, or -
    for standard input. Extraction on a cluster writes them; loading needs no pipeline."""
    for p in paths:
        if p == "-":
            files = [sys.stdin]
        else:
            path = Path(p)
            files = sorted(path.rglob("*.jsonl")) if path.is_dir() else [path]
        for f in files:
            with f if f is sys.stdin else open(f, encoding="utf-8") as lines:
                for line in lines:
                    if line.strip():
                        yield json.loads(line)
