"""What the fault tests share: a corpus of generated news pages whose articles overlap (the same
parks, universities and partners recur, so relationships collect supports from many articles),
a fingerprint of everything a store holds, and a private Neo4j server that can be stopped and
started again on the same port with the same data."""
from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

PARKS = ["合肥高新区", "西安科学园", "苏州工业园区", "中关村科技园区", "张江高科技园区", "武汉东湖高新区"]
PARTNERS = ["中国科学技术大学", "西安交通大学", "清华大学", "浙江大学", "中国科学院", "北京大学"]
CHAINS = ["量子信息", "人工智能", "集成电路", "生物医药", "新能源汽车"]
WORDS = ["星河", "启明", "华芯", "量维", "智源", "天衡", "云舟", "恒拓", "蓝鲸", "极光", "融创", "海纳"]
FIELDS = ["量子", "芯片", "智能", "生物", "能源", "材料"]


def make_corpus(directory: Path, files: int = 24, per_file: int = 4, seed: int = 11) -> list[Path]:
    """`files` pages of `per_file` articles each, every article a new enterprise settling in a
    recurring park and cooperating with a recurring partner."""
    rnd = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    out = []
    n = 0
    for f in range(files):
        articles = []
        for _ in range(per_file):
            company = f"{WORDS[n % len(WORDS)]}{FIELDS[n // len(WORDS) % len(FIELDS)]}{n}号科技有限公司"
            park, partner, chain = rnd.choice(PARKS), rnd.choice(PARTNERS), rnd.choice(CHAINS)
            articles.append(
                f"本报讯 2025年{1 + n % 12}月{1 + n % 27}日，{company}签约入驻{park}。"
                f"{park}重点发展{chain}产业链，{company}将与{partner}签署战略合作协议，共建{chain}联合实验室。")
            n += 1
        path = directory / f"page-{f:03d}.txt"
        path.write_text("\n\n".join(articles) + "\n", encoding="utf-8")
        out.append(path)
    return out


def record(name: str, **figures: object) -> None:
    """Figures for docs/reliability.md, one JSON file per case under build/reliability/."""
    report = ROOT / "build" / "reliability"
    report.mkdir(parents=True, exist_ok=True)
    (report / f"{name}.json").write_text(json.dumps(figures, ensure_ascii=False, indent=1))


def kg(*args: str, env: dict | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


def fingerprint(store_uri: str) -> dict:
    """Every fact in a store, in a form that compares equal whatever order things were loaded
    in: entities, relationships with their supports as a set, articles, mentions."""
    from kg.store import open_store

    with open_store(store_uri, read_only=True) as s:
        entities = sorted((r["key"], r["type"], r["name"], tuple(sorted(r["aliases"] or [])))
                          for r in s.read("all_entities"))
        relations = sorted(
            (r["src"], r["type"], r["dst"], r["confidence"],
             tuple((p, r[p]) for p in ("date", "rank", "year", "kind", "role") if r.get(p) is not None),
             tuple(sorted(zip(r["articles"], r["sentences"], r["char_starts"], r["char_ends"], r["methods"],
                              r["confidences"]))))
            for r in s.read("all_relations"))
        articles = sorted(tuple(r.values()) for r in s.cypher_readonly(
            "MATCH (a:Article) RETURN a.id AS id, a.source AS source, a.title AS title, a.date AS date",
            max_rows=10**6).rows)
        mentions = sorted(tuple(r.values()) for r in s.cypher_readonly(
            "MATCH (a:Article)-[m:MENTIONS]->(e:Entity) RETURN a.id AS a, e.key AS e, m.count AS n",
            max_rows=10**6).rows)
    return {"entities": entities, "relations": relations, "articles": articles, "mentions": mentions}


def clear(store_uri: str) -> None:
    from kg.store import open_store

    with open_store(store_uri) as s:
        s.clear()


class PrivateNeo4j:
    """A Neo4j of the test's own (scripts/neo4j-test-server with its own state directory and a
    fixed port), so stopping it disturbs no other test."""

    def __init__(self, state: Path, port: int) -> None:
        self.env = {**os.environ, "NEO4J_TEST_STATE": str(state), "NEO4J_TEST_PORT": str(port), "NEO4J_TEST_KEEP": "1"}
        self.uri = f"bolt://127.0.0.1:{port}"

    def start(self) -> None:
        subprocess.run([str(ROOT / "scripts" / "neo4j-test-server"), "start"], env=self.env, check=True,
                       capture_output=True, timeout=300)

    def stop(self) -> None:
        subprocess.run([str(ROOT / "scripts" / "neo4j-test-server"), "stop"], env=self.env, check=True,
                       capture_output=True, timeout=120)

    def destroy(self) -> None:
        subprocess.run([str(ROOT / "scripts" / "neo4j-test-server"), "stop"], env={**self.env, "NEO4J_TEST_KEEP": "0"},
                       capture_output=True, timeout=120)
