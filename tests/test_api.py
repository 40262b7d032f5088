"""The API over HTTP: a real `kg serve` (uvicorn) on 127.0.0.1 over each store, holding the
sample page's graph."""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from conftest import BACKENDS, ROOT, SAMPLE

sys.path.insert(0, str(ROOT / "bench"))
from api_latency import held_connections  # noqa: E402  (how the benchmark reads the same spread)

KEY = "test-key"
PARK = "Park:西安科学园"
CAS = "Institute:中国科学院"
NEW_ARTICLE = "本报讯 2025年3月5日，北京星河量子科技有限公司签约入驻西安科学园，双方将共建量子精密测量联合实验室。"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, store: str, key: str | None, tmp: Path, *options: str) -> None:
        self.port, self.store = free_port(), store
        env = {k: v for k, v in os.environ.items() if k != "KG_API_KEY"}
        if key:
            env["KG_API_KEY"] = key
        self.log = (tmp / f"serve-{self.port}.log").open("w")
        self.proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--store", store, "--port", str(self.port),
                                      "--query-timeout", "2", *options], env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.http = httpx.Client(base_url=f"http://127.0.0.1:{self.port}", timeout=30)
        for _ in range(200):
            try:
                if self.http.get("/health").status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.1)
            if self.proc.poll() is not None:
                break
        raise RuntimeError(f"kg serve did not start: {(tmp / f'serve-{self.port}.log').read_text()}")

    def stop(self) -> None:
        self.http.close()
        self.proc.terminate()
        self.proc.wait(timeout=20)
        self.log.close()


def load_sample(store: str) -> None:
    subprocess.run([sys.executable, "-m", "kg.cli", "ingest", "--store", store, str(SAMPLE)], check=True,
                   capture_output=True)


@pytest.fixture(scope="module", params=BACKENDS)
def server(request, tmp_path_factory):
    tmp = tmp_path_factory.mktemp(request.param)
    if request.param == "ladybug":
        store = str(tmp / "graph")
    else:
        from kg.store import open_store

        store = os.environ["NEO4J_URI"]
        with open_store(store) as s:
            s.clear()
    load_sample(store)
    srv = Server(store, KEY, tmp)
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def read_only_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("ro")
    load_sample(str(tmp / "graph"))
    srv = Server(str(tmp / "graph"), None, tmp)
    yield srv
    srv.stop()


def error(resp: httpx.Response, status: int, code: str) -> str:
    assert resp.status_code == status, resp.text
    body = resp.json()["error"]
    assert body["code"] == code
    return body["message"]


def test_health_stats_and_openapi(server):
    assert server.http.get("/health").json()["writable"] is True
    stats = server.http.get("/stats").json()
    assert stats["articles"] == 4 and stats["relations"]["SETTLED_IN"] == 3 and stats["supports"] == 40
    schema = server.http.get("/openapi.json").json()
    assert {"/entities", "/entities/{id}", "/entities/{id}/neighbors", "/paths", "/queries", "/queries/{name}",
            "/cypher", "/articles", "/articles/{id}", "/stats", "/export", "/health"} <= set(schema["paths"])
    assert schema["components"]["schemas"]["Card"]["examples"]


def test_search_ranks_exact_names_first_and_pages(server):
    got = server.http.get("/entities", params={"q": "科学园"}).json()
    assert got["items"][0]["id"] == PARK
    by_alias = server.http.get("/entities", params={"q": "中科大"}).json()["items"]
    assert by_alias[0]["name"] == "中国科学技术大学"
    labs = server.http.get("/entities", params={"q": "中国科学院", "type": "Lab"}).json()
    assert labs["total"] == 3 and {e["type"] for e in labs["items"]} == {"Lab"}
    page = server.http.get("/entities", params={"q": "中国科学院", "type": "Lab", "limit": 1, "offset": 1}).json()
    assert page["items"] == labs["items"][1:2]
    error(server.http.get("/entities", params={"q": ""}), 422, "invalid_parameter")
    error(server.http.get("/entities", params={"q": "园", "type": "Planet"}), 422, "invalid_parameter")
    error(server.http.get("/entities", params={"q": "园", "limit": 0}), 422, "invalid_parameter")


