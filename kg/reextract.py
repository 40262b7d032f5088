"""`kg reextract`: the graph rebuilt from the article texts the store keeps, with today's extractor.

The result must equal a fresh ingest of the same articles, and a fresh ingest is order-dependent
(an entity's key is the name it was first stored under). So rather than patching each article's
facts in place, which would leave the old extractor's names and aliases on nodes that other
articles keep alive, it clears every fact and stores each article's new facts again in the order
the articles first came in (their `seq`):

1. every article is marked as waiting (its extractor unset), in the transaction that records
   `reextract = clearing VERSION` in the store's bookkeeping;
2. entities, aliases, relationships and mentions are deleted in slices, the articles kept; then
   `reextract = loading VERSION`;
3. batch by batch, the next waiting articles are extracted and given their facts, each batch in
   one transaction that also marks its articles Redone (created in bulk with the facts, so on
   the embedded store a kill in the commit's checkpoint loses the marks with the facts; a
   rerun then redoes those articles);
4. in one transaction, every article records the extractor version its mark names, and the
   marks and the bookkeeping entry go.

Killed anywhere, a rerun picks up where the bookkeeping says (a slice or a batch is all or
nothing, and a batch only fills articles still waiting); a rerun with another extractor starts
again from 1. Run on a graph whose articles are all on this extractor, it changes nothing.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .model import from_extract
from .store import GraphStore, UpsertResult

#: The bookkeeping key (Meta) of a re-extraction under way: "clearing VERSION" or "loading VERSION".
STATE = "reextract"


@dataclass
class Reextracted:
    version: str
    done: int = 0  # articles given new facts by this run
    waiting: int = 0  # articles that were waiting when the loading began (or resumed)
    changes: UpsertResult = field(default_factory=UpsertResult)


def older(store: GraphStore, version: str) -> int:
    """Articles whose facts are not (or not yet) from extractor `version`."""
    return sum(n for v, n in store.extractors().items() if v != version)


def reextract(store: GraphStore, extract: Callable[[list[dict]], list[dict]], version: str, batch_size: int = 100,
              progress: Callable[[Reextracted], None] | None = None) -> Reextracted:
    """Rebuild the graph from its stored texts with `extract` (stored article rows: id, source,
    title, date, text → one `kg extract` line each, same order), whose version is `version`."""
    run = Reextracted(version)
    state = store.meta().get(STATE)
    if state != f"loading {version}":
        if state is None and not older(store, version):
            return run
        if state != f"clearing {version}":
            store.mark_pending(STATE, f"clearing {version}")
        while store.clear_facts():
            pass
        store.set_meta(STATE, f"loading {version}")
    run.waiting = store.extractors().get("none", 0)
    while rows := store.pending(batch_size):
        lines = extract(rows)
        run.changes.add(store.redo([from_extract(line, version) for line in lines]))
        run.done += len(rows)
        if progress:
            progress(run)
    store.finish_redo(STATE)
    return run
