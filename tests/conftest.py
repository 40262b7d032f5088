from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "samples" / "seed-page.txt"
GOLD = ROOT / "data" / "samples" / "seed-page.gold.json"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def extractor():
    from extract.extractor import Extractor

    return Extractor()


@pytest.fixture(scope="session")
def sample_articles(extractor):
    from extract.normalize import decode

    return [a.to_dict() for a in extractor.extract(decode(SAMPLE.read_bytes()), str(SAMPLE))]


def facts(extractor, text: str) -> tuple[dict[str, str], set[tuple]]:
    """Entities (name -> type, Regions left out) and relations (source, type, target, props) of one article."""
    art = extractor.article(text, "test").to_dict()
    names = {e["id"]: e["name"] for e in art["entities"]}
    ents = {e["name"]: e["type"] for e in art["entities"] if e["type"] != "Region"}
    rels = {(names[r["source"]], r["type"], names[r["target"]], tuple(sorted(r["properties"].items())))
            for r in art["relations"]}
    return ents, rels
