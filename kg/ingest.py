"""Feeding extracted articles (the `kg extract` contract) into a store, batch by batch.

A batch is one transaction: killed mid-batch, the store holds none of it, and a rerun stores
it then. Articles already stored are skipped by content id, so reruns never duplicate.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable

from .model import from_extract
from .store import GraphStore, UpsertResult


def ingest(store: GraphStore, lines: Iterable[dict], batch_size: int = 64,
           progress: Callable[[UpsertResult], None] | None = None) -> UpsertResult:
    total = UpsertResult()
    batch = []
    for line in lines:
        batch.append(from_extract(line))
        if len(batch) >= batch_size:
            total.add(store.upsert(batch))
            batch = []
            if progress:
                progress(total)
    if batch:
        total.add(store.upsert(batch))
        if progress:
            progress(total)
    return total
