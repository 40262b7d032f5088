"""One graph-store interface over the embedded Ladybug database and Neo4j.

The graph logic (how an article's entities find their existing nodes, how supports are
counted, how a retraction cascades) is written once here, as named statements run inside one
write transaction; a backend supplies only the connection, the transaction and its dialect.
"""
from __future__ import annotations

import itertools
import json
import os
import re
from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Protocol, TypeVar

from . import cypher, queries
from .model import RELATION_PROPERTIES, Article, Entity, alias_id, norm
from .ontology import ENTITY_TYPES, RELATION_TYPES

T = TypeVar("T")
#: The per-support lists a relationship carries, index-aligned: support i is
#: (articles[i], sentences[i], char_starts[i], char_ends[i], methods[i], confidences[i]).
_SUPPORT_FIELDS = ("articles", "sentences", "char_starts", "char_ends", "methods", "confidences")
DEFAULT_STORE = "./kg-data"


class StoreError(RuntimeError):
    """A store that cannot be used as asked; the message says why and what to do."""


class ReadOnlyError(StoreError):
    """A researcher's query tried to write; the database's read-only session refused it."""


class FileAccessError(ReadOnlyError):
    """A researcher's query reached for the server's files (COPY TO, LOAD FROM, EXPORT …)."""


class QueryTimeout(StoreError):
    """A researcher's query ran past its time limit and was stopped."""


class DiskFull(StoreError):
    """The disk holding the store (or a backup) ran out of space. The write in progress was
    undone (a batch is stored whole or not at all); what was stored before stays."""

    def __init__(self, where: str) -> None:
        super().__init__(f"no space left on the disk holding {where}")
        self.where = where


class StoreDamaged(StoreError):
    """The stored graph is not what was written (a file truncated, overwritten or missing, or
    facts that contradict each other); the message names the way back."""


def damaged(where: str, why: str) -> StoreDamaged:
    """The one line that says a store is damaged and how to get the graph back."""
    return StoreDamaged(f"the graph at {where} is damaged ({why}); restore it from a backup "
                        f"(kg restore --force --store {where} BACKUP), or ingest the articles again into a new "
                        f"store (kg ingest PATH --store NEW)")


class StoreUnavailable(StoreError):
    """The store stayed unreachable through every retry. The failed batch may still have been
    stored if its commit landed as the connection broke; a rerun skips it by article id."""


@dataclass
class QueryRows:
    rows: list[dict]
    truncated: bool  # more rows matched than the cap allowed


class Tx(Protocol):
    def run(self, statement: str, params: dict) -> list[dict]: ...


@dataclass
class UpsertResult:
    articles_new: int = 0
    articles_unchanged: int = 0
    entities_added: int = 0
    entities_updated: int = 0
    relations_added: int = 0
    relations_supported: int = 0  # existing relationships that gained an article's support

    def add(self, other: "UpsertResult") -> None:
        for k, v in vars(other).items():
            setattr(self, k, getattr(self, k) + v)


@dataclass
class RetractResult:
    found: bool = False
    relations_deleted: int = 0
    relations_kept: int = 0
    entities_deleted: int = 0


@dataclass
class Subgraph:
    nodes: dict[str, dict] = field(default_factory=dict)  # key -> {type, name, aliases}
    edges: list[dict] = field(default_factory=list)  # {src, type, dst, articles, ...}
    capped: bool = False  # the neighbourhood had more entities than the limit allowed


