"""The ingest bench's per-statement baseline (bench/ingest_throughput.py), on a real Neo4j: the
ratio it prints means something only if the baseline writes the graph `kg ingest` writes."""
from __future__ import annotations

import os
import sys

import pytest

from conftest import NEO4J_SKIP, ROOT

sys.path.insert(0, str(ROOT / "bench"))
from ingest_throughput import clear, counts_after_ingest, per_statement  # noqa: E402
from synthetic import corpus  # noqa: E402

pytestmark = pytest.mark.skipif(NEO4J_SKIP is not None, reason=str(NEO4J_SKIP))


def test_per_statement_load_writes_the_graph_kg_ingest_writes():
    uri = os.environ["NEO4J_URI"]
    lines = corpus(100)  # three copies of the sample page: entities shared between its articles
    clear(uri)
    expected = counts_after_ingest(uri, lines, 4)
    clear(uri)
    got, sent, _ = per_statement(uri, lines)
    clear(uri)
    assert expected["relations"] and expected["mentions"] and expected["aliases"]
    assert got == expected
    assert sent > sum(len(line["relations"]) for line in lines)  # a statement for every fact, not only relationships
