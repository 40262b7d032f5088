"""docs/querying.md's examples, run on the sample graph (`kg ingest data/samples/`) in both stores:
every answer the guide prints is what the embedded store answers today, and Neo4j answers the same
rows. When the extractor changes what the sample page yields, scripts/render_querying.py
rewrites the answers."""
from __future__ import annotations

import os
import sys

import pytest

from conftest import NEO4J_SKIP, ROOT
from kg.store import open_store

sys.path.insert(0, str(ROOT / "scripts"))
from render_querying import GUIDE, examples, ingest_sample, render  # noqa: E402


@pytest.fixture(scope="module")
def sample_graph(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("guide") / "graph")
    ingest_sample(path)
    return path


def test_the_guide_prints_what_the_sample_graph_answers(sample_graph):
    guide = GUIDE.read_text(encoding="utf-8")
    assert len(examples(guide)) >= 12
    with open_store(sample_graph, read_only=True) as store:
        assert render(guide, store) == guide, "docs/querying.md is out of date: run scripts/render_querying.py"


@pytest.mark.skipif(NEO4J_SKIP is not None, reason=str(NEO4J_SKIP))
def test_neo4j_answers_the_guides_questions_with_the_same_rows(sample_graph):
    with open_store(os.environ["NEO4J_URI"]) as neo4j:
        neo4j.clear()
    ingest_sample(os.environ["NEO4J_URI"])
    with open_store(os.environ["NEO4J_URI"], read_only=True) as neo4j, open_store(sample_graph, read_only=True) as embedded:
        for query in examples(GUIDE.read_text(encoding="utf-8")):
            assert neo4j.cypher_readonly(query).rows == embedded.cypher_readonly(query).rows, query