class GraphStore(ABC):
    """The interface every store offers; subclasses implement the four abstract methods."""

    dialect: str
    #: Whether `kg.ingest.ingest` loads everything into an empty store in one transaction (the
    #: embedded store's bulk path); a server's one transaction would hold every lock meanwhile.
    bulk_first_load: bool = False

    @abstractmethod
    def write(self, work: Callable[[Tx], T]) -> T:
        """Run `work` in one write transaction: all of it is stored or none (retried if transient)."""

    @abstractmethod
    def read_rows(self, statement: str, params: dict) -> list[dict]:
        """Run a read statement (already loaded and checked)."""

    def cypher_readonly(self, query: str, params: dict | None = None, *, max_rows: int = 10_000,
                        timeout: float = 30.0) -> QueryRows:
        """A researcher's own query, in a session the database itself keeps read-only (a write
        raises ReadOnlyError), stopped after `timeout` seconds (QueryTimeout), at most `max_rows`
        rows. Clauses that touch the server's files are refused before it runs (FileAccessError).
        It is written as Neo4j runs it (entity types as labels) and translated for this store, so
        one query gives the same rows on both (`cypher.translate`)."""
        params = params or {}
        cypher.check(query, params)
        clause = cypher.file_clause(query)
        if clause:
            raise FileAccessError(f"{clause} reads or writes files on the server; researchers' queries may not")
        return self._readonly(cypher.translate(query, self.dialect), params, max_rows, timeout)

    def query(self, query: str, params: dict | None = None, *, max_rows: int = 10_000) -> QueryRows:
        """What `kg query` runs, here for notebooks too: a named query of cypher/queries/ by its
        name (a lowercase word; its parameters as a user gives them), or Cypher of one's own."""
        if re.fullmatch(r"[a-z_]+", query):
            return QueryRows(self.named_query(query, params or {}), False)
        return self.cypher_readonly(query, params, max_rows=max_rows)

    @abstractmethod
    def _readonly(self, query: str, params: dict, max_rows: int, timeout: float) -> QueryRows: ...

    @property
    @abstractmethod
    def location(self) -> str:
        """Where the graph is (a path, a server's URI), as messages name it."""

    @abstractmethod
    def snapshot(self, work: Callable[[Callable[[str], Iterator[dict]]], T]) -> T:
        """Run `work` with a reader of named whole-graph statements (all_entities, …) that all
        see one state of the graph, whatever writers do meanwhile (kg backup, kg check)."""

    def check(self) -> dict[str, int]:
        """Read everything the store holds and check that it hangs together: aliases and
        mentions name stored entities and articles, every support names a stored article and
        its offsets cut its sentence out of that article's text. Returns what was read;
        raises StoreDamaged naming the first contradiction and the way back."""
        return self.snapshot(lambda read: _check_all(read, self.location))

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> "GraphStore":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -- statements -------------------------------------------------------------------------
    def _run(self, tx: Tx, name: str, params: dict) -> list[dict]:
        return self._execute(tx.run, self._untyped(name), params)

    def _untyped(self, name: str) -> str:
        if cypher.per_type(name, self.dialect):
            raise cypher.QueryError(f"{name} runs per relationship type")
        return cypher.text(name, self.dialect)

    def _run_typed(self, tx: Tx, name: str, rel_type: str, params: dict) -> list[dict]:
        return self._execute(tx.run, cypher.for_type(name, self.dialect, rel_type), params)

    @staticmethod
    def _execute(run: Callable[[str, dict], list[dict]], statement: str, params: dict) -> list[dict]:
        cypher.check(statement, params)
        if cypher.unwinds_nothing(statement, params):
            return []  # Ladybug cannot type an empty list parameter; there is nothing to do anyway
        return run(statement, params)

    def read(self, name: str, params: dict | None = None) -> list[dict]:
        """A named read statement from cypher/ (or cypher/queries/)."""
        return self._execute(self.read_rows, self._untyped(name), params or {})

    def entities(self, keys: list[str]) -> list[dict]:
        """The stored entities among `keys` (key, type, name, aliases), each once."""
        return self.read("entities_by_key", {"keys": list(dict.fromkeys(keys))})

    def article_refs(self, ids: Iterable[str]) -> list[dict]:
        """The stored articles among `ids`: id, title, date, source (not the text)."""
        return self.read("articles_by_id", {"ids": sorted(set(ids))})

    def entity_relations(self, key: str) -> list[dict]:
        """Every relationship of one entity, outgoing and incoming, with its supports."""
        return self.read("entity_relations", {"key": key})

    def named_query(self, name: str, raw: dict[str, object]) -> list[dict]:
        """A researcher query from cypher/queries/, its parameters typed and checked first.
        Entity parameters become keys; a name that several entities share runs the query once
        for each, answers in turn; a name no entity goes by is an error (UnknownEntity) naming
        the closest ones."""
        query = queries.get(name)
        params = query.bind(raw)
        choices = [[(p.name, key) for key in self._entity_param(p, str(params[p.name]))]
                   for p in query.params if p.type == "entity"]
        rows: list[dict] = []
        for chosen in itertools.product(*choices):
            rows += self.read(f"queries/{name}", {**params, **dict(chosen)})
        return rows

    def _entity_param(self, param: queries.Param, name: str) -> list[str]:
        """The keys of the entities `name` gives `param` (an `entity TYPE` parameter: of that type).
        A name that only entities of other types go by, or that none goes by, is refused: the
        query would otherwise answer with no rows, as if the park (say) had nothing in it."""
        keys = self.entity_keys(name, param.entity_type)
        if keys:
            return keys
        others = sorted({e["type"] for e in self.entities(self.entity_keys(name))}) if param.entity_type else []
        if others:
            raise queries.WrongEntityType(f"${param.name} takes a {param.entity_type}; {name!r} is "
                                          f"{' and '.join(_article(t) + ' ' + t for t in others)}, "
                                          f"not {_article(param.entity_type)} {param.entity_type}")
        raise queries.UnknownEntity(param, name, self.closest_names(name, param.entity_type))

    def closest_names(self, name: str, type_: str | None = None, limit: int = 5) -> list[str]:
        """Names of entities (of one type, or of any) closest to `name`, which none goes by: those
        with a name or alias holding it, then those holding its longest prefix, so a shortened or
        mistyped name (西安科学, 合肥高新区域) is answered with what the graph calls it."""
        text = norm(name).replace("|", "")
        keys: list[str] = []
        for end in range(len(text), 1, -1):
            keys += [k for k in self.search_keys(text[:end], type_, limit) if k not in keys]
            if len(keys) >= limit:
                break
        names = {r["key"]: r["name"] for r in self.entities(keys[:limit])}
        return [names[k] for k in keys[:limit] if k in names]

    def warm(self) -> None:
        """Build now what the first search would otherwise wait for (a server calls this before
        it answers; nothing to do where the database indexes names itself)."""

    def search_keys(self, text: str, type_: str | None, limit: int) -> list[str]:
        """Keys of entities (of one type, or of any) with a name or alias containing `text`
        (normalised), at most `limit`, the ones named exactly `text` first."""
        found = self.read("search_entities", {"q": text, "prefix": f"{type_}|" if type_ else "", "candidates": limit})
        return list(dict.fromkeys([*self.entity_keys(text, type_), *(r["key"] for r in found)]))[:limit]

    def entity_keys(self, name: str, type_: str | None = None) -> list[str]:
        """The entities (of one type, or of any) that go by `name`, as their name or an alias."""
        return sorted(set(self._alias_owners([alias_id(t, name) for t in ([type_] if type_ else ENTITY_TYPES)])))

    def _alias_owners(self, ids: list[str]) -> list[str]:
        """The keys of the entities the alias ids among `ids` name."""
        return [r["key"] for r in self.read("alias_lookup", {"ids": ids})]

    # -- writing ----------------------------------------------------------------------------
    def upsert(self, articles: list[Article]) -> UpsertResult:
        """Store a batch of extracted articles in one transaction; articles already stored are
        left as they are, so feeding the same input twice changes nothing."""
        return self.write(lambda tx: self._upsert(tx, articles))

    def _upsert(self, tx: Tx, articles: list[Article], redo: bool = False) -> UpsertResult:
        """New rows are created in bulk (the batch's articles are all new, so are their mentions
        and supports); only entities and relationships that already exist are matched and updated.
        With `redo` (kg reextract), the articles are stored ones waiting for their facts: those
        still waiting get them, exactly as if they were new."""
        result = UpsertResult()
        self._lock(tx)
        ids = [a.id for a in articles]
        if redo:
            waiting = {r["id"] for r in self._run(tx, "articles_pending", {"ids": ids})}
            fresh = list({a.id: a for a in articles if a.id in waiting}.values())
        else:
            present = {r["id"] for r in self._run(tx, "articles_present", {"ids": ids})}
            fresh = list({a.id: a for a in articles if a.id not in present}.values())
        result.articles_unchanged = len(articles) - len(fresh)
        result.articles_new = len(fresh)
        if not fresh:
            return result
        keymap, known_aliases, stored_keys = self._resolve_keys(tx, fresh)
        created, updated = self._merged_entities(tx, fresh, keymap, stored_keys)
        result.entities_added, result.entities_updated = len(created), len(updated)
        self._run(tx, "create_entities", {"rows": [
            {"key": e.key, "type": e.type, "name": e.name, "aliases": e.aliases} for e in created]})
        self._run(tx, "update_entities", {"rows": [{"key": e.key, "name": e.name, "aliases": e.aliases} for e in updated]})
        self._rows_written(tx, "entities", (e.key for e in (*created, *updated)))
        aliases = {alias_id(e.type, n): e.key for e in (*created, *updated) for n in (e.name, *e.aliases)}
        new_aliases = [(i, k) for i, k in aliases.items() if i not in known_aliases]
        self._run(tx, "create_aliases", {"rows": [{"id": i, "key": k} for i, k in new_aliases]})
        self._rows_written(tx, "aliases", (i for i, _ in new_aliases))
        if redo:  # the extractor is recorded on the articles by finish_redo
            self._run(tx, "create_redone", {"rows": [{"id": a.id, "extractor": a.extractor} for a in fresh]})
        else:
            now = datetime.now(timezone.utc).isoformat(timespec="seconds")
            last = self._run(tx, "article_seq", {})[0]["seq"]
            first = 0 if last is None else last + 1  # the order articles came in: kg reextract keeps it
            self._run(tx, "create_articles", {"rows": [
                {"id": a.id, "source": a.source, "title": a.title, "date": a.date, "ingested_at": now, "text": a.text,
                 "extractor": a.extractor, "seq": first + i, "residue": json.dumps(a.residue) if a.residue else None}
                for i, a in enumerate(fresh)]})
            self._rows_written(tx, "articles", (a.id for a in fresh))
        mentions: dict[tuple[str, str], int] = defaultdict(int)
        for a in fresh:
            for e in a.entities:
                mentions[(a.id, keymap[e.key])] += e.mentions
        self._run(tx, "create_mentions", {"rows": [{"from": a, "to": k, "count": n} for (a, k), n in mentions.items()]})
        self._upsert_relations(tx, fresh, keymap, stored_keys, result)
        return result

    def _rows_written(self, tx: Tx, kind: str, ids: Iterable[str]) -> None:
        """Told what a transaction creates, changes or deletes, for a store that keeps its own
        in-memory copies in step once it commits: `kind` "entities" (by key), "articles" (by
        id), "aliases" (by alias id) or "relations" (by the key of the entity they go out of)."""

    def _lock(self, tx: Tx) -> None:
        self._run(tx, "take_write_lock", {"at": datetime.now(timezone.utc).isoformat()})

    def _resolve_keys(self, tx: Tx, articles: list[Article]) -> tuple[dict[str, str], set[str], set[str]]:
        """Provisional key → stored key: an entity joins the node that already has one of its
        names (same type), in the store or earlier in this batch. Also returns the alias ids
        the store already holds and the keys of stored nodes the batch touches (every other
        key is new, so nothing about it needs looking up)."""
        ids = sorted({alias_id(e.type, n) for a in articles for e in a.entities for n in (e.name, *e.aliases)})
        owner = {r["id"]: r["key"] for r in self._run(tx, "alias_lookup", {"ids": ids})}
        known = set(owner)
        stored = set(owner.values())
        keymap: dict[str, str] = {}
        for a in articles:
            for e in a.entities:
                names = [alias_id(e.type, n) for n in (e.name, *e.aliases)]
                key = keymap.get(e.key) or next((owner[i] for i in names if i in owner), e.key)
                keymap[e.key] = key
                for i in names:
                    owner.setdefault(i, key)
        return keymap, known, stored

    def _merged_entities(self, tx: Tx, articles: list[Article], keymap: dict[str, str],
                         stored_keys: set[str]) -> tuple[list[Entity], list[Entity]]:
        """Nodes to create, and stored nodes whose name or aliases grow: a fuller name as written
        upgrades `name`, the key stays."""
        stored = {r["key"]: r for r in self._run(tx, "entities_by_key", {"keys": sorted(stored_keys)})}
        merged: dict[str, Entity] = {k: Entity(k, r["type"], r["name"], sorted(r["aliases"] or [])) for k, r in stored.items()}
        for a in articles:
            for e in a.entities:
                key = keymap[e.key]
                cur = merged.setdefault(key, Entity(key, e.type, e.name, []))
                names = {cur.name, *cur.aliases, e.name, *e.aliases}
                if len(norm(e.name)) > len(norm(cur.name)):
                    cur.name = e.name
                cur.aliases = sorted(names - {cur.name})
        created = [e for k, e in merged.items() if k not in stored]
        updated = [e for k, e in merged.items() if k in stored
                   and (e.name, e.aliases) != (stored[k]["name"], sorted(stored[k]["aliases"] or []))]
        return created, updated

    def _upsert_relations(self, tx: Tx, articles: list[Article], keymap: dict[str, str], stored_keys: set[str],
                          result: UpsertResult) -> None:
        """One row per relationship of the batch, with every support the batch brings it; only
        one between two stored nodes can exist already."""
        by_type: dict[str, dict[tuple[str, str], dict]] = defaultdict(dict)
        for a in articles:
            for r in a.relations:
                src, dst = keymap[r.src], keymap[r.dst]
                row = by_type[r.type].setdefault((src, dst), {
                    "from": src, "to": dst, "articles": [], "sentences": [], "char_starts": [], "char_ends": [],
                    "methods": [], "confidences": [], "confidence": 0.0,
                    **dict.fromkeys(RELATION_PROPERTIES)})
                sup = r.support
                for field_, value in (("articles", a.id), ("sentences", sup.sentence), ("char_starts", sup.start),
                                      ("char_ends", sup.end), ("methods", sup.method), ("confidences", sup.confidence)):
                    row[field_].append(value)
                row["confidence"] = max(row["confidence"], sup.confidence)
                for prop in RELATION_PROPERTIES:
                    if row[prop] is None and r.props.get(prop) is not None:
                        row[prop] = r.props[prop]
        for rel_type, rows in by_type.items():
            pairs = [{"from": s, "to": d} for s, d in rows if s in stored_keys and d in stored_keys]
            existing = {(r["from"], r["to"]): set(r["articles"])
                        for r in self._run_typed(tx, "relations_present", rel_type, {"rows": pairs})}
            result.relations_added += len(rows) - len(existing)
            result.relations_supported += len(existing)
            self._run_typed(tx, "create_relations", rel_type, {"rows": [r for k, r in rows.items() if k not in existing]})
            more = [_new_supports(r, existing[k]) for k, r in rows.items() if k in existing]
            self._run_typed(tx, "support_relations", rel_type, {"rows": [r for r in more if r["articles"]]})
            self._rows_written(tx, "relations", (src for src, _ in rows))

    def retract(self, article_id: str) -> RetractResult:
        """Remove one article's support; relationships and entities nothing else supports go."""
        return self.write(lambda tx: self._retract(tx, article_id))

    def _retract(self, tx: Tx, article_id: str) -> RetractResult:
        result = RetractResult()
        self._lock(tx)
        if not self._run(tx, "articles_present", {"ids": [article_id]}):
            return result
        result.found = True
        mentioned = [r["key"] for r in self._run(tx, "article_entities", {"id": article_id})]
        by_type: dict[str, list[dict]] = defaultdict(list)
        for r in self._run(tx, "article_relations", {"id": article_id}):
            by_type[r["type"]].append({"from": r["from"], "to": r["to"]})
        for rel_type, rows in by_type.items():
            keep, drop = [], []
            for r in self._run_typed(tx, "relation_supports", rel_type, {"rows": rows}):
                others = [i for i, art in enumerate(r["articles"]) if art != article_id]
                row = {"from": r["from"], "to": r["to"], **{f: [r[f][i] for i in others] for f in _SUPPORT_FIELDS}}
                (keep if others else drop).append(row)
            self._run_typed(tx, "set_relation_supports", rel_type, {"rows": keep})
            self._run_typed(tx, "delete_relations", rel_type, {"rows": [{"from": r["from"], "to": r["to"]} for r in drop]})
            self._rows_written(tx, "relations", (r["from"] for r in rows))
            result.relations_kept += len(keep)
            result.relations_deleted += len(drop)
        self._run(tx, "delete_article", {"id": article_id})
        self._rows_written(tx, "articles", [article_id])
        gone = self._run(tx, "unmentioned_entities", {"keys": mentioned})
        dropped = [alias_id(e["type"], n) for e in gone for n in (e["name"], *(e["aliases"] or []))]
        self._run(tx, "delete_aliases", {"ids": dropped})
        self._rows_written(tx, "aliases", dropped)
        self._run(tx, "delete_entities", {"keys": [e["key"] for e in gone]})
        self._rows_written(tx, "entities", (e["key"] for e in gone))
        result.entities_deleted = len(gone)
        return result

    def clear(self) -> None:
        """Delete the whole graph (to rebuild it from the articles, or between tests)."""
        while self.write(lambda tx: self._run(tx, "clear_all", {"limit": 20_000})[0]["deleted"]):
            pass

    def load(self, statement: str, rows: dict[str, list[dict]]) -> None:
        """Create restored rows (kg restore) with a create statement in one transaction: `rows`
        by relationship type for one that runs per type, under "" otherwise."""
        def work(tx: Tx) -> None:
            self._lock(tx)
            for rel_type, batch in rows.items():
                if rel_type:
                    self._run_typed(tx, statement, rel_type, {"rows": batch})
                else:
                    self._run(tx, statement, {"rows": batch})
        self.write(work)

    # -- re-extraction (kg/reextract.py runs these in order) -------------------------------------
    def meta(self) -> dict[str, str]:
        """The store's own bookkeeping (versions, a re-extraction under way), key -> value."""
        return {r["k"]: r["v"] for r in self.read("meta_get")}

    def set_meta(self, key: str, value: str) -> None:
        """Set one bookkeeping entry, under the write lock."""
        def work(tx: Tx) -> None:
            self._lock(tx)
            self._run(tx, "meta_set", {"rows": [{"k": key, "v": value}]})
        self.write(work)

    def mark_pending(self, meta_key: str, meta_value: str) -> int:
        """Every article is to be redone (its extractor unset), recorded with `meta_key` in the
        same transaction, so a rerun knows a re-extraction is under way. Returns the articles."""
        def work(tx: Tx) -> int:
            self._lock(tx)
            self._run(tx, "meta_set", {"rows": [{"k": meta_key, "v": meta_value}]})
            self._run(tx, "delete_redone", {})  # marks of an earlier run's articles
            return self._run(tx, "mark_articles_pending", {})[0]["n"]
        return self.write(work)

    def clear_facts(self, limit: int = 20_000) -> int:
        """Delete up to `limit` entities and aliases with their relationships and mentions, keeping
        the articles; returns how many nodes went (0: none are left)."""
        def work(tx: Tx) -> int:
            self._lock(tx)
            return self._run(tx, "clear_facts", {"limit": limit})[0]["deleted"]
        return self.write(work)

    def pending(self, limit: int) -> list[dict]:
        """The next `limit` articles waiting for their facts, in the order they were first stored:
        id, source, title, date, text."""
        done = {r["id"] for r in self.read("redone_ids")}
        ids = [r["id"] for r in self.read("waiting_articles") if r["id"] not in done][:limit]
        rows = {r["id"]: r for r in self.read("article_texts", {"ids": ids})}
        return [rows[i] for i in ids]

    def redo(self, articles: list[Article]) -> UpsertResult:
        """Give waiting articles their new facts in one transaction, marked Redone with them
        (ones no longer waiting are left alone, so a retried or repeated batch changes nothing)."""
        return self.write(lambda tx: self._upsert(tx, articles, redo=True))

    def finish_redo(self, meta_key: str) -> None:
        """Every article marked Redone records the extractor that redid it, the marks and the
        bookkeeping entry go: one transaction of updates, which Ladybug logs."""
        def work(tx: Tx) -> None:
            self._lock(tx)
            self._run(tx, "finish_redone", {})
            self._run(tx, "delete_redone", {})
            self._run(tx, "meta_delete", {"k": meta_key})
        self.write(work)

    # -- reading ----------------------------------------------------------------------------
    def version(self) -> str:
        """What names the stored graph as it is now: every write transaction sets it
        (`take_write_lock`), so an index built from one version is known to be out of date
        once it differs. Empty for a store nothing was written to."""
        return next((r["v"] for r in self.read("meta_get") if r["k"] == "writer"), "")

    def stats(self) -> dict:
        """Counts by node label and relationship type."""
        entities = {r["type"]: r["n"] for r in self.read("stats_entities")}
        rels = [r for r in self.read("stats_relations") if r["type"] in RELATION_TYPES]
        return {"articles": self.read("stats_counts")[0]["articles"], "supports": sum(int(r["supports"]) for r in rels),
                "entities": dict(sorted(entities.items())), "relations": dict(sorted((r["type"], r["n"]) for r in rels))}

    def extractors(self) -> dict[str, int]:
        """How many articles each extractor version produced the facts of ("none": articles
        waiting for kg reextract, or stored before versions were recorded)."""
        return dict(sorted((r["extractor"] or "none", r["n"]) for r in self.read("stats_extractors")))

    def subgraph(self, keys: Iterable[str] | None = None, depth: int = 1, *, limit: int = 100_000,
                 rel_types: Iterable[str] = RELATION_TYPES, evidence: bool = True) -> Subgraph:
        """The whole graph, or the neighbourhood of `keys` up to `depth` hops over `rel_types`,
        at most `limit` entities (`capped` says when more were in reach). Edges carry their
        properties and `supports` (how many articles assert them); with `evidence`, also the
        per-support lists (articles, sentences, offsets, rules, confidences)."""
        graph = Subgraph()
        types = [t for t in RELATION_TYPES if t in set(rel_types)]
        if keys is None:
            rows = self.read("all_entities")
            edges = [_counted(e) for e in self.read("all_relations")]
        else:
            found = list(dict.fromkeys(keys))
            seen, frontier = set(found), found
            for _ in range(depth):
                if not frontier or not types:
                    break
                ask = 4 * limit + 64  # rows repeat far ends; a full answer means there may be more
                near = self._near(frontier, types, ask)
                graph.capped |= len(near) >= ask
                frontier = []
                for _, far in near:
                    if far in seen:
                        continue
                    if len(found) >= limit:
                        graph.capped = True
                        break
                    seen.add(far)
                    found.append(far)
                    frontier.append(far)
            rows = self.entities(found)
            edges = self._among(found, evidence)
        for r in rows:
            graph.nodes[r["key"]] = {"type": r["type"], "name": r["name"], "aliases": list(r["aliases"] or [])}
        graph.edges = [e for e in edges if e["type"] in types]
        return graph

    def _near(self, keys: list[str], types: list[str], limit: int) -> list[tuple[str, str]]:
        """(entity, neighbour) pairs one hop from `keys` over `types`, at most `limit`."""
        return [(r["near"], r["far"]) for r in self.read("neighbour_relations", {"keys": keys, "types": types,
                                                                                 "limit": limit})]

    def _among(self, keys: list[str], evidence: bool) -> list[dict]:
        """The relationships between entities of `keys` (with their supports' lists if `evidence`)."""
        return [_counted(e) for e in self.read("relations_among", {"keys": keys})]

    def within(self, key: str, radius: int) -> set[str]:
        """The entity and those at most `radius` (0 to 2) hops from it. Every path of at most
        2r hops has a middle entity within r of both ends, so two such sets that do not meet mean
        there is no path, which is much cheaper to learn this way than from the path search."""
        near = self.read("entities_within", {"key": key, "radius": radius}) if radius else []
        return {key, *(r["key"] for r in near)}


