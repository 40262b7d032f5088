"""Feeding extracted articles (the `kg extract` contract) into a store, batch by batch.

A batch is one transaction: killed mid-batch, the store holds none of it, and a rerun stores
it then. Articles already stored are skipped by content id, so reruns never duplicate.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable

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
           progress: Callable[[UpsertResult], None] | None = None, extractor: str | None = None) -> UpsertResult:
    """Store `lines` batch by batch; each article records `extractor`, the version of the
    extractor that made it (extract.version), so `kg reextract` knows what to redo."""
    total = UpsertResult()
    batch: list[dict] = []
    lines = iter(lines)
    for line in lines:
        batch.append(line)
        if len(batch) >= batch_size:
            _store(store, batch, total, lines, extractor)
            batch = []
            if progress:
                progress(total)
    if batch:
        _store(store, batch, total, lines, extractor)
        if progress:
            progress(total)
    return total


def _store(store: GraphStore, batch: list[dict], total: UpsertResult, rest: Iterable[dict],
           extractor: str | None) -> None:
    try:
        total.add(store.upsert([from_extract(line, extractor) for line in batch]))
    except StoreUnavailable as exc:
        missing = [(line["doc_id"], line["source"]) for line in (*batch, *rest)]
        raise NotLoaded(exc, total, missing, len(batch)) from None