def test_entity_card_traces_every_fact_to_its_sentence(server):
    card = server.http.get(f"/entities/{PARK}").json()
    settled = card["relationships"]["SETTLED_IN"]
    assert len(settled) == 3 and {r["direction"] for r in settled} == {"in"}
    for rel in settled:
        assert rel["properties"]["date"] == "2024-11-01"
        for sup in rel["supports"]:
            art = server.http.get(f"/articles/{sup['article']['id']}").json()
            assert art["text"][sup["start"]:sup["end"]] == sup["sentence"]
            assert "西安科学园" in sup["sentence"]
    error(server.http.get("/entities/Park:没有这个园区"), 404, "not_found")
    error(server.http.get("/articles/0000"), 404, "not_found")


def test_neighbours_are_capped_and_filtered(server):
    hood = server.http.get(f"/entities/{PARK}/neighbors").json()
    assert len(hood["nodes"]) == 4 and len(hood["edges"]) == 3 and not hood["capped"]
    deeper = server.http.get(f"/entities/{PARK}/neighbors", params={"depth": 2}).json()
    assert CAS in {n["id"] for n in deeper["nodes"]}
    only = server.http.get(f"/entities/{PARK}/neighbors", params={"depth": 2, "types": "SETTLED_IN"}).json()
    assert {e["type"] for e in only["edges"]} == {"SETTLED_IN"} and CAS not in {n["id"] for n in only["nodes"]}
    capped = server.http.get(f"/entities/{PARK}/neighbors", params={"limit": 2}).json()
    assert capped["capped"] and len(capped["nodes"]) == 2
    error(server.http.get(f"/entities/{PARK}/neighbors", params={"depth": 4}), 422, "invalid_parameter")
    error(server.http.get(f"/entities/{PARK}/neighbors", params={"types": "KNOWS"}), 422, "invalid_parameter")
    error(server.http.get("/entities/Park:无/neighbors"), 404, "not_found")


def test_paths_carry_evidence(server):
    paths = server.http.get("/paths", params={"from": PARK, "to": CAS}).json()
    assert len(paths) == 3 and {p["length"] for p in paths} == {2}
    for p in paths:
        assert [n["id"] for n in p["nodes"]][::2] == [PARK, CAS]
        assert {e["type"] for e in p["edges"]} == {"SETTLED_IN", "AFFILIATED_WITH"}
        assert all(e["supports"][0]["sentence"] for e in p["edges"])
    assert server.http.get("/paths", params={"from": PARK, "to": CAS, "max_hops": 1}).json() == []
    error(server.http.get("/paths", params={"from": PARK, "to": CAS, "max_hops": 9}), 422, "invalid_parameter")
    error(server.http.get("/paths", params={"from": PARK, "to": "Park:无"}), 404, "not_found")