def _check_all(read: Callable[[str], Iterator[dict]], where: str) -> dict[str, int]:
    """GraphStore.check over one snapshot."""
    problems: list[str] = []
    entities = {r["key"] for r in read("all_entities")}
    counts = {"entities": len(entities), "aliases": 0, "articles": 0, "mentions": 0, "relations": 0, "supports": 0}
    for r in read("all_aliases"):
        counts["aliases"] += 1
        if r["key"] not in entities:
            problems.append(f"alias {r['id']} names no stored entity")
    texts = {}
    for r in read("all_articles"):
        texts[r["id"]] = r["text"] or ""
    counts["articles"] = len(texts)
    for r in read("all_mentions"):
        counts["mentions"] += 1
        if r["from"] not in texts or r["to"] not in entities:
            problems.append(f"a mention of {r['to']} in {r['from']} names no stored article or entity")
    for r in read("all_relations"):
        counts["relations"] += 1
        name = f"{r['src']} -{r['type']}-> {r['dst']}"
        lists = [r[f] or [] for f in _SUPPORT_FIELDS]
        if len({len(v) for v in lists}) != 1 or not lists[0]:
            problems.append(f"{name} has support lists of different lengths, or none")
            continue
        for article, sentence, start, end in zip(*lists[:4]):
            counts["supports"] += 1
            if article not in texts:
                problems.append(f"{name} cites article {article}, which is not stored")
            elif texts[article][start:end] != sentence:
                problems.append(f"{name}: its evidence is not at {start}-{end} of article {article}")
    if problems:
        more = f", and {len(problems) - 1} more problem(s)" if len(problems) > 1 else ""
        raise damaged(where, problems[0] + more)
    return counts


