"""The serving index of an embedded store, built once per store version and mapped by every
server process.

`kg serve --workers N` answered searches, neighbourhoods, paths and cards from indexes each
process built for itself (kg/name_index.py, kg/adjacency.py, entity and article rows): ~1.7 GB of
private memory per process over a million relationships, and 15–19 s before it answered. Here
the same information is written once beside the store (`STORE.kg-index/`) as flat arrays —
strings as offsets plus UTF-8 bytes, relationships as columns with a per-entity list of their
slots (CSR), name grams as sorted codes with posting lists — and every process maps the files
read-only, so the kernel keeps one copy in its page cache for all of them.

A version names what the index was built from: the store's `Meta {k: 'writer'}` value, which
every write transaction sets. A process uses an index only when its version is the store's;
otherwise it builds a new one aside and swaps the `current` link to it atomically (under a file
lock, so two workers starting together build it once). A writer rebuilds it when it closes
the store (`LadybugStore.close`), so after `kg ingest` or `kg retract` the next server maps it
at once.
"""
from __future__ import annotations

import fcntl
import json
import mmap
import os
import shutil
import tempfile
import uuid
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .model import RELATION_PROPERTIES as PROPS
from .name_index import common
from .ontology import ENTITY_TYPES, RELATION_TYPES

#: Bumped when the files' layout changes, so an index written by another parkgraph is rebuilt.
LAYOUT = "1"
_CODE_SHIFT = 21  # Unicode code points fit in 21 bits; a character pair is one 43-bit code


def index_dir(store: Path) -> Path:
    """Where the serving index of the store at `store` lives."""
    return Path(f"{store}.kg-index")


class _Strings:
    """A column of strings (or None) mapped from disk: offsets into UTF-8 bytes, and for the
    columns that are looked up by value, a sorted CRC-32 of each with its row."""

    def __init__(self, folder: Path, name: str) -> None:
        self._off = _array(folder / f"{name}.off.npy")
        self._dat = _bytes(folder / f"{name}.dat")
        null = folder / f"{name}.null.npy"
        self._null = _array(null) if null.exists() else None
        hashed = folder / f"{name}.hash.npy"
        self._hash = _array(hashed) if hashed.exists() else None
        self._rows = _array(folder / f"{name}.rows.npy") if hashed.exists() else None

    def __len__(self) -> int:
        return len(self._off) - 1

    def __getitem__(self, i: int) -> str | None:
        if self._null is not None and self._null[i]:
            return None
        return self._dat[self._off[i]:self._off[i + 1]].decode()

    def find(self, value: str) -> int | None:
        """The row holding `value` (a column written with `lookup`), or None."""
        h = np.uint32(zlib.crc32(value.encode()))  # typed: a Python int would copy the column to compare
        i = int(self._hash.searchsorted(h))
        while i < len(self._hash) and self._hash[i] == h:
            row = int(self._rows[i])
            if self[row] == value:
                return row
            i += 1
        return None