def test_named_queries(server):
    listed = {q["name"]: q for q in server.http.get("/queries").json()}
    assert {"settled_in_park", "parks_with_chain", "enterprises_in_park_chains", "partners", "ranked_in_report",
            "parks_connection", "most_connected_to_park", "articles_mentioning"} <= set(listed)
    assert [p["name"] for p in listed["settled_in_park"]["params"]] == ["park", "since", "until"]

    def rows(name: str, **params: str) -> list[dict]:
        resp = server.http.get(f"/queries/{name}", params=params)
        assert resp.status_code == 200, resp.text
        return resp.json()["rows"]

    assert len(rows("settled_in_park", park="西安科学园", since="2024-01-01")) == 3
    assert rows("settled_in_park", park="西安科学园", since="2025-01-01") == []
    assert {r["park"] for r in rows("parks_with_chain", chain="量子信息")} == {"合肥高新技术产业开发区"}
    assert {r["enterprise"] for r in rows("enterprises_in_park_chains", park="合肥高新区")} >= {"科大讯飞", "阳光电源"}
    assert {r["partner"] for r in rows("partners", entity="中科大")} >= {"科大讯飞"}
    assert [r["rank"] for r in rows("ranked_in_report", report="生物医药产业园区竞争力")] == list(range(1, 11))
    assert rows("most_connected_to_park", park="合肥高新区", limit="2")[0]["name"] == "科大讯飞"
    assert rows("articles_mentioning", entity="中科院")
    assert isinstance(rows("parks_connection", park_a="合肥高新区", park_b="西安科学园"), list)
    assert "missing parameter(s): park" in error(server.http.get("/queries/settled_in_park"), 422, "invalid_parameter")
    error(server.http.get("/queries/settled_in_park", params={"park": "x", "since": "soon"}), 422, "invalid_parameter")
    error(server.http.get("/queries/settled_in_park", params={"park": "x", "bogus": "1"}), 422, "invalid_parameter")
    error(server.http.get("/queries/drop_everything"), 404, "not_found")
    assert "'中国科学院' is an Institute, not a Park" in error(
        server.http.get("/queries/settled_in_park", params={"park": "中国科学院"}), 422, "invalid_parameter")
    # Every parameter is listed with its type and examples, the first of which the sample graph holds.
    assert listed["settled_in_park"]["params"][0] == {
        "name": "park", "type": "entity", "entity_type": "Park", "required": True, "default": "",
        "description": "the park's name or one of its aliases", "examples": ["西安科学园", "合肥高新区"]}
    assert listed["most_connected_to_park"]["params"][1]["default"] == 20


def test_a_name_no_entity_goes_by_is_answered_with_the_closest(server):
    for name, params, parameter, closest in [
            ("settled_in_park", {"park": "西安科学"}, "park", "西安科学园"),
            ("partners", {"entity": "中国科学技术大"}, "entity", "中国科学技术大学"),
            ("parks_connection", {"park_a": "合肥高新区", "park_b": "苏州工业"}, "park_b", "苏州工业园区")]:
        for path in (f"/queries/{name}", f"/queries/{name}/graph"):
            resp = server.http.get(path, params=params)
            assert error(resp, 404, "unknown_entity").startswith(f"${parameter}: no ")
            body = resp.json()["error"]
            assert body["parameter"] == parameter and body["suggestions"][0] == closest, body
    body = server.http.get("/queries/settled_in_park", params={"park": "不存在园区"}).json()["error"]
    assert body["code"] == "unknown_entity" and body["suggestions"] == []


def test_a_named_querys_answer_as_a_graph(server):
    answer = server.http.get("/queries/settled_in_park/graph", params={"park": "西安科学园"}).json()
    assert answer["columns"] == ["name", "type", "date", "articles"] and len(answer["rows"]) == 3
    assert {n["id"] for n in answer["nodes"]} == {PARK} | {f"Lab:{r['name']}" for r in answer["rows"]}
    assert sorted((e["type"], e["target"]) for e in answer["edges"]) == [("SETTLED_IN", PARK)] * 3
    top = server.http.get("/queries/most_connected_parks/graph", params={"limit": "3"}).json()
    assert [r["park"] for r in top["rows"]][0] == "合肥高新技术产业开发区" and len(top["nodes"]) == 3


def test_export_of_some_entities(server):
    labs = [n["id"] for n in server.http.get(f"/entities/{PARK}/neighbors").json()["nodes"] if n["id"] != PARK]
    part = server.http.post("/export", json={"keys": [PARK, *labs[:2]], "format": "graphml"})
    assert part.headers["content-type"].startswith("application/graphml+xml")
    assert part.text.count("<node ") == 3 and part.text.count("<edge ") == 2
    nodes = server.http.post("/export", json={"keys": [PARK, CAS], "format": "nodes.csv"})
    assert nodes.headers["content-disposition"] == 'attachment; filename="parkgraph.nodes.csv"'
    assert nodes.text.splitlines()[0] == "key,type,name,aliases" and len(nodes.text.splitlines()) == 3
    edges = server.http.post("/export", json={"keys": [PARK, CAS], "format": "edges.csv"}).text.splitlines()
    assert edges[0].startswith("source,type,target,articles") and len(edges) == 1  # no edge between those two
    assert len(server.http.post("/export", json={"keys": [PARK, *labs], "format": "json"}).json()["edges"]) == 3
    error(server.http.post("/export", json={"keys": [], "format": "graphml"}), 422, "invalid_parameter")