def _article(word: str) -> str:
    return "an" if word[0] in "AEIOU" else "a"


def _counted(edge: dict) -> dict:
    return {**edge, "supports": len(edge["articles"])}


def _new_supports(row: dict, stored: set[str]) -> dict:
    """A relationship's supports from this batch minus those of articles it already holds. An
    embedded store killed while a commit's checkpoint ran keeps the batch's logged updates (these
    supports) but loses its bulk-created rows (its articles), so the rerun brings them again."""
    keep = [i for i, a in enumerate(row["articles"]) if a not in stored]
    return {**{f: [row[f][i] for i in keep] for f in _SUPPORT_FIELDS},
            **{f: row[f] for f in ("from", "to", "confidence", "date", "kind", "role")}}


def refuse_unless_empty(store: GraphStore, force: bool) -> None:
    """kg restore replaces a graph only when told to (--force), unless it is empty."""
    s = store.stats()
    entities = sum(s["entities"].values())
    if (s["articles"] or entities) and not force:
        raise StoreError(f"the graph at {store.location} is not empty ({s['articles']} articles, {entities} "
                         f"entities); --force replaces it with the backup")


def is_neo4j_uri(uri: str) -> bool:
    """Does `uri` name a Neo4j server? Anything else is taken for the path of an embedded store."""
    return uri.split("://", 1)[0] in ("bolt", "neo4j", "bolt+s", "bolt+ssc", "neo4j+s", "neo4j+ssc")


def open_store(uri: str | None = None, *, read_only: bool = False, database: str | None = None) -> GraphStore:
    """A store by URI: bolt://, neo4j:// (and +s/+ssc) for Neo4j, anything else is the path of a Ladybug store."""
    uri = uri or os.environ.get("KG_STORE") or DEFAULT_STORE
    if is_neo4j_uri(uri):
        from .neo4j_store import Neo4jStore

        return Neo4jStore(uri, database=database, read_only=read_only)
    from .ladybug_store import LadybugStore

    return LadybugStore(uri, read_only=read_only)
