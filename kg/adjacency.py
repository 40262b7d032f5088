"""An in-memory adjacency index of the relationships between entities, for the embedded store.

Ladybug 0.22 expands relationships slowly, row by row: a depth-2 neighbourhood near a hub
(hundreds of entities, thousands of relationships) cost ~20 ms of the API's CPU and the balls
a path request checks first ~5 ms (bench/store_calls.py). Here each entity holds the slots of
its relationships, and each slot its two ends, type, support count and properties (17 bytes,
properties interned), plus each entity's key once. Like the name index, it lives in the process that opened the store
for writing and follows that process's own writes; nothing else can write while it is open.
Read-only processes map the same information from the store's serving index instead
(kg/serving_index.py), one copy for all of them.
The evidence (sentences, offsets, articles) stays in the store.
"""
from __future__ import annotations

import threading
from array import array
from collections.abc import Iterable

from .model import RELATION_PROPERTIES as PROPS
from .ontology import RELATION_TYPES

_FREE = 0xFFFFFFFF  # the ends of a slot whose relationship was deleted
_TYPE = {t: i for i, t in enumerate(RELATION_TYPES)}


class Adjacency:
    """Relationships between entity keys, each with its support count and properties."""

    def __init__(self, rows: Iterable[dict] = ()) -> None:
        self._ids: dict[str, int] = {}
        self._keys: list[str] = []
        self._links: list[array] = []  # per entity: slots of its relationships, either direction
        self._src, self._dst = array("I"), array("I")
        self._type = array("B")
        self._supports = array("I")
        self._props = array("I")  # into _prop_values; 0: none
        self._prop_values: list[tuple] = [(None,) * len(PROPS)]
        self._prop_ids: dict[tuple, int] = {self._prop_values[0]: 0}
        self._free: list[int] = []
        self._lock = threading.Lock()
        with self._lock:
            self._add(rows)

    def refresh(self, sources: Iterable[str], rows: Iterable[dict]) -> None:
        """The relationships going out of `sources` are now `rows` (read after a commit)."""
        with self._lock:
            dropped: set[int] = set()
            touched: set[int] = set()
            for u in {self._ids[k] for k in sources if k in self._ids}:
                for slot in self._links[u]:
                    if self._src[slot] == u:
                        dropped.add(slot)
                        touched.update((u, self._dst[slot]))
            for u in touched:
                self._links[u] = array("I", (s for s in self._links[u] if s not in dropped))
            for slot in dropped:
                self._src[slot] = self._dst[slot] = _FREE
            self._free += dropped
            self._add(rows)

    def near(self, keys: list[str], types: Iterable[str], limit: int) -> list[tuple[str, str]]:
        """(entity, neighbour) pairs one hop from `keys` over `types`, at most `limit`."""
        wanted = {_TYPE[t] for t in types}
        out: list[tuple[str, str]] = []
        with self._lock:
            for key in keys:
                u = self._ids.get(key)
                if u is None:
                    continue
                for slot in self._links[u]:
                    if self._type[slot] in wanted:
                        if len(out) >= limit:
                            return out
                        v = self._dst[slot] if self._src[slot] == u else self._src[slot]
                        out.append((key, self._keys[v]))
        return out

    def sides_at(self, key: str) -> list[tuple[str, str]]:
        """The (type, "out" or "in") of the relationships the entity takes part in, each once."""
        with self._lock:
            u = self._ids.get(key)
            if u is None:
                return []
            links, types = self._links[u], self._type
            outs = {types[s] for s in links if self._src[s] == u}
            ins = {types[s] for s in links if self._dst[s] == u}
            return sorted([*((RELATION_TYPES[t], "out") for t in outs), *((RELATION_TYPES[t], "in") for t in ins)])

    def among(self, keys: Iterable[str]) -> list[dict]:
        """The relationships between entities of `keys`: src, type, dst, supports and properties."""
        with self._lock:
            ids = {self._ids[k] for k in keys if k in self._ids}
            out = []
            for u in ids:
                for slot in self._links[u]:
                    if self._src[slot] == u and self._dst[slot] in ids:
                        out.append({"src": self._keys[u], "type": RELATION_TYPES[self._type[slot]],
                                    "dst": self._keys[self._dst[slot]], "supports": self._supports[slot],
                                    **dict(zip(PROPS, self._prop_values[self._props[slot]]))})
        return out

    def within(self, key: str, radius: int) -> set[str]:
        """The entity and those at most `radius` hops from it."""
        with self._lock:
            start = self._ids.get(key)
            if start is None:
                return {key}
            seen, frontier = {start}, [start]
            for _ in range(radius):
                nxt = []
                for u in frontier:
                    for slot in self._links[u]:
                        v = self._dst[slot] if self._src[slot] == u else self._src[slot]
                        if v not in seen:
                            seen.add(v)
                            nxt.append(v)
                frontier = nxt
            return {self._keys[u] for u in seen}

    def _id(self, key: str) -> int:
        u = self._ids.get(key)
        if u is None:
            u = self._ids[key] = len(self._keys)
            self._keys.append(key)
            self._links.append(array("I"))
        return u

    def _add(self, rows: Iterable[dict]) -> None:
        for r in rows:
            u, v = self._id(r["src"]), self._id(r["dst"])
            props = tuple(r[p] for p in PROPS)
            prop_id = self._prop_ids.get(props)
            if prop_id is None:
                prop_id = self._prop_ids[props] = len(self._prop_values)
                self._prop_values.append(props)
            fields = ((self._src, u), (self._dst, v), (self._type, _TYPE[r["type"]]),
                      (self._supports, r["supports"]), (self._props, prop_id))
            if self._free:
                slot = self._free.pop()
                for column, value in fields:
                    column[slot] = value
            else:
                slot = len(self._src)
                for column, value in fields:
                    column.append(value)
            self._links[u].append(slot)
            if v != u:
                self._links[v].append(slot)
