"""An in-memory substring index over entity names and aliases, for the embedded store.

Ladybug's full-text extension downloads at run time, so there `CONTAINS` scans every alias:
~60 ms per search on a 1M-relationship graph, the API's most frequent slow request. Here every
character and character pair of each alias points to the aliases holding it; a search walks
the shortest such list and keeps the aliases that contain the whole text. The index lives in
the process that opened the store for writing and follows its writes (a Ladybug store has one
writer), so it never disagrees with the store. Read-only processes map the same grams from the
store's serving index (kg/serving_index.py), which uses `common` below.
"""
from __future__ import annotations

import threading
from array import array
from collections.abc import Iterable

import numpy as np

from .ontology import ENTITY_TYPES


class NameIndex:
    """Alias ids (`Type|normalised name`) and the entity key each one names."""

    def __init__(self, rows: Iterable[tuple[str, str]] = ()) -> None:
        self._ids: list[str] = []
        self._keys: list[str | None] = []  # None: retracted
        self._where: dict[str, int] = {}
        self._grams: dict[str, array] = {}
        self._lock = threading.Lock()
        self.add(rows)

    def add(self, rows: Iterable[tuple[str, str]]) -> None:
        with self._lock:
            for alias, key in rows:
                if alias in self._where:
                    self._keys[self._where[alias]] = key
                    continue
                pos = self._where[alias] = len(self._ids)
                self._ids.append(alias)
                self._keys.append(key)
                name = alias.partition("|")[2]
                for gram in {*name, *(name[i:i + 2] for i in range(len(name) - 1))}:
                    posting = self._grams.get(gram)
                    if posting is None:
                        posting = self._grams[gram] = array("I")
                    posting.append(pos)

    def remove(self, aliases: Iterable[str]) -> None:
        with self._lock:
            for alias in aliases:
                pos = self._where.get(alias)
                if pos is not None:
                    self._keys[pos] = None

    def owners(self, aliases: Iterable[str]) -> list[str]:
        """The keys of the entities the stored aliases among `aliases` name."""
        with self._lock:
            found = (self._where.get(alias) for alias in aliases)
            return [key for pos in found if pos is not None and (key := self._keys[pos]) is not None]

    def search(self, text: str, type_: str | None, limit: int) -> list[str]:
        """Keys of entities with a name or alias containing `text` (normalised), at most `limit`:
        exact names first, then others in the order they were stored."""
        types = [type_] if type_ else ENTITY_TYPES
        prefix = f"{type_}|" if type_ else ""
        found = dict.fromkeys(self.owners(f"{t}|{text}" for t in types))
        with self._lock:
            grams = [text] if len(text) < 2 else [text[i:i + 2] for i in range(len(text) - 1)]
            exact = len(text) <= 2  # the posting list of the text itself
            for pos in common(self._grams.get(g, array("I")) for g in set(grams)):
                if len(found) >= limit:
                    break
                key, alias = self._keys[pos], self._ids[pos]
                if key is not None and alias.startswith(prefix) and (exact or text in alias.partition("|")[2]):
                    found[key] = None
        return list(found)[:limit]


def common(postings: Iterable[array]) -> Iterable[int]:
    """The positions in every posting list, in stored order. Shortest lists first, and only
    until few are left: a name repeated with many suffixes has no short list at all, and
    walking its shortest one (tens of thousands of aliases) made those the slowest searches."""
    found = None
    for posting in sorted(postings, key=len):
        ids = np.frombuffer(posting, dtype=np.uint32)
        found = ids if found is None else np.intersect1d(found, ids, assume_unique=True)
        if len(found) <= 64:
            break
    return [] if found is None else found.tolist()
