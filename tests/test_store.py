"""The graph stores, for real: the embedded Ladybug store always, Neo4j whenever NEO4J_URI is
set (.ci/run starts one with scripts/neo4j-test-server). Each test runs against both."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from conftest import BACKENDS, SAMPLE
from kg.export import to_networkx
from kg.ingest import ingest
from kg.model import alias_id, from_extract
from kg.store import StoreError, open_store

@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    if request.param == "ladybug":
        s = open_store(str(tmp_path / "graph"))
    else:
        s = open_store(os.environ["NEO4J_URI"])
        s.clear()
    yield s
    s.close()


@pytest.fixture(scope="module")
def sample_lines(extractor_module):
    from extract.normalize import decode

    return [a.to_dict() for a in extractor_module.extract(decode(SAMPLE.read_bytes()), str(SAMPLE))]


@pytest.fixture(scope="module")
def extractor_module():
    from extract.extractor import Extractor

    return Extractor()


def article(extractor, text: str, source: str = "t") -> dict:
    return extractor.article(text, source).to_dict()


def test_ingest_is_idempotent(store, sample_lines):
    first = ingest(store, sample_lines)
    assert (first.articles_new, first.relations_added) == (4, 40)
    before = store.stats()
    again = ingest(store, sample_lines)
    assert (again.articles_new, again.articles_unchanged, again.entities_added, again.relations_added) == (0, 4, 0, 0)
    assert store.stats() == before
    assert before["relations"]["RANKED_IN"] == 10 and before["entities"]["Park"] == 13


def test_one_relationship_with_a_support_per_article_and_retraction(store, extractor_module):
    a = article(extractor_module, "2024年5月8日，国盾量子正式签约入驻合肥高新区。")
    b = article(extractor_module, "据报道，国盾量子已于今年签约入驻合肥高新技术产业开发区，开展量子通信研发。")
    ingest(store, [a, b])
    edges = [e for e in to_networkx(store).edges(data=True) if e[2]["type"] == "SETTLED_IN"]
    assert len(edges) == 1
    assert sorted(edges[0][2]["articles"]) == sorted([a["doc_id"], b["doc_id"]])
    assert store.stats()["supports"] == 2

    kept = store.retract(a["doc_id"])
    assert (kept.found, kept.relations_deleted, kept.relations_kept, kept.entities_deleted) == (True, 0, 1, 0)
    edges = [e for e in to_networkx(store).edges(data=True) if e[2]["type"] == "SETTLED_IN"]
    assert edges[0][2]["articles"] == [b["doc_id"]]

    gone = store.retract(b["doc_id"])
    assert (gone.relations_deleted, gone.entities_deleted) == (1, 2)
    assert store.stats() == {"articles": 0, "supports": 0, "entities": {}, "relations": {}}
    assert store.retract(b["doc_id"]).found is False


def test_a_failed_batch_leaves_nothing_behind(store, sample_lines):
    batch = [from_extract(line) for line in sample_lines]

    def half_then_fail(tx):
        store._upsert(tx, batch)  # every statement of the batch runs …
        raise RuntimeError("killed mid-batch")  # … and then the process dies before commit

    with pytest.raises(RuntimeError, match="killed mid-batch"):
        store.write(half_then_fail)
    assert store.stats() == {"articles": 0, "supports": 0, "entities": {}, "relations": {}}
    assert ingest(store, sample_lines).articles_new == 4  # a rerun completes the job


def test_a_later_fuller_name_joins_the_node_and_upgrades_its_name(store, extractor_module):
    short = article(extractor_module, "组织华安新材、国科天成、龙芯中科等20家龙头企业参加对接会。")
    full = article(extractor_module, "安徽华安新材料股份有限公司（以下简称“华安新材”）近日入驻合肥高新区。")
    ingest(store, [short])
    assert store.entities(["Enterprise:华安新材"])[0]["name"] == "华安新材"
    ingest(store, [full])
    assert store.entities(["Enterprise:华安新材"])[0]["name"] == "安徽华安新材料股份有限公司"
    g = to_networkx(store)
    node = g.nodes["Enterprise:华安新材"]
    assert node["name"] == "安徽华安新材料股份有限公司"
    assert "华安新材" in node["aliases"]
    assert [n for n, d in g.nodes(data=True) if "华安" in d["name"]] == ["Enterprise:华安新材"]


def test_every_relationship_traces_to_an_article_sentence(store, sample_lines):
    ingest(store, sample_lines)
    texts = {line["doc_id"]: line["text"] for line in sample_lines}
    edges = list(to_networkx(store).edges(data=True))
    assert len(edges) == 40
    for _, _, d in edges:
        assert len(d["articles"]) == len(d["sentences"]) == len(d["char_starts"]) == len(d["methods"]) >= 1
        for art, sentence, start, end in zip(d["articles"], d["sentences"], d["char_starts"], d["char_ends"]):
            assert texts[art][start:end] == sentence


def test_search_follows_ingest_and_retraction(store, extractor_module, sample_lines):
    from kg.browse import search

    ingest(store, sample_lines)
    assert search(store, "科学园")["items"][0]["id"] == "Park:西安科学园"  # the embedded store builds its index here
    assert search(store, "中科大")["items"][0]["id"] == "University:中国科学技术大学"
    a = article(extractor_module, "2025年3月5日，北京星河量子科技有限公司签约入驻合肥高新区。")
    ingest(store, [a])
    assert [e["name"] for e in search(store, "星河量子")["items"]] == ["北京星河量子科技有限公司"]
    assert search(store, "星河", "Enterprise")["total"] == 1 and search(store, "星河", "Park")["total"] == 0
    store.retract(a["doc_id"])
    assert search(store, "星河量子")["total"] == 0
    assert search(store, "合肥高新")["total"] > 0  # still supported by the sample page


def test_paths_are_the_shortest_ones_within_the_hop_bound(store, sample_lines):
    """browse.paths against networkx on the same graph: found exactly when the entities are at
    most max_hops apart, and of that length (its no-path shortcut must never drop a path)."""
    import random

    import networkx as nx

    from kg.browse import paths

    ingest(store, sample_lines)
    g = nx.Graph(to_networkx(store))
    dist = dict(nx.all_pairs_shortest_path_length(g, cutoff=4))
    by_distance: dict[int | None, list] = {}
    for a in sorted(g):
        for b in sorted(g):
            if a != b:
                by_distance.setdefault(dist[a].get(b), []).append((a, b))
    rnd = random.Random(3)
    pairs = [p for d in sorted(by_distance, key=str) for p in rnd.sample(by_distance[d], min(6, len(by_distance[d])))]
    assert {1, 2, 3, 4, None} <= set(by_distance)
    for a, b in pairs:
        for hops in (1, 2, 3, 4):
            got = paths(store, a, b, hops)
            d = dist[a].get(b)
            if d is None or d > hops:
                assert got == [], (a, b, hops)
            else:
                assert got and {p["length"] for p in got} == {d}, (a, b, hops)


def test_subgraph_around_an_entity(store, sample_lines):
    ingest(store, sample_lines)
    g = to_networkx(store, ["Park:西安科学园"], depth=1)
    assert set(g.nodes) == {"Park:西安科学园", "Lab:中国科学院超快光科学与技术重点实验室",
                            "Lab:中国科学院黄土科学重点实验室", "Lab:中国科学院时间基准及应用重点实验室"}
    assert {d["date"] for _, _, d in g.edges(data=True)} == {"2024-11-01"}


def _assert_neighbourhoods_as_networkx(store) -> None:
    """Every entity's neighbourhood (depth 1 and 2, without evidence) and relationships against networkx on the
    whole graph as the store reads it back: the same entities, and the same relationships with
    the same support counts and properties."""
    import networkx as nx

    from kg.model import RELATION_PROPERTIES as PROPS

    whole = to_networkx(store)
    g = nx.Graph(whole)
    assert {r["key"]: (r["type"], r["name"], sorted(r["aliases"] or [])) for r in store.entities(sorted(g))} == {
        k: (d["type"], d["name"], sorted(d["aliases"])) for k, d in g.nodes(data=True)}
    for key, d in sorted(g.nodes(data=True)):
        for name in (d["name"], *d["aliases"]):  # named queries find entities by name this way
            keys = store.entity_keys(name, d["type"])
            stored = store.read("alias_lookup", {"ids": [alias_id(d["type"], name)]})
            assert key in keys and keys == sorted({r["key"] for r in stored}), (key, name)
        for depth in (1, 2):
            sub = store.subgraph([key], depth, evidence=False)
            near = set(nx.ego_graph(g, key, radius=depth))
            assert set(sub.nodes) == near, (key, depth)
            want = {(u, t, v, len(d["articles"]), *(d.get(p) for p in PROPS))
                    for u, v, t, d in whole.subgraph(near).edges(keys=True, data=True)}
            assert {(e["src"], e["type"], e["dst"], e["supports"], *(e[p] for p in PROPS))
                    for e in sub.edges} == want, (key, depth)
        # An entity card's relationships (the embedded store reads them type by type, the
        # types taken from the same index): each one once, with its direction and evidence.
        own = {("out", t, v, tuple(d["articles"])) for _, v, t, d in whole.out_edges(key, keys=True, data=True)}
        own |= {("in", t, u, tuple(d["articles"])) for u, _, t, d in whole.in_edges(key, keys=True, data=True)}
        rels = [(r["direction"], r["type"], r["other"], tuple(r["articles"])) for r in store.entity_relations(key)]
        assert len(rels) == len(set(rels)) and set(rels) == own, key


def test_neighbourhoods_follow_ingest_and_retraction(store, extractor_module, sample_lines):
    """The embedded store answers neighbourhoods from an in-memory index built on first use;
    it must follow the same process's writes (new relationships, new supports, retraction)."""
    ingest(store, sample_lines)
    _assert_neighbourhoods_as_networkx(store)
    a = article(extractor_module, "2025年3月5日，北京星河量子科技有限公司签约入驻西安科学园。")
    b = article(extractor_module, "2024年11月1日，中国科学院黄土科学重点实验室正式入驻西安科学园。")
    ids = [a["doc_id"], b["doc_id"]]
    assert not store.article_refs(ids)  # the articles a card cites, as read before the ingest
    ingest(store, [a, b])
    refs = store.article_refs(ids)
    assert len(refs) == 2 and refs == store.read("articles_by_id", {"ids": sorted(ids)})
    settled = {(e["src"], e["supports"]) for e in store.subgraph(["Park:西安科学园"], 1, evidence=False).edges}
    assert ("Enterprise:北京星河量子科技有限公司", 1) in settled
    assert ("Lab:中国科学院黄土科学重点实验室", 2) in settled
    _assert_neighbourhoods_as_networkx(store)
    store.retract(a["doc_id"])
    store.retract(b["doc_id"])
    assert "Enterprise:北京星河量子科技有限公司" not in store.subgraph(["Park:西安科学园"], 1).nodes
    assert not store.entities(["Enterprise:北京星河量子科技有限公司"])
    assert not store.entity_keys("北京星河量子科技有限公司")
    assert not store.article_refs(ids)
    _assert_neighbourhoods_as_networkx(store)


