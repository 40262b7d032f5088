"""A synthetic corpus shaped like the extractor's real output, for the benchmarks.

The sample page's articles (`kg extract` JSON) are copied with entity names made unique per
copy, so each copy adds new entities, relationships, supports and mentions as a new page would.
With `hubs`, parks, chains, universities, institutes, labs, organisations and regions are shared
between copies (copy n uses hub n % hubs), so the graph has the well-connected places a real
one has instead of a million islands.
"""
from __future__ import annotations

import copy
import logging
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
    page = sample_page()
    out = []
    distinct: set[tuple[str, str, str]] = set()
    n = 0
    while len(distinct) < relations:
        for a in page:
            b = copy.deepcopy(a)
            b["doc_id"] = f"{a['doc_id']}-{n}"
            for e in b["entities"]:
                tag = n % hubs if hubs and e["type"] in HUB_TYPES else n
                e["name"] = f"{e['name']}#{tag}"
                e["aliases"] = [f"{x}#{tag}" for x in e["aliases"]]
            names = {e["id"]: (e["type"], e["name"]) for e in b["entities"]}
            distinct.update((r["type"], names[r["source"]], names[r["target"]]) for r in b["relations"])
            out.append(b)
        n += 1
    return out