def test_cypher_is_read_only_capped_and_timed(server):
    ok = server.http.post("/cypher", json={"query": "MATCH (x:Entity)-[r:SETTLED_IN]->(p:Entity {name: $park}) "
                                                    "RETURN x.name AS name ORDER BY name", "params": {"park": "西安科学园"}})
    assert ok.status_code == 200 and len(ok.json()["rows"]) == 3 and ok.json()["columns"] == ["name"]
    labelled = server.http.post("/cypher", json={"query": "MATCH (l:Lab)-[:SETTLED_IN]->(p:Park) WHERE p.name CONTAINS "
                                                          "'西安科学园' RETURN count(DISTINCT l) AS n"})
    assert labelled.json()["rows"] == [{"n": 3}], labelled.text
    two_types = server.http.post("/cypher", json={"query": "MATCH (x:Lab:Park) RETURN x"})
    if server.http.get("/health").json()["store"] == "neo4j":
        assert two_types.json()["rows"] == []
    else:  # the translation refuses what no entity can be, saying why
        assert "an entity has one" in error(two_types, 400, "invalid_query")
    big = server.http.post("/cypher", json={"query": "UNWIND range(1, 20000) AS i RETURN i"}).json()
    assert big["truncated"] and len(big["rows"]) == 10_000
    before = server.http.get("/stats").json()
    writes = ["CREATE (e:Entity {key: 'x', name: 'x'}) RETURN e", "MERGE (e:Entity {key: 'y'}) RETURN e",
              "MATCH (e:Entity) DETACH DELETE e", "MATCH (e:Entity) SET e.name = 'z'"]
    if server.http.get("/health").json()["store"] == "neo4j":
        writes.append("CALL db.createLabel('Hacked')")
    for q in writes:
        error(server.http.post("/cypher", json={"query": q}), 403, "read_only")
    for q in ["COPY (MATCH (e:Entity) RETURN e.name) TO '/tmp/parkgraph-leak.csv'",
              "LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l", "EXPORT DATABASE '/tmp/parkgraph-leak'",
              "CALL apoc.load.json('file:///etc/passwd') YIELD value RETURN value"]:
        error(server.http.post("/cypher", json={"query": q}), 403, "file_access")
    assert server.http.get("/stats").json() == before
    error(server.http.post("/cypher", json={"query": "MATCH (e:Entity RETURN e"}), 400, "invalid_query")
    error(server.http.post("/cypher", json={"query": "MATCH (e:Entity {name: $n}) RETURN e"}), 400, "invalid_query")
    slow = "MATCH (a:Entity)-[*1..12]-(b:Entity) RETURN count(*) AS n"
    error(server.http.post("/cypher", json={"query": slow}), 408, "query_timeout")
    error(server.http.post("/cypher", json={"params": {}}), 422, "invalid_parameter")
    # found by schemathesis: a list mixing numbers and text cannot be a Ladybug parameter
    mixed = server.http.post("/cypher", json={"query": "RETURN size($x) AS n", "params": {"x": [0, ""]}})
    assert mixed.status_code in (200, 400), mixed.text


