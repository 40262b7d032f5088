"""The dev page against its gold annotation: every gold fact found, nothing invented.

This is the same comparison as ../shared/eval/score.py (names and aliases after removing
spaces and quote marks), done here so the suite needs nothing outside the repository.
"""
from __future__ import annotations

import json
import unicodedata

from conftest import GOLD

QUOTES = "《》“”\"'‘’「」『』〈〉"


def norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s)
    return "".join(ch for ch in s if not ch.isspace() and ch not in QUOTES)


def test_entities_and_relations_match_gold(sample_articles):
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    key_of = {}
    for i, e in enumerate(gold["entities"]):
        for n in [e["name"], *e["aliases"]]:
            key_of.setdefault(norm(n), i)
    found, wrong = set(), []
    rels = set()
    for art in sample_articles:
        local = {}
        for e in art["entities"]:
            i = next((key_of[norm(n)] for n in [e["name"], *e["aliases"]] if norm(n) in key_of), None)
            local[e["id"]] = i
            if e["type"] == "Region":
                continue
            if i is None or gold["entities"][i]["type"] != e["type"]:
                wrong.append((e["name"], e["type"]))
            else:
                found.add(i)
        for r in art["relations"]:
            s, t = local[r["source"]], local[r["target"]]
            if r["type"] == "COOPERATES_WITH" and s is not None and t is not None and t < s:
                s, t = t, s
            rels.add((s, r["type"], t, r["properties"].get("rank"), r["properties"].get("date")))
    want = {i for i, e in enumerate(gold["entities"]) if e["type"] != "Region" and not e.get("optional")}
    assert wrong == []
    assert want - found == set()
    gold_rels = set()
    for r in gold["relations"]:
        s, t = key_of[norm(r["source"])], key_of[norm(r["target"])]
        if r["type"] == "COOPERATES_WITH" and t < s:
            s, t = t, s
        gold_rels.add((s, r["type"], t, r["properties"].get("rank"), r["properties"].get("date")))
    assert gold_rels - rels == set()
    assert rels - gold_rels == set()
