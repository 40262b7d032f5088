"""园区链图 parkgraph: the graph model, its stores and their exports.

    from kg import open_store, to_networkx
    with open_store("./kg-data", read_only=True) as store:
        g = to_networkx(store)
"""
from __future__ import annotations

from typing import Any

__all__ = ["open_store", "to_networkx"]


def __getattr__(name: str) -> Any:
    # Imported on first use so that `kg.ontology` stays cheap for the extractor.
    if name == "open_store":
        from .store import open_store

        return open_store
    if name == "to_networkx":
        from .export import to_networkx

        return to_networkx
    raise AttributeError(name)
