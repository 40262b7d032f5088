"""A first load into an empty embedded store goes in one transaction (kg/ingest.py's bulk path):
the same graph, provenance and idempotence as loading the same articles batch by batch."""
from __future__ import annotations

import copy

from kg.export import to_networkx
from kg.ingest import ingest
from kg.store import open_store


def _articles(extractor, sample_articles: list[dict]) -> list[dict]:
    """The sample page, a second copy of it under other ids (every relationship gets a second
    support, every entity is met again), and articles that name its entities in other words."""
    again = copy.deepcopy(sample_articles)
    for a in again:
        a["doc_id"] = f"{a['doc_id']}-again"
    more = [extractor.article(text, f"more-{i}").to_dict() for i, text in enumerate([
        "2024年5月8日，国盾量子正式签约入驻合肥高新区。",
        "据报道，国盾量子已于今年签约入驻合肥高新技术产业开发区，开展量子通信研发。",
        "西安交通大学与中国科学院西安光学精密机械研究所签署战略合作协议。"])]
    return [*sample_articles, *more, *again, more[0]]


def _graph(store) -> tuple:
    g = to_networkx(store)
    mentions = store.query("MATCH (a:Article)-[m:MENTIONS]->(e:Entity) RETURN a.id AS article, e.key AS entity, m.count AS n "
                           "ORDER BY article, entity").rows
    return (sorted((k, sorted(d.items())) for k, d in g.nodes(data=True)),
            sorted((u, v, sorted((k, str(x)) for k, x in d.items())) for u, v, d in g.edges(data=True)),
            store.stats(), mentions)


def test_bulk_and_batch_by_batch_build_the_same_graph(tmp_path, extractor, sample_articles):
    articles = _articles(extractor, sample_articles)
    with open_store(str(tmp_path / "bulk")) as bulk:
        whole = ingest(bulk, articles, batch_size=2)  # empty: one transaction whatever the batch size
        expected = _graph(bulk)
        again = ingest(bulk, articles, batch_size=2)
        assert (again.articles_new, again.articles_unchanged, again.relations_added) == (0, len(articles), 0)
        assert _graph(bulk) == expected
    with open_store(str(tmp_path / "batches")) as batches:
        first = ingest(batches, articles[:1])
        rest = ingest(batches, articles[1:], batch_size=2)
        assert _graph(batches) == expected
    first.add(rest)
    # Batch by batch, a relationship a later batch supports again counts as "more supported".
    assert whole.relations_supported == 0 and first.relations_supported > 0
    first.relations_supported = 0
    assert vars(first) == vars(whole) and whole.articles_unchanged == 1  # the repeated article
