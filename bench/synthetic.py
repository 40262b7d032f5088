"""A synthetic corpus shaped like the extractor's real output, for the benchmarks.

The sample page's articles (`kg extract` JSON) are copied with entity names made unique per
copy, so each copy adds new entities, relationships, supports and mentions as a new page would.
With `hubs`, parks, chains, universities, institutes, labs, organisations and regions are shared
between copies (copy n uses hub n % hubs), so the graph has the well-connected places a real
one has instead of a million islands.
"""
from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

from kg.ontology import CHAIN, INSTITUTE, LAB, ORGANIZATION, PARK, REGION, UNIVERSITY

ROOT = Path(__file__).resolve().parent.parent
HUB_TYPES = frozenset({PARK, CHAIN, UNIVERSITY, INSTITUTE, LAB, ORGANIZATION, REGION})


def sample_page() -> list[dict]:
    """The sample page as `kg extract` writes it, one dict per article."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    from extract.extractor import Extractor
    from extract.normalize import decode

    raw = (ROOT / "data" / "samples" / "seed-page.txt").read_bytes()
    return [a.to_dict() for a in Extractor().extract(decode(raw), "seed-page.txt")]


def corpus(relations: int, hubs: int | None = None) -> list[dict]:
    """Copies of the sample page holding at least `relations` distinct relationships (with
    hubs, copies repeat some relationships between hubs: those count once)."""
    return list(copies(relations, hubs))


def copies(relations: int, hubs: int | None = None) -> Iterator[dict]:
    """The same corpus article by article, made as it is read: a 10M-relationship corpus held
    whole would take ~65 GB. A copy shares its relations and other fields with the page (only
    the entities differ), so nothing downstream may change an article in place."""
    page = sample_page()
    fresh, hub_only = _distinct_per_copy(page, hubs)
    distinct, n = 0, 0
    while distinct < relations:
        for a in page:
            b = dict(a)
            b["doc_id"] = f"{a['doc_id']}-{n}"
            b["entities"] = [_renamed(e, n % hubs if hubs and e["type"] in HUB_TYPES else n) for e in a["entities"]]
            yield b
        # A relationship between two hubs is new only in the first `hubs` copies; any other is
        # new in every copy (its non-hub end is named after the copy).
        distinct += fresh + (hub_only if not hubs or n < hubs else 0)
        n += 1


def _renamed(entity: dict, tag: int) -> dict:
    return {**entity, "name": f"{entity['name']}#{tag}", "aliases": [f"{x}#{tag}" for x in entity["aliases"]]}


def _distinct_per_copy(page: list[dict], hubs: int | None) -> tuple[int, int]:
    """How many distinct relationships one copy of the page holds with a non-hub end, and how
    many between two hubs (the page's articles may repeat a relationship: it counts once)."""
    fresh, hub_only = set(), set()
    for a in page:
        ends = {e["id"]: (e["type"], e["name"]) for e in a["entities"]}
        for r in a["relations"]:
            key = (r["type"], ends[r["source"]], ends[r["target"]])
            both_hubs = bool(hubs) and ends[r["source"]][0] in HUB_TYPES and ends[r["target"]][0] in HUB_TYPES
            (hub_only if both_hubs else fresh).add(key)
    return len(fresh), len(hub_only)