class ServingIndex:
    """Names, relationships between entities, entity rows and article references of one store
    version, mapped read-only. It answers what LadybugStore's in-memory indexes answer."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.version = (folder / "version").read_text(encoding="utf-8")
        self._keys = _Strings(folder, "entity_key")
        self._names = _Strings(folder, "entity_name")
        self._types = _array(folder / "entity_type.npy")
        self._alias_of = _array(folder / "entity_aliases.npy")
        self._alias_names = _Strings(folder, "entity_alias")
        self._articles = {c: _Strings(folder, f"article_{c}") for c in ("id", "title", "date", "source")}
        self._alias_ids = _Strings(folder, "alias_id")
        self._alias_owner = _array(folder / "alias_owner.npy")
        self._gram_codes = _array(folder / "gram_code.npy")
        self._gram_off = _array(folder / "gram_off.npy")
        self._postings = _array(folder / "gram_posting.npy")
        self._src, self._dst = _array(folder / "edge_src.npy"), _array(folder / "edge_dst.npy")
        self._type = _array(folder / "edge_type.npy")
        self._supports = _array(folder / "edge_supports.npy")
        self._props = _array(folder / "edge_props.npy")
        self._prop_values = [tuple(p) for p in json.loads((folder / "props.json").read_text(encoding="utf-8"))]
        self._link_off = _array(folder / "link_off.npy")
        self._links = _array(folder / "link_slot.npy")

    # -- rows ---------------------------------------------------------------------------------
    def entities(self, keys: Iterable[str]) -> list[dict]:
        """The rows (key, type, name, aliases) of the entities among `keys`, each once."""
        out = []
        for key in dict.fromkeys(keys):
            u = self._keys.find(key)
            if u is not None:
                a, b = self._alias_of[u], self._alias_of[u + 1]
                out.append({"key": key, "type": ENTITY_TYPES[self._types[u]], "name": self._names[u],
                            "aliases": [self._alias_names[i] for i in range(a, b)]})
        return out

    def article_refs(self, ids: Iterable[str]) -> list[dict]:
        """id, title, date and source of the stored articles among `ids`, by id."""
        out = []
        for i in sorted(set(ids)):
            row = self._articles["id"].find(i)
            if row is not None:
                out.append({c: col[row] for c, col in self._articles.items()})
        return out

    # -- names --------------------------------------------------------------------------------
    def owners(self, aliases: Iterable[str]) -> list[str]:
        """The keys of the entities the stored aliases among `aliases` name."""
        found = (self._alias_ids.find(a) for a in aliases)
        return [self._keys[int(self._alias_owner[pos])] for pos in found if pos is not None]

    def search(self, text: str, type_: str | None, limit: int) -> list[str]:
        """As NameIndex.search: exact names first, then other names containing `text`, in
        the order of their alias ids."""
        types = [type_] if type_ else ENTITY_TYPES
        prefix = f"{type_}|" if type_ else ""
        found = dict.fromkeys(self.owners(f"{t}|{text}" for t in types))
        grams = [text] if len(text) < 2 else [text[i:i + 2] for i in range(len(text) - 1)]
        exact = len(text) <= 2  # the posting list of the text itself
        for pos in common(self._posting(g) for g in set(grams)):
            if len(found) >= limit:
                break
            alias = self._alias_ids[pos]
            if alias.startswith(prefix) and (exact or text in alias.partition("|")[2]):
                found[self._keys[int(self._alias_owner[pos])]] = None
        return list(found)[:limit]

    def _posting(self, gram: str) -> np.ndarray:
        code = np.int64(_gram_code(gram))
        j = int(self._gram_codes.searchsorted(code))
        if j == len(self._gram_codes) or self._gram_codes[j] != code:
            return self._postings[:0]
        return self._postings[self._gram_off[j]:self._gram_off[j + 1]]

    # -- relationships ------------------------------------------------------------------------
    def _slots(self, u: int) -> np.ndarray:
        return self._links[self._link_off[u]:self._link_off[u + 1]]

    def near(self, keys: list[str], types: Iterable[str], limit: int) -> list[tuple[str, str]]:
        """(entity, neighbour) pairs one hop from `keys` over `types`, at most `limit`."""
        wanted = np.zeros(len(RELATION_TYPES), dtype=bool)
        wanted[[RELATION_TYPES.index(t) for t in types]] = True
        out: list[tuple[str, str]] = []
        for key in keys:
            u = self._keys.find(key)
            if u is None:
                continue
            slots = self._slots(u)
            slots = slots[wanted[self._type[slots]]]
            others = np.where(self._src[slots] == u, self._dst[slots], self._src[slots])
            out += ((key, self._keys[v]) for v in others[:limit - len(out)].tolist())
            if len(out) >= limit:
                break
        return out

    def sides_at(self, key: str) -> list[tuple[str, str]]:
        """The (type, "out" or "in") of the relationships the entity takes part in, each once."""
        u = self._keys.find(key)
        if u is None:
            return []
        slots = self._slots(u)
        types = self._type[slots]
        outs = {RELATION_TYPES[t] for t in types[self._src[slots] == u].tolist()}
        ins = {RELATION_TYPES[t] for t in types[self._dst[slots] == u].tolist()}
        return sorted([*((t, "out") for t in outs), *((t, "in") for t in ins)])

    def among(self, keys: Iterable[str]) -> list[dict]:
        """The relationships between entities of `keys`: src, type, dst, supports and properties."""
        ids = np.array(sorted({u for k in keys if (u := self._keys.find(k)) is not None}), dtype=np.int64)
        owner, slots = self._gather(ids)
        slots = slots[(self._src[slots] == owner) & np.isin(self._dst[slots], ids)]
        key = {u: self._keys[u] for u in ids.tolist()}
        return [{"src": key[u], "type": RELATION_TYPES[t], "dst": key[v], "supports": n,
                 **dict(zip(PROPS, self._prop_values[p]))}
                for u, v, t, n, p in zip(self._src[slots].tolist(), self._dst[slots].tolist(),
                                         self._type[slots].tolist(), self._supports[slots].tolist(),
                                         self._props[slots].tolist())]

    def within(self, key: str, radius: int) -> set[str]:
        """The entity and those at most `radius` hops from it."""
        start = self._keys.find(key)
        if start is None:
            return {key}
        seen = np.array([start], dtype=np.int64)
        frontier = seen
        for _ in range(radius):
            if not len(frontier):
                break
            owner, slots = self._gather(frontier)
            others = np.unique(np.where(self._src[slots] == owner, self._dst[slots], self._src[slots]))
            frontier = np.setdiff1d(others, seen, assume_unique=True)
            seen = np.union1d(seen, frontier)
        return {self._keys[u] for u in seen.tolist()}

    def _gather(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The slots of the entities `ids`, and for each slot the entity it was listed under."""
        starts = self._link_off[ids]
        lens = self._link_off[ids + 1] - starts
        at = np.arange(int(lens.sum())) - np.repeat(np.cumsum(lens) - lens, lens) + np.repeat(starts, lens)
        return np.repeat(ids, lens), self._links[at]


