"""What a researcher looks at: entity search, an entity's card with its evidence, its
neighbourhood, the paths between two entities, an article.

Every fact comes back with the sentences and articles that assert it, so an answer can always
be traced to its source. The API and the explorer page are thin over these functions.
"""
from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable

from . import queries
from .model import RELATION_PROPERTIES, norm
from .ontology import RELATION_TYPES
from .store import GraphStore, Subgraph

SEARCH_CANDIDATES = 2000  # matches ranked per search; more specific text finds the rest
ANSWER_ROWS_DRAWN = 200  # rows of a named query's answer whose entities are drawn


def search(store: GraphStore, q: str, type_: str | None = None, limit: int = 20, offset: int = 0) -> dict:
    """Entities whose name or an alias contains `q`: exact names first, then prefixes, then
    other matches; shorter (more specific) names before longer ones."""
    q = unicodedata.normalize("NFKC", q).strip()
    found = store.search_keys(norm(q).replace("|", ""), type_, SEARCH_CANDIDATES)
    rows = store.entities(found)

    def rank(r: dict) -> tuple:
        names = [r["name"], *(r["aliases"] or [])]
        how = 0 if q in names else 1 if any(n.startswith(q) for n in names) else 2
        return how, len(r["name"]), r["name"]

    rows.sort(key=rank)
    return {"total": len(rows), "complete": len(found) < SEARCH_CANDIDATES,
            "items": [_entity(r) for r in rows[offset:offset + limit]]}


def card(store: GraphStore, key: str) -> dict | None:
    """An entity with its aliases, its relationships grouped by type, and the evidence for each."""
    found = store.entities([key])
    if not found:
        return None
    rels = store.entity_relations(key)
    articles = _articles(store, (a for r in rels for a in r["articles"]))
    grouped: dict[str, list[dict]] = defaultdict(list)
    for r in sorted(rels, key=lambda r: (r["type"], r["other_name"])):
        grouped[r["type"]].append({
            "direction": r["direction"],
            "other": {"id": r["other"], "name": r["other_name"], "type": r["other_type"]},
            **_facts(r, articles)})
    return {**_entity(found[0]), "relationships": dict(grouped),
            "articles": sorted(articles.values(), key=lambda a: a["date"] or "", reverse=True)}


def neighbours(store: GraphStore, key: str, depth: int = 1, rel_types: Iterable[str] = RELATION_TYPES,
               limit: int = 200) -> dict | None:
    """The neighbourhood as nodes and edges, at most `limit` nodes (`capped` says if more were near)."""
    sub = store.subgraph([key], depth, limit=limit, rel_types=rel_types, evidence=False)
    if key not in sub.nodes:
        return None
    return {"center": key, "depth": depth, "limit": limit, "capped": sub.capped, **_drawn(sub)}


def answer(store: GraphStore, name: str, raw: dict[str, object]) -> dict:
    """A named query's answer as rows and as a graph: the entities its entity parameters name
    and those its cells name (a cell that is an entity's name or alias, in the first rows),
    with the relationships among them, so "who settled in 西安科学园" draws the park and its labs."""
    rows = store.named_query(name, raw)
    given = [str(raw[p.name]) for p in queries.get(name).params if p.type == "entity"]
    cells = [v for r in rows[:ANSWER_ROWS_DRAWN] for v in r.values() if isinstance(v, str) and v]
    keys = [k for text in dict.fromkeys([*given, *cells]) for k in store.entity_keys(text)]
    return {"columns": list(rows[0]) if rows else [], "rows": rows, "truncated": False,
            **_drawn(store.subgraph(keys, 0, evidence=False))}


def _drawn(sub: Subgraph) -> dict:
    """Nodes and edges as the explorer draws them (an edge's `articles` is how many assert it)."""
    return {"nodes": [{"id": k, **v} for k, v in sub.nodes.items()],
            "edges": [{"source": e["src"], "target": e["dst"], "type": e["type"], "articles": e["supports"],
                       **{p: e.get(p) for p in RELATION_PROPERTIES}} for e in sub.edges]}


def paths(store: GraphStore, src: str, dst: str, max_hops: int = 4, limit: int = 10) -> list[dict] | None:
    """The shortest paths between two entities (up to 4 hops), each edge with its evidence.
    None when either entity does not exist."""
    if len(store.entities([src, dst])) < len({src, dst}):
        return None
    if not store.within(src, (max_hops + 1) // 2) & store.within(dst, max_hops // 2):
        return []  # no entity is near enough to both: no path of at most max_hops
    found = store.read("shortest_paths", {"from": src, "to": dst, "max_hops": max_hops, "limit": limit})
    keys = sorted({k for p in found for k in p["keys"]})
    if not keys:
        return []
    nodes = {r["key"]: _entity(r) for r in store.entities(keys)}
    edges = store.read("relations_among", {"keys": keys})
    articles = _articles(store, (a for e in edges for a in e["articles"]))
    between: dict[frozenset, list[dict]] = defaultdict(list)
    for e in edges:
        between[frozenset((e["src"], e["dst"]))].append(e)
    out = []
    for p in found:
        hops = [{"source": e["src"], "target": e["dst"], "type": e["type"], **_facts(e, articles)}
                for a, b in zip(p["keys"], p["keys"][1:]) for e in between[frozenset((a, b))]]
        out.append({"length": len(p["keys"]) - 1, "nodes": [nodes[k] for k in p["keys"]], "edges": hops})
    return out


def article(store: GraphStore, article_id: str) -> dict | None:
    rows = store.read("article", {"id": article_id})
    return rows[0] if rows else None


def _entity(r: dict) -> dict:
    return {"id": r["key"], "type": r["type"], "name": r["name"], "aliases": list(r["aliases"] or [])}


def _articles(store: GraphStore, ids: Iterable[str]) -> dict[str, dict]:
    return {r["id"]: r for r in store.article_refs(ids)}


def _facts(r: dict, articles: dict[str, dict]) -> dict:
    """A relationship's properties and its supports (one per asserting article), newest first."""
    supports = [{"article": articles.get(a, {"id": a, "title": None, "date": None, "source": None}), "sentence": s, "start": b, "end": e, "method": m,
                 "confidence": c}
                for a, s, b, e, m, c in zip(r["articles"], r["sentences"], r["char_starts"], r["char_ends"],
                                            r["methods"], r["confidences"])]
    supports.sort(key=lambda s: s["article"].get("date") or "", reverse=True)
    return {"properties": {p: r[p] for p in RELATION_PROPERTIES if r.get(p) is not None},
            "confidence": r["confidence"], "supports": supports}
