"""One graph-store interface over the embedded Ladybug database and Neo4j.

The graph logic (how an article's entities find their existing nodes, how supports are
counted, how a retraction cascades) is written once here, as named statements run inside one
write transaction; a backend supplies only the connection, the transaction and its dialect.
"""
from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Protocol, TypeVar

from . import cypher
from .model import Article, Entity, alias_id, norm
from .ontology import RELATION_TYPES

T = TypeVar("T")
DEFAULT_STORE = "./kg-data"


class StoreError(RuntimeError):
    """A store that cannot be used as asked; the message says why and what to do."""


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


class GraphStore(ABC):
    """The interface every store offers; subclasses implement the four abstract methods."""

    dialect: str

    @abstractmethod
    def write(self, work: Callable[[Tx], T]) -> T:
        """Run `work` in one write transaction: all of it is stored or none (retried if transient)."""

    @abstractmethod
    def read_rows(self, statement: str, params: dict) -> list[dict]:
        """Run a read statement (already loaded and checked)."""

    @abstractmethod
    def cypher_readonly(self, query: str, params: dict | None = None) -> list[dict]:
        """A researcher's own query, in a session the database itself keeps read-only."""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> "GraphStore":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -- statements -------------------------------------------------------------------------
    def _run(self, tx: Tx, name: str, params: dict) -> list[dict]:
        if cypher.per_type(name, self.dialect):
            raise cypher.QueryError(f"{name} runs per relationship type")
        return self._execute(tx.run, cypher.text(name, self.dialect), params)

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
        return self._execute(self.read_rows, cypher.text(name, self.dialect), params or {})

    # -- writing ----------------------------------------------------------------------------
    def upsert(self, articles: list[Article]) -> UpsertResult:
        """Store a batch of extracted articles in one transaction; articles already stored are
        left as they are, so feeding the same input twice changes nothing."""
        return self.write(lambda tx: self._upsert(tx, articles))

    def _upsert(self, tx: Tx, articles: list[Article]) -> UpsertResult:
        result = UpsertResult()
        present = {r["id"] for r in self._run(tx, "articles_present", {"ids": [a.id for a in articles]})}
        seen: set[str] = set()
        fresh = []
        for a in articles:
            if a.id in present or a.id in seen:
                result.articles_unchanged += 1
            else:
                seen.add(a.id)
                fresh.append(a)
        if not fresh:
            return result
        result.articles_new = len(fresh)
        keymap = self._resolve_keys(tx, fresh)
        entities = self._merged_entities(tx, fresh, keymap, result)
        self._run(tx, "upsert_entities", {"rows": [
            {"key": k, "type": e.type, "name": e.name, "aliases": e.aliases} for k, e in entities.items()]})
        self._run(tx, "upsert_aliases", {"rows": [
            {"id": alias_id(e.type, n), "key": k} for k, e in entities.items() for n in (e.name, *e.aliases)]})
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        self._run(tx, "upsert_articles", {"rows": [
            {"id": a.id, "source": a.source, "title": a.title, "date": a.date, "ingested_at": now, "text": a.text}
            for a in fresh]})
        self._run(tx, "upsert_mentions", {"rows": [
            {"article": a.id, "key": keymap[e.key], "count": e.mentions} for a in fresh for e in a.entities]})
        self._upsert_relations(tx, fresh, keymap, result)
        return result

    def _resolve_keys(self, tx: Tx, articles: list[Article]) -> dict[str, str]:
        """Provisional key → stored key: an entity joins the node that already has one of its
        names (same type), in the store or earlier in this batch."""
        ids = sorted({alias_id(e.type, n) for a in articles for e in a.entities for n in (e.name, *e.aliases)})
        owner = {r["id"]: r["key"] for r in self._run(tx, "alias_lookup", {"ids": ids})}
        keymap: dict[str, str] = {}
        for a in articles:
            for e in a.entities:
                names = [alias_id(e.type, n) for n in (e.name, *e.aliases)]
                key = keymap.get(e.key) or next((owner[i] for i in names if i in owner), e.key)
                keymap[e.key] = key
                for i in names:
                    owner.setdefault(i, key)
        return keymap

    def _merged_entities(self, tx: Tx, articles: list[Article], keymap: dict[str, str],
                         result: UpsertResult) -> dict[str, Entity]:
        """Each touched node with its name upgraded to the most complete form and aliases joined."""
        keys = sorted(set(keymap.values()))
        stored = {r["key"]: r for r in self._run(tx, "entities_by_key", {"keys": keys})}
        merged: dict[str, Entity] = {}
        for key in keys:
            if key in stored:
                s = stored[key]
                merged[key] = Entity(key, s["type"], s["name"], list(s["aliases"] or []))
        for a in articles:
            for e in a.entities:
                key = keymap[e.key]
                cur = merged.setdefault(key, Entity(key, e.type, e.name, []))
                names = {cur.name, *cur.aliases, e.name, *e.aliases}
                if len(norm(e.name)) > len(norm(cur.name)):
                    cur.name = e.name  # a fuller name as written upgrades the node's name; the key stays
                cur.aliases = sorted(names - {cur.name})
        for key, e in merged.items():
            if key not in stored:
                result.entities_added += 1
            elif (e.name, e.aliases) != (stored[key]["name"], sorted(stored[key]["aliases"] or [])):
                result.entities_updated += 1
        return merged

    def _upsert_relations(self, tx: Tx, articles: list[Article], keymap: dict[str, str], result: UpsertResult) -> None:
        # One row per relationship: the batch's articles are all new (a batch commits whole), so
        # their ids are appended to the relationship's list without checking for repeats.
        by_type: dict[str, dict[tuple[str, str], dict]] = defaultdict(dict)
        supports, about = [], []
        for a in articles:
            for r in a.relations:
                src, dst = keymap[r.src], keymap[r.dst]
                row = by_type[r.type].setdefault((src, dst), {
                    "src": src, "dst": dst, "articles": [], "confidence": 0.0,
                    "date": None, "kind": None, "role": None, "rank": None, "year": None})
                if a.id not in row["articles"]:
                    row["articles"].append(a.id)
                row["confidence"] = max(row["confidence"], r.support.confidence)
                for prop in ("date", "kind", "role", "rank", "year"):
                    if row[prop] is None:
                        row[prop] = r.props.get(prop)
                sid = f"{a.id}|{src}|{r.type}|{dst}|{r.support.start}"
                supports.append({"id": sid, "src": src, "type": r.type, "dst": dst, "article": a.id,
                                 "sentence": r.support.sentence, "char_start": r.support.start, "char_end": r.support.end,
                                 "method": r.support.method, "confidence": r.support.confidence})
                about += [{"id": sid, "key": src}, {"id": sid, "key": dst}]
        for rel_type, rows in by_type.items():
            pairs = [{"src": s, "dst": d} for s, d in rows]
            existing = {(r["src"], r["dst"]) for r in self._run_typed(tx, "relation_articles", rel_type, {"rows": pairs})}
            result.relations_added += len(rows) - len(existing)
            result.relations_supported += len(existing)
            self._run_typed(tx, "upsert_relations", rel_type, {"rows": [
                {k: r[k] for k in ("src", "dst", "articles", "confidence", "date", "kind", "role")} for r in rows.values()]})
            # Numbers go separately, and only where given: Ladybug types a parameter column that is
            # all null as STRING, which an INT64 property refuses.
            for prop in ("rank", "year"):
                given = [{"src": r["src"], "dst": r["dst"], prop: r[prop]} for r in rows.values() if r[prop] is not None]
                if given:
                    self._run_typed(tx, f"set_relation_{prop}", rel_type, {"rows": given})
        unique = list({s["id"]: s for s in supports}.values())
        self._run(tx, "upsert_supports", {"rows": unique})
        self._run(tx, "link_supports", {"rows": [{"id": s["id"], "article": s["article"]} for s in unique]})
        self._run(tx, "link_support_entities", {"rows": list({(r["id"], r["key"]): r for r in about}.values())})

    def retract(self, article_id: str) -> RetractResult:
        """Remove one article's support; relationships and entities nothing else supports go."""
        return self.write(lambda tx: self._retract(tx, article_id))

    def _retract(self, tx: Tx, article_id: str) -> RetractResult:
        result = RetractResult()
        mentioned = [r["key"] for r in self._run(tx, "article_entities", {"id": article_id})]
        asserted = self._run(tx, "article_supports", {"id": article_id})
        result.found = bool(mentioned or asserted or self._run(tx, "articles_present", {"ids": [article_id]}))
        if not result.found:
            return result
        by_type: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for r in asserted:
            by_type[r["type"]].add((r["src"], r["dst"]))
        self._run(tx, "delete_article_supports", {"id": article_id})
        for rel_type, pairs in by_type.items():
            rows = [{"src": s, "dst": d} for s, d in pairs]
            keep, drop = [], []
            for r in self._run_typed(tx, "relation_articles", rel_type, {"rows": rows}):
                left = [x for x in r["articles"] if x != article_id]
                (keep if left else drop).append({"src": r["src"], "dst": r["dst"], "articles": left})
            if keep:
                self._run_typed(tx, "set_relation_articles", rel_type, {"rows": keep})
            if drop:
                self._run_typed(tx, "delete_relations", rel_type, {"rows": drop})
            result.relations_kept += len(keep)
            result.relations_deleted += len(drop)
        self._run(tx, "delete_article", {"id": article_id})
        gone = self._run(tx, "unmentioned_entities", {"keys": mentioned})
        if gone:
            self._run(tx, "delete_aliases", {"ids": [alias_id(e["type"], n) for e in gone
                                                     for n in (e["name"], *(e["aliases"] or []))]})
            self._run(tx, "delete_entities", {"keys": [e["key"] for e in gone]})
        result.entities_deleted = len(gone)
        return result

    def clear(self) -> None:
        """Delete the whole graph (to rebuild it from the articles, or between tests)."""
        self.write(lambda tx: self._run(tx, "clear_all", {}))

    # -- reading ----------------------------------------------------------------------------
    def stats(self) -> dict:
        """Counts by node label and relationship type."""
        entities = {r["type"]: r["n"] for r in self.read("stats_entities")}
        relations = {r["type"]: r["n"] for r in self.read("stats_relations") if r["type"] in RELATION_TYPES}
        counts = self.read("stats_counts")[0]
        return {"articles": counts["articles"], "supports": counts["supports"],
                "entities": dict(sorted(entities.items())), "relations": dict(sorted(relations.items()))}

    def subgraph(self, keys: Iterable[str] | None = None, depth: int = 1) -> Subgraph:
        """The whole graph, or the neighbourhood of `keys` up to `depth` hops."""
        graph = Subgraph()
        if keys is None:
            rows = self.read("all_entities")
            edges = self.read("all_relations")
        else:
            frontier = set(keys)
            found = set(frontier)
            for _ in range(depth):
                if not frontier:
                    break
                near = self.read("neighbour_relations", {"keys": sorted(frontier)})
                frontier = {r["far"] for r in near} - found
                found |= frontier
            rows = self.read("entities_by_key", {"keys": sorted(found)})
            edges = self.read("relations_among", {"keys": sorted(found)})
        for r in rows:
            graph.nodes[r["key"]] = {"type": r["type"], "name": r["name"], "aliases": list(r["aliases"] or [])}
        graph.edges = [e for e in edges if e["type"] in RELATION_TYPES]
        return graph

    def supports(self) -> list[dict]:
        return self.read("relation_supports")


def open_store(uri: str | None = None, *, read_only: bool = False, database: str | None = None) -> GraphStore:
    """A store by URI: bolt://, neo4j:// (and +s/+ssc) for Neo4j, anything else is a Ladybug directory."""
    uri = uri or os.environ.get("KG_STORE") or DEFAULT_STORE
    if uri.split("://", 1)[0] in ("bolt", "neo4j", "bolt+s", "bolt+ssc", "neo4j+s", "neo4j+ssc"):
        from .neo4j_store import Neo4jStore

        return Neo4jStore(uri, database=database, read_only=read_only)
    from .ladybug_store import LadybugStore

    return LadybugStore(uri, read_only=read_only)
