from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "samples" / "seed-page.txt"
GOLD = ROOT / "data" / "samples" / "seed-page.gold.json"
SHARED = ROOT.parent / "shared"

#: Store backends a test runs against: the embedded store always, Neo4j when NEO4J_URI is set
#: (.ci/run starts one with scripts/neo4j-test-server).
BACKENDS = ["ladybug", pytest.param("neo4j", marks=pytest.mark.skipif(
    not os.environ.get("NEO4J_URI"), reason="NEO4J_URI not set: start one with scripts/neo4j-test-server start"))]


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
