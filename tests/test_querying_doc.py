"""What the README and docs/querying.md show of the sample graph (`kg ingest data/samples/`), in
both stores: every answer the guide prints is what the embedded store answers today, and Neo4j
answers the same rows; every ```console transcript is what its commands print; the named
queries' tables are the cypher/queries/ headers. When the extractor changes what the sample page
yields, scripts/render_querying.py rewrites them."""
from __future__ import annotations

import os
import sys

import pytest

from conftest import NEO4J_SKIP, ROOT
from kg.store import open_store

sys.path.insert(0, str(ROOT / "scripts"))
from render_querying import CONSOLE, DOCS, GUIDE, NAMED, README, examples, ingest_sample, render, sample_checkout  # noqa: E402


@pytest.fixture(scope="module")
def checkout(tmp_path_factory):
    return sample_checkout(tmp_path_factory.mktemp("guide"))


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: d.name)
def test_the_docs_print_what_the_sample_graph_answers(checkout, doc):
    text = doc.read_text(encoding="utf-8")
    assert NAMED.search(text) and CONSOLE.search(text)
    assert len(examples(text)) >= (12 if doc == GUIDE else 0)
    with open_store(str(checkout / "kg-data"), read_only=True) as store:
        assert render(text, store, checkout) == text, f"{doc.name} is out of date: run scripts/render_querying.py"


def test_the_transcripts_show_unknown_names_answered_with_the_closest_ones():
    readme = README.read_text(encoding="utf-8")
    assert ("$ kg query settled_in_park --param park=西安科学\nkg query: $park: no Park is named '西安科学'; "
            "closest names in the graph: 西安科学园") in readme
    assert "$ kg query parks_connection --help\nparks_connection: What connects two parks" in readme


@pytest.mark.skipif(NEO4J_SKIP is not None, reason=str(NEO4J_SKIP))
def test_neo4j_answers_the_guides_questions_with_the_same_rows(checkout):
    with open_store(os.environ["NEO4J_URI"]) as neo4j:
        neo4j.clear()
    ingest_sample(os.environ["NEO4J_URI"])
    with open_store(os.environ["NEO4J_URI"], read_only=True) as neo4j, \
            open_store(str(checkout / "kg-data"), read_only=True) as embedded:
        for query in examples(GUIDE.read_text(encoding="utf-8")):
            assert neo4j.cypher_readonly(query).rows == embedded.cypher_readonly(query).rows, query