def test_bodies_over_the_limit_are_refused_unread(server):
    from api.app import MAX_BODY

    auth = {"X-API-Key": KEY}
    error(server.http.post("/articles", content=b"-" * (MAX_BODY + 1), headers={**auth, "Content-Type": "text/plain"}),
          413, "too_large")

    def chunks(head: bytes = b""):  # no Content-Length: counted as it streams
        yield head
        for _ in range(MAX_BODY // (1 << 20) + 2):
            yield b"-" * (1 << 20)

    form = {**auth, "Content-Type": "multipart/form-data; boundary=b"}
    upload = b'--b\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n\r\n'
    error(server.http.post("/articles", content=chunks(upload), headers=form), 413, "too_large")
    error(server.http.post("/cypher", content=chunks(), headers={"Content-Type": "application/json"}), 413,
          "too_large")
    assert server.http.get("/health").status_code == 200


def test_the_server_listens_on_loopback_only(server):
    """`kg serve` without --host binds 127.0.0.1: the port is not open on any other address."""
    rows = [line.split() for line in Path("/proc/net/tcp").read_text().splitlines()[1:]]
    listening = {r[1] for r in rows if r[3] == "0A"}  # state LISTEN, local address as hex ip:port
    assert f"0100007F:{server.port:04X}" in listening
    assert f"00000000:{server.port:04X}" not in listening


def test_articles_need_the_key_and_retract(server):
    error(server.http.post("/articles", data={"text": NEW_ARTICLE}), 401, "unauthorized")
    error(server.http.post("/articles", data={"text": NEW_ARTICLE}, headers={"X-API-Key": "wrong"}), 401, "unauthorized")
    auth = {"X-API-Key": KEY}
    error(server.http.post("/articles", data={"source": "x"}, headers=auth), 422, "invalid_parameter")
    error(server.http.post("/articles", data={"text": NEW_ARTICLE, "date": "March"}, headers=auth), 422,
          "invalid_parameter")
    error(server.http.post("/articles", files={"file": ("empty.txt", b"")}, headers=auth), 422, "bad_input")
    before = server.http.get("/stats").json()
    added = server.http.post("/articles", files={"file": ("新闻.txt", NEW_ARTICLE.encode("gb18030"))}, headers=auth)
    assert added.status_code == 200, added.text
    body = added.json()
    assert body["changes"]["articles_new"] == 1 and body["changes"]["relations_added"] >= 1
    doc = body["extraction"][0]["doc_id"]
    assert any(r["type"] == "SETTLED_IN" for r in body["extraction"][0]["relations"])
    again = server.http.post("/articles", data={"text": NEW_ARTICLE}, headers=auth).json()
    assert again["changes"]["articles_unchanged"] == 1 and again["changes"]["relations_added"] == 0
    error(server.http.delete(f"/articles/{doc}"), 401, "unauthorized")
    gone = server.http.delete(f"/articles/{doc}", headers=auth).json()
    assert gone["relations_deleted"] == body["changes"]["relations_added"]
    error(server.http.delete(f"/articles/{doc}", headers=auth), 404, "not_found")
    after = server.http.get("/stats").json()
    assert after.pop("version") != before.pop("version")  # the same graph again, written since
    assert after == before


def test_export_and_the_page(server):
    graphml = server.http.get("/export", params={"format": "graphml"})
    assert graphml.headers["content-type"].startswith("application/graphml+xml")
    assert graphml.text.count("<edge ") == 40 and "西安科学园" in graphml.text
    data = server.http.get("/export").json()
    assert len(data["edges"]) == 40
    error(server.http.get("/export", params={"format": "pdf"}), 422, "invalid_parameter")
    page = server.http.get("/")
    assert page.status_code == 200 and "cytoscape.min.js" in page.text
    assert server.http.get("/static/vendor/cytoscape.min.js").status_code == 200
    error(server.http.put("/stats"), 405, "method_not_allowed")


def _log_lines_once(log: Path, awaited: str) -> list[str]:
    """The server writes a request's line after its answer is sent, so the client can read the
    log before the line is there: wait (up to 10 s) for the line awaited."""
    deadline = time.monotonic() + 10
    while True:
        lines = log.read_text(encoding="utf-8").splitlines()
        if any(awaited in line for line in lines) or time.monotonic() > deadline:
            return lines
        time.sleep(0.05)


def test_the_server_says_where_it_listens_and_logs_each_request(read_only_server, tmp_path):
    read_only_server.http.get("/entities", params={"q": "科学园"})
    read_only_server.http.get("/entities/Park:无")
    base = f"http://127.0.0.1:{read_only_server.port}"
    log = _log_lines_once(Path(read_only_server.log.name), "GET /entities/Park:无 ")
    assert log[0] == f"kg serve: listening; the explorer is at {base}/ and the API docs at {base}/docs (Ctrl+C stops it)"
    assert any(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d GET /entities\?q=科学园 200 \d+\.\d ms", line) for line in log), log
    assert any(re.fullmatch(r".* GET /entities/Park:无 404 \d+\.\d ms", line) for line in log), log
    # --quiet: neither the ready line nor the access log, only problems.
    quiet = Server(read_only_server.store, None, tmp_path, "--quiet")
    quiet.http.get("/stats")
    quiet.stop()
    assert Path(quiet.log.name).read_text(encoding="utf-8") == ""


def test_writes_are_disabled_without_a_key(read_only_server):
    assert read_only_server.http.get("/health").json()["writable"] is False
    msg = error(read_only_server.http.post("/articles", data={"text": NEW_ARTICLE}, headers={"X-API-Key": "x"}),
                403, "writes_disabled")
    assert "KG_API_KEY" in msg
    error(read_only_server.http.delete("/articles/abc"), 403, "writes_disabled")
    error(read_only_server.http.post("/cypher", json={"query": "CREATE (e:Entity {key: 'x'})"}), 403, "read_only")


def test_several_server_processes_share_a_read_only_store(tmp_path):
    store = str(tmp_path / "graph")
    load_sample(store)
    srv = Server(store, None, tmp_path, "--workers", "2")
    try:
        children = Path(f"/proc/{srv.proc.pid}/task/{srv.proc.pid}/children").read_text().split()
        workers = [c for c in children if b"spawn_main" in Path(f"/proc/{c}/cmdline").read_bytes()]
        assert len(workers) == 2
        for _ in range(10):  # connections land on either worker; each answers from the same graph
            with httpx.Client(base_url=srv.http.base_url) as fresh:
                card = fresh.get(f"/entities/{PARK}").json()
                assert len(card["relationships"]["SETTLED_IN"]) == 3
                assert fresh.get(f"/entities/{PARK}/neighbors").json()["nodes"]
    finally:
        srv.stop()


def test_server_processes_even_out_their_connections(tmp_path):
    """The kernel deals connections to the processes by a hash, unevenly; the one holding more
    than its share has its clients reconnect until each process holds half (api/balance.py)."""
    store = str(tmp_path / "graph")
    load_sample(store)
    srv = Server(store, None, tmp_path, "--workers", "2")
    # The server's own client (which waited for it to start) holds a connection too: one of the 16.
    clients = [srv.http, *(httpx.Client(base_url=srv.http.base_url) for _ in range(15))]
    try:
        held: list[int] = []
        for _ in range(100):  # rounds of one request per client, each on its keep-alive connection
            assert all(c.get(f"/entities/{PARK}").status_code == 200 for c in clients)
            held = held_connections(srv.proc.pid, srv.port)
            if held == [8, 8]:
                break
        assert held == [8, 8]
    finally:
        for c in clients[1:]:
            c.close()
        srv.stop()


def test_several_server_processes_cannot_write_to_the_embedded_store(tmp_path):
    store = str(tmp_path / "graph")
    load_sample(store)
    out = subprocess.run([sys.executable, "-m", "kg.cli", "serve", "--store", store, "--workers", "2"],
                         env={**os.environ, "KG_API_KEY": KEY}, capture_output=True, text=True, timeout=60)
    assert out.returncode != 0
    assert "--workers > 1 needs a read-only server on the embedded store" in out.stderr