def current(store: Path, version: str) -> ServingIndex | None:
    """The store's serving index if it was built from `version` of the store, else None."""
    link = index_dir(store) / "current"
    try:
        found = ServingIndex(link.resolve(strict=True))
    except (FileNotFoundError, NotADirectoryError):
        return None
    return found if found.version == _stamp(version) else None


def ensure(store: Path, version: str, tables: Callable[[str], pa.Table]) -> ServingIndex:
    """The serving index of `version` of the store, built first if there is none: from the
    whole-graph reads `tables(name)` gives (all_entities, article_refs, all_aliases,
    all_edges). One process builds while the others wait on the lock, then map what it built.
    Where the store's directory cannot be written, the index is built in a private temporary
    directory instead (mapped all the same, but not shared)."""
    folder = index_dir(store)
    try:
        folder.mkdir(exist_ok=True)
        lock = open(folder / "lock", "a+b")
    except PermissionError:
        return _build(Path(tempfile.mkdtemp(prefix="kg-index-")), version, tables)
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        found = current(store, version)
        if found is not None:
            return found
        built = _build(folder / f"v-{uuid.uuid4().hex}", version, tables)
        link = folder / f"current.{os.getpid()}"
        link.unlink(missing_ok=True)
        link.symlink_to(built.folder.name)
        os.replace(link, folder / "current")  # atomic: a reader sees the old index or the new one
        for old in folder.glob("v-*"):
            if old != built.folder:  # processes that map it keep their pages until they unmap
                shutil.rmtree(old, ignore_errors=True)
        return built


def _stamp(version: str) -> str:
    return f"{LAYOUT}:{version}"


def _build(folder: Path, version: str, tables: Callable[[str], pa.Table]) -> ServingIndex:
    folder.mkdir(parents=True)
    entities = tables("all_entities")
    entities = entities.take(pc.sort_indices(entities, [("key", "ascending")]))
    keys = _column(entities["key"])
    _write_strings(folder, "entity_key", keys, lookup=True)
    _write_strings(folder, "entity_name", _column(entities["name"]))
    _save(folder, "entity_type", _codes(entities["type"], ENTITY_TYPES, np.uint8))
    aliases = _column(entities["aliases"]).cast(pa.large_list(pa.large_string()))
    _save(folder, "entity_aliases", aliases.offsets.to_numpy())
    _write_strings(folder, "entity_alias", aliases.values)
    articles = tables("article_refs")
    articles = articles.take(pc.sort_indices(articles, [("id", "ascending")]))
    for c in ("id", "title", "date", "source"):
        _write_strings(folder, f"article_{c}", _column(articles[c]), lookup=c == "id")
    _build_names(folder, tables("all_aliases"), keys)
    _build_edges(folder, tables("all_edges"), keys)
    (folder / "version").write_text(_stamp(version), encoding="utf-8")  # last: the index is whole
    return ServingIndex(folder)


