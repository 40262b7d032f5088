"""The graph out of the store: a networkx MultiDiGraph for notebooks, GraphML, JSON and CSV files."""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

import networkx as nx

from .model import RELATION_PROPERTIES
from .store import GraphStore

EDGE_FIELDS = ("articles", "confidence", *RELATION_PROPERTIES,
               "sentences", "char_starts", "char_ends", "methods", "confidences")


def to_networkx(store: GraphStore, keys: Iterable[str] | None = None, depth: int = 1) -> nx.MultiDiGraph:
    """The graph (or the neighbourhood of `keys` within `depth` hops) as a MultiDiGraph.

    Nodes are entity keys with `type`, `name`, `aliases`; edges are keyed by relationship type
    and carry the ids of the articles that assert them (`articles`) and their properties.
    """
    sub = store.subgraph(keys, depth)
    g = nx.MultiDiGraph()
    for key, attrs in sub.nodes.items():
        g.add_node(key, **attrs)
    for e in sub.edges:
        attrs = {k: e[k] for k in EDGE_FIELDS if e.get(k) is not None}
        g.add_edge(e["src"], e["dst"], key=e["type"], type=e["type"], **attrs)
    return g


def _flat(value: object) -> object:
    """A list property as one '|'-joined string: GraphML and CSV have no list type."""
    return "|".join(map(str, value)) if isinstance(value, list) else value


def graphml(g: nx.MultiDiGraph) -> str:
    """GraphML, with list attributes joined by '|'."""
    flat = nx.MultiDiGraph()
    for n, d in g.nodes(data=True):
        flat.add_node(n, **{k: _flat(v) for k, v in d.items()})
    for u, v, k, d in g.edges(keys=True, data=True):
        flat.add_edge(u, v, key=k, **{a: _flat(x) for a, x in d.items()})
    buf = io.BytesIO()
    nx.write_graphml(flat, buf, encoding="utf-8")  # names as UTF-8 text, not character references
    return buf.getvalue().decode("utf-8")


def as_json(g: nx.MultiDiGraph) -> str:
    return json.dumps(nx.node_link_data(g, edges="edges"), ensure_ascii=False, indent=1)


def as_csv(g: nx.MultiDiGraph) -> tuple[str, str]:
    """Two CSV tables: nodes (key, type, name, aliases) and edges (source, type, target, …)."""
    nodes, edges = io.StringIO(), io.StringIO()
    w = csv.writer(nodes)
    w.writerow(["key", "type", "name", "aliases"])
    for n, d in g.nodes(data=True):
        w.writerow([n, d.get("type"), d.get("name"), _flat(d.get("aliases", []))])
    w = csv.writer(edges)
    w.writerow(["source", "type", "target", *EDGE_FIELDS])
    for u, v, d in g.edges(data=True):
        w.writerow([u, d["type"], v, *(_flat(d.get(f, "")) for f in EDGE_FIELDS)])
    return nodes.getvalue(), edges.getvalue()
