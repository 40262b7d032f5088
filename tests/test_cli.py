"""`kg extract` as a user runs it: a real subprocess, real files, the JSON Lines contract."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import SAMPLE

KG = [sys.executable, "-m", "kg.cli"]
KEYS = {"doc_id", "source", "title", "date", "text", "entities", "relations"}


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*KG, *args], input=stdin, capture_output=True, timeout=120,
                          cwd=Path(__file__).resolve().parent.parent)


def test_extract_prints_the_contract_for_every_article():
    proc = run("extract", str(SAMPLE))
    assert proc.returncode == 0, proc.stderr.decode()
    lines = [json.loads(ln) for ln in proc.stdout.decode().splitlines()]
    assert len(lines) == 4
    for line in lines:
        assert KEYS <= set(line) and line["source"] == str(SAMPLE)
        assert len(line["doc_id"]) == 16
        for e in line["entities"]:
            assert {"id", "name", "type", "aliases", "mentions"} <= set(e)
            for s, t in e["mentions"]:
                assert 0 <= s < t <= len(line["text"])


def test_stdin_and_gb18030(tmp_path):
    text = "2024年5月8日，国盾量子正式入驻合肥高新区。"
    proc = run("extract", "-", stdin=text.encode("gb18030"))
    assert proc.returncode == 0
    line = json.loads(proc.stdout)
    assert line["source"] == "<stdin>" and line["text"] == text
    assert [r["type"] for r in line["relations"]] == ["SETTLED_IN"]


def test_bad_inputs_are_reported_and_the_rest_processed(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(os.urandom(64) + b"\x00" * 8)
    undecodable = tmp_path / "latin.txt"
    undecodable.write_bytes(bytes(range(128, 256)) * 3)
    nothing = tmp_path / "no-text"
    nothing.mkdir()
    good = tmp_path / "空格 名字.txt"
    good.write_text("西安高新区与西北工业大学签署战略合作协议。", encoding="utf-8")
    proc = run("extract", str(empty), str(binary), "/no/such/file", str(undecodable), str(nothing), str(good))
    assert proc.returncode == 1
    errors = proc.stderr.decode().splitlines()
    assert errors == [
        f"kg extract: {empty}: empty input",
        f"kg extract: {binary}: binary data (NUL bytes), not text",
        "kg extract: /no/such/file: no such file",
        f"kg extract: {undecodable}: undecodable bytes: not UTF-8, GB18030/GBK or Big5 text",
        f"kg extract: {nothing}: directory holds no text files",
    ]
    (line,) = [json.loads(ln) for ln in proc.stdout.decode().splitlines()]
    assert line["source"] == str(good)


def test_directories_are_walked_and_table_format(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text("宁德时代位于宁德市。", encoding="utf-8")
    (tmp_path / "two.txt").write_text("合肥高新区聚焦人工智能、量子信息等主导产业。", encoding="utf-8")
    proc = run("extract", "--format", "table", str(tmp_path))
    assert proc.returncode == 0
    out = proc.stdout.decode()
    assert "合肥高新技术产业开发区 -HAS_CHAIN-> 人工智能" in out and "宁德时代" in out


def test_workers_give_the_same_output():
    one = run("extract", str(SAMPLE), str(SAMPLE))
    two = run("extract", "--workers", "2", str(SAMPLE), str(SAMPLE))
    assert one.returncode == two.returncode == 0
    assert one.stdout == two.stdout


def test_bad_date_option_is_a_usage_error():
    proc = run("extract", "--date", "yesterday", str(SAMPLE))
    assert proc.returncode == 2 and b"not an ISO date" in proc.stderr


def test_ingest_stats_query_export_retract(tmp_path):
    store = str(tmp_path / "graph")
    first = run("ingest", "--store", store, str(SAMPLE))
    assert first.returncode == 0, first.stderr.decode()
    *articles, summary = first.stdout.decode().splitlines()
    assert summary == ("articles: 4 new, 0 unchanged; entities: 52 added, 0 updated; "
                       "relationships: 40 added, 0 more supported")
    # One line per article: its doc_id (what kg retract takes), its title or opening words, its counts.
    extracted = [json.loads(ln) for ln in run("extract", str(SAMPLE)).stdout.decode().splitlines()]
    assert [ln.split("  ")[0] for ln in articles] == [d["doc_id"] for d in extracted]
    assert articles[1].split("  ")[1].startswith("本报讯（记者张伟）11月1日下午")
    assert articles[1].endswith("  13 entities, 15 relationships") and articles[3].endswith("2 entities, 0 relationships")
    again = run("ingest", "--quiet", "--store", store, str(SAMPLE))
    assert again.stdout.decode().splitlines() == [
        "articles: 0 new, 4 unchanged; entities: 0 added, 0 updated; relationships: 0 added, 0 more supported"]
    stats = json.loads(run("stats", "--store", store, "--format", "json").stdout)
    assert stats["articles"] == 4 and stats["relations"]["SETTLED_IN"] == 3

    rows = json.loads(run("query", "settled_in_park", "--param", "park=西安科学园", "--format", "json",
                          "--store", store).stdout)
    assert [r["date"] for r in rows] == ["2024-11-01"] * 3
    written = run("query", "CREATE (e:Entity {key: 'x'}) RETURN e", "--store", store)
    assert written.returncode == 1 and b"read-only" in written.stderr
    missing = run("query", "settled_in_park", "--store", store)
    assert missing.returncode == 1 and b"missing parameter(s): park" in missing.stderr

    graphml = run("export", "--format", "graphml", "--store", store).stdout.decode()
    assert graphml.count("<edge ") == 40 and "西安科学园" in graphml
    run("export", "--format", "csv", "-o", str(tmp_path / "csv"), "--store", store)
    assert (tmp_path / "csv" / "edges.csv").read_text(encoding="utf-8").count("\n") == 41

    doc_id = articles[1].split("  ")[0]
    gone = run("retract", doc_id, "--store", store)
    assert gone.stdout.decode().strip() == f"{doc_id}: 15 relationships deleted, 0 kept with other support, 13 entities deleted"
    assert run("retract", doc_id, "--store", store).returncode == 1


def test_stats_on_a_missing_store_says_what_to_do(tmp_path):
    proc = run("stats", "--store", str(tmp_path / "nothing"))
    assert proc.returncode == 1
    assert proc.stderr.decode().strip() == (f"kg stats: no graph at {tmp_path / 'nothing'}: ingest some articles "
                                            f"first (kg ingest PATH --store {tmp_path / 'nothing'})")


def test_query_lists_the_named_queries_and_each_example_runs(tmp_path):
    from kg import queries

    store = str(tmp_path / "graph")
    assert run("ingest", "--quiet", "--store", store, str(SAMPLE)).returncode == 0
    listing = run("query")
    assert listing.returncode == 0
    out = listing.stdout.decode()
    for q in queries.catalog().values():
        assert f"{q.name}: {q.description}" in out
        assert all(re.search(rf"^  {p.name} +{p.kind} ", out, re.M) for p in q.params)
        one = run("query", q.name, "--help")
        assert one.returncode == 0 and one.stdout.decode() == q.describe() + "\n"
        assert q.describe() in out
        # The example each query suggests runs on the sample graph (parks_connection's two parks
        # share nothing there, so it answers with no rows).
        example = q.example().split()
        assert example[:2] == ["kg", "query"]
        answered = run(*example[1:], "--format", "json", "--store", store)
        assert answered.returncode == 0, answered.stderr.decode()
        assert json.loads(answered.stdout) or q.name == "parks_connection", q.name
    assert "  since  date         optional    settled on or after this day (e.g. 2024-01-01)" in out
    assert "  limit  int          default 20  how many to return (e.g. 5)" in out
    usage = run("query", "--help")
    assert usage.returncode == 0 and b"NAME --help shows one" in usage.stdout


def test_a_name_no_entity_goes_by_is_said_with_the_closest(tmp_path):
    store = str(tmp_path / "graph")
    assert run("ingest", "--quiet", "--store", store, str(SAMPLE)).returncode == 0
    near = run("query", "settled_in_park", "--param", "park=西安科学", "--store", store)
    assert near.returncode == 1 and near.stdout == b""
    assert near.stderr.decode().splitlines() == ["kg query: $park: no Park is named '西安科学'; closest names in the "
                                                 "graph: 西安科学园, 西安高新技术产业开发区"]
    far = run("query", "articles_mentioning", "--param", "entity=不存在园区", "--store", store)
    assert far.returncode == 1 and far.stderr.decode().strip() == "kg query: $entity: no entity is named '不存在园区'"
    # A name the graph holds whose answer is empty is no error.
    empty = run("query", "settled_in_park", "--param", "park=西安科学园", "--param", "since=2030-01-01", "--store", store)
    assert empty.returncode == 0 and empty.stdout.decode().strip() == "(0 rows)"