def _build_names(folder: Path, aliases: pa.Table, keys: pa.Array) -> None:
    """Alias ids by id with their entity, and every character and character pair of each
    alias's name with the aliases holding it (NameIndex's grams, as sorted codes)."""
    aliases = aliases.take(pc.sort_indices(aliases, [("id", "ascending")]))
    ids = _column(aliases["id"])
    _write_strings(folder, "alias_id", ids, lookup=True)
    owner = pc.index_in(_column(aliases["key"]), value_set=keys).fill_null(0)
    _save(folder, "alias_owner", owner.to_numpy().astype(np.uint32))
    names = [i.partition("|")[2] for i in ids.to_pylist()]
    lens = np.fromiter(map(len, names), np.int64, len(names))
    chars = np.frombuffer("".join(names).encode("utf-32-le"), np.uint32).astype(np.int64)
    pos = np.repeat(np.arange(len(names), dtype=np.uint32), lens)
    pair = pos[:-1] == pos[1:]
    codes = np.concatenate([chars, ((chars[:-1][pair] + 1) << _CODE_SHIFT) | chars[1:][pair]])
    pos = np.concatenate([pos, pos[:-1][pair]])
    order = np.lexsort((pos, codes))
    codes, pos = codes[order], pos[order]
    fresh = np.ones(len(codes), dtype=bool)
    fresh[1:] = (codes[1:] != codes[:-1]) | (pos[1:] != pos[:-1])
    codes, pos = codes[fresh], pos[fresh]
    grams, starts = np.unique(codes, return_index=True)
    _save(folder, "gram_code", grams)
    _save(folder, "gram_off", np.append(starts, len(codes)).astype(np.int64))
    _save(folder, "gram_posting", pos)


def _build_edges(folder: Path, edges: pa.Table, keys: pa.Array) -> None:
    """Relationship columns by slot, properties interned, and each entity's slots (either
    direction) in slot order."""
    src = pc.index_in(_column(edges["src"]), value_set=keys).to_numpy().astype(np.uint32)
    dst = pc.index_in(_column(edges["dst"]), value_set=keys).to_numpy().astype(np.uint32)
    _save(folder, "edge_src", src)
    _save(folder, "edge_dst", dst)
    _save(folder, "edge_type", _codes(edges["type"], RELATION_TYPES, np.uint8))
    _save(folder, "edge_supports", _column(edges["supports"]).to_numpy(zero_copy_only=False).astype(np.uint32))
    interned: dict[tuple, int] = {(None,) * len(PROPS): 0}
    props = np.fromiter((interned.setdefault(p, len(interned))
                         for p in zip(*(_column(edges[c]).to_pylist() for c in PROPS))), np.uint32, len(src))
    _save(folder, "edge_props", props)
    (folder / "props.json").write_text(json.dumps(list(interned), ensure_ascii=False), encoding="utf-8")
    slot = np.arange(len(src), dtype=np.uint32)
    loop = src == dst
    ends = np.concatenate([src, dst[~loop]])
    slots = np.concatenate([slot, slot[~loop]])
    order = np.lexsort((slots, ends))
    _save(folder, "link_slot", slots[order])
    _save(folder, "link_off", np.concatenate([[0], np.cumsum(np.bincount(ends, minlength=len(keys)))]).astype(np.int64))


def _gram_code(gram: str) -> int:
    return ord(gram) if len(gram) == 1 else ((ord(gram[0]) + 1) << _CODE_SHIFT) | ord(gram[1])


def _column(col: pa.ChunkedArray | pa.Array) -> pa.Array:
    return col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col


def _codes(col: pa.ChunkedArray, values: tuple[str, ...], dtype: type) -> np.ndarray:
    return pc.index_in(_column(col), value_set=pa.array(values)).to_numpy().astype(dtype)


def _write_strings(folder: Path, name: str, col: pa.Array, lookup: bool = False) -> None:
    col = col.cast(pa.large_string())
    offsets = np.frombuffer(col.buffers()[1], np.int64)[col.offset:col.offset + len(col) + 1]
    data = col.buffers()[2]
    (folder / f"{name}.dat").write_bytes(b"" if data is None else data.to_pybytes()[offsets[0]:offsets[-1]])
    _save(folder, f"{name}.off", offsets - offsets[0])
    if col.null_count:
        _save(folder, f"{name}.null", col.is_null().to_numpy(zero_copy_only=False))
    if lookup:
        hashes = np.fromiter((zlib.crc32(s.encode()) for s in col.to_pylist()), np.uint32, len(col))
        order = np.argsort(hashes, kind="stable")
        _save(folder, f"{name}.hash", hashes[order])
        _save(folder, f"{name}.rows", order.astype(np.uint32))


def _save(folder: Path, name: str, values: np.ndarray) -> None:
    np.save(folder / f"{name}.npy", np.ascontiguousarray(values))


def _array(path: Path) -> np.ndarray:
    """A file's array mapped read-only (as a plain ndarray view: indexing a memmap is slower)."""
    return np.load(path, mmap_mode="r").view(np.ndarray)


def _bytes(path: Path) -> bytes | mmap.mmap:
    with open(path, "rb") as f:
        if os.fstat(f.fileno()).st_size == 0:
            return b""  # an empty file cannot be mapped
        return mmap.mmap(f.fileno(), 0, prot=mmap.PROT_READ)
