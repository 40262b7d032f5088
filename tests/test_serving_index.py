"""The embedded store's serving index (kg/serving_index.py): what read-only processes map from
disk answers as the writer's in-memory indexes do, and it follows the store's versions."""
from __future__ import annotations

import pytest

from kg.ingest import ingest
from kg.serving_index import index_dir
from kg.store import open_store

QUERIES = ["科学", "园", "西安", "高新区", "大学", "中科院", "x"]


@pytest.fixture()
def graph(tmp_path, sample_articles):
    path = tmp_path / "graph"
    with open_store(str(path)) as s:
        ingest(s, sample_articles)
    return path


def _answers(store) -> dict:
    """What the API asks of a store's indexes, order-free where the store promises no order."""
    found = {q: store.search_keys(q, None, 50) for q in QUERIES}
    # Exact names first; the rest come in the order each index keeps (the API ranks them).
    out: dict = {q: sorted(keys) for q, keys in found.items()}
    out["exact"] = store.search_keys("西安科学园", None, 50)[0]
    out["typed"] = sorted(store.search_keys("西安", "Park", 50))
    out["limited"] = len(store.search_keys("园", None, 3))
    keys = sorted({k for q in QUERIES for k in found[q]}) + ["Park:nowhere"]
    out["entities"] = store.entities(keys)
    out["owners"] = store.entity_keys("中科院")
    for k in keys:
        out[f"near {k}"] = sorted(store._near([k], ["SETTLED_IN", "LOCATED_IN", "COOPERATES_WITH", "RANKED_IN"], 1000))
        out[f"sides {k}"] = store._adjacency().sides_at(k)
        out[f"within {k}"] = sorted(store.within(k, 2))
    out["among"] = sorted(map(repr, store._among(keys, evidence=False)))
    out["refs"] = store.article_refs([r["articles"][0] for r in store.entity_relations(keys[0])] + ["none"])
    return out


def test_read_only_answers_from_the_mapped_index_as_the_writer_does(graph):
    with open_store(str(graph)) as writer:
        expected = _answers(writer)
    with open_store(str(graph), read_only=True) as reader:
        assert _answers(reader) == expected
        assert reader._served is not None and reader._served.version.endswith(reader.version())


def test_a_write_rebuilds_the_index_and_a_stale_one_is_replaced(graph, sample_articles):
    with open_store(str(graph), read_only=True) as reader:
        reader.warm()
        first = reader._served.folder
    with open_store(str(graph)) as writer:
        assert writer.retract(sample_articles[0]["doc_id"]).found
        version = writer.version()
    built = (index_dir(graph) / "current").resolve()
    assert built != first and not first.exists()  # rebuilt aside, swapped, the old one removed
    with open_store(str(graph), read_only=True) as reader:
        reader.warm()
        assert reader._served.folder == built and reader._served.version.endswith(version)
    (built / "version").write_text("1:an older store", encoding="utf-8")  # as if a writer died first
    with open_store(str(graph), read_only=True) as reader:
        reader.warm()
        assert reader._served.folder != built and reader._served.version.endswith(version)