def test_a_relationship_between_two_names_of_one_entity(store, extractor_module):
    """Two entities of an article that turn out to share a name become one node, and a
    relationship between them a loop: its card shows it going out and coming in."""
    a = article(extractor_module, "2024年5月8日，国盾量子与本源量子签署战略合作协议。")
    a["entities"][1]["aliases"].append(a["entities"][0]["name"])
    ingest(store, [a])
    rels = store.entity_relations("Enterprise:国盾量子")
    assert sorted((r["direction"], r["type"], r["other"]) for r in rels) == [
        ("in", "COOPERATES_WITH", "Enterprise:国盾量子"), ("out", "COOPERATES_WITH", "Enterprise:国盾量子")]
    _assert_neighbourhoods_as_networkx(store)


def test_named_queries_and_read_only_queries(store, sample_lines, tmp_path):
    ingest(store, sample_lines)
    rows = store.read("queries/ranked_in_report", {"report": "生物医药产业园区竞争力"})
    assert [r["rank"] for r in rows] == list(range(1, 11))
    with pytest.raises(Exception, match="missing parameter"):
        store.read("queries/ranked_in_report", {})


def _holder(path, read_only: bool) -> subprocess.Popen:
    """Another process that keeps the store open until killed."""
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time
        from kg.store import open_store
        s = open_store({str(path)!r}, read_only={read_only})
        print("open", flush=True)
        time.sleep(60)
    """)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "open"
    return holder


def test_a_second_writer_is_told_who_holds_the_store(tmp_path):
    path = tmp_path / "graph"
    open_store(str(path)).close()
    holder = _holder(path, read_only=False)
    try:
        with pytest.raises(StoreError, match=rf"open for writing by process {holder.pid}; wait for it .*\(kill {holder.pid}\)"):
            open_store(str(path))
        with pytest.raises(StoreError, match=rf"open for writing by process {holder.pid}"):
            open_store(str(path), read_only=True)
    finally:
        holder.kill()
        holder.wait()
    open_store(str(path)).close()  # a killed writer holds nothing


def test_no_writer_while_a_reader_has_the_store_open(tmp_path, sample_lines):
    """Ladybug itself would let the writer in, and the reader would then fail on rewritten pages."""
    path = tmp_path / "graph"
    with open_store(str(path)) as s:
        ingest(s, sample_lines)
    readers = [_holder(path, read_only=True) for _ in range(2)]  # readers share the store
    try:
        with pytest.raises(StoreError, match="open read-only by another process .* stop it, write, then start it again"):
            open_store(str(path))
    finally:
        for r in readers:
            r.kill()
            r.wait()
    with open_store(str(path)) as s:
        assert s.stats()["articles"] == 4


def test_a_reader_that_cannot_create_the_lock_file_still_reads(tmp_path, sample_lines, monkeypatch):
    import kg.ladybug_store

    path = tmp_path / "graph"
    with open_store(str(path)) as s:
        ingest(s, sample_lines)

    def no_lock_file(name, *args, **kwargs):
        if str(name).endswith(".kg-lock"):
            raise PermissionError(13, "Permission denied", name)
        return open(name, *args, **kwargs)

    monkeypatch.setattr(kg.ladybug_store, "open", no_lock_file, raising=False)
    with open_store(str(path), read_only=True) as s:
        assert s.stats()["articles"] == 4
    with pytest.raises(StoreError, match="cannot write beside the graph"):
        open_store(str(path))


def test_a_store_written_by_another_ladybug_version_is_refused(tmp_path):
    path = str(tmp_path / "graph")
    s = open_store(path)
    s.write(lambda tx: tx.run("MATCH (m:Meta {k: 'ladybug_version'}) SET m.v = '0.11.0'", {}))
    s.close()
    with pytest.raises(StoreError, match="written by ladybug 0.11.0"):
        open_store(path)



def test_the_embedded_store_keeps_every_value_of_a_list_it_appends_to(tmp_path):
    """Relationships carry their supports as lists appended to batch after batch. ladybug 0.22
    with its default compression loses values of DOUBLE[] lists on such appends (here from the
    62nd transaction on; kg reextract stored a confidence the extractor never gave): the store
    opens its database uncompressed, and this replays the appends on the store's own database."""
    import random

    import pyarrow as pa

    s = open_store(str(tmp_path / "graph"))
    c = s.conn
    c.execute("CREATE NODE TABLE Probe(k STRING PRIMARY KEY)")
    c.execute("CREATE REL TABLE PROBED(FROM Probe TO Probe, xs DOUBLE[], ns INT64[])")
    c.execute("UNWIND range(0, 11) AS i CREATE (:Probe {k: string(i)})")
    schema = pa.schema([pa.field("from", pa.string()), pa.field("to", pa.string()),
                        pa.field("xs", pa.list_(pa.float64())), pa.field("ns", pa.list_(pa.int64()))])
    rnd = random.Random(2)
    pairs = [(str(i), str(j)) for i in range(12) for j in range(12) if i != j]
    want: dict[tuple[str, str], list[float]] = {}
    for _ in range(80):
        rows = []
        for a, b in rnd.sample(pairs, 8):
            xs = [round(rnd.random(), 3) for _ in range(rnd.randint(1, 2))]
            rows.append({"from": a, "to": b, "xs": xs, "ns": [round(x * 1000) for x in xs]})
        c.execute("BEGIN TRANSACTION")
        new = [r for r in rows if (r["from"], r["to"]) not in want]
        if new:
            c.execute("COPY PROBED FROM $rows", {"rows": pa.Table.from_pylist(new, schema=schema)})
        old = [r for r in rows if (r["from"], r["to"]) in want]
        if old:
            c.execute("UNWIND $rows AS r MATCH (p:Probe {k: r.from})-[e:PROBED]->(q:Probe {k: r.to}) "
                      "SET e.xs = e.xs + r.xs, e.ns = e.ns + r.ns", {"rows": old})
        c.execute("COMMIT")
        for r in rows:
            want.setdefault((r["from"], r["to"]), []).extend(r["xs"])
    result = c.execute("MATCH (p:Probe)-[e:PROBED]->(q:Probe) RETURN p.k, q.k, e.xs, e.ns")
    got = {}
    while result.has_next():
        a, b, xs, ns = result.get_next()
        got[(a, b)] = xs
        assert ns == [round(x * 1000) for x in want[(a, b)]]
    s.close()
    assert got == want
