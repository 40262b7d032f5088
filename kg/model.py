"""The graph model: what an extracted article becomes in the graph.

Entities get a stable key from type and the name they were first stored under; a later
article that knows a fuller name upgrades `name` but keeps the key, so links to the node hold.
Every relationship carries the ids of the articles that assert it, and every assertion keeps
its evidence (sentence, offsets, rule, confidence) as a Support.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from .ontology import ENTITY_TYPES, RELATION_TYPES, SYMMETRIC

#: The properties a relationship may carry besides its supports (columns of every relationship table).
RELATION_PROPERTIES = ("date", "rank", "year", "kind", "role")
_QUOTES = "《》“”\"'‘’「」『』〈〉"
_DROP = dict.fromkeys([ord(c) for c in _QUOTES] + [i for i in range(0x3001) if chr(i).isspace()])


@lru_cache(maxsize=200_000)
def norm(name: str) -> str:
    """How names are compared: NFKC, no whitespace, no quote marks (as ONTOLOGY.md scores them)."""
    return unicodedata.normalize("NFKC", name).translate(_DROP)


def entity_key(type_: str, name: str) -> str:
    return f"{type_}:{norm(name)}"


def alias_id(type_: str, name: str) -> str:
    return f"{type_}|{norm(name)}"


@dataclass
class Entity:
    key: str
    type: str
    name: str
    aliases: list[str]
    mentions: int = 0  # mentions in the article that brings it


@dataclass
class Support:
    """One article's evidence for one relationship."""

    article: str
    sentence: str
    start: int
    end: int
    method: str
    confidence: float


@dataclass
class Relation:
    src: str
    type: str
    dst: str
    props: dict
    support: Support

    @property
    def key(self) -> str:
        return f"{self.src}|{self.type}|{self.dst}"


@dataclass
class Article:
    id: str
    source: str
    title: str | None
    date: str | None
    text: str
    extractor: str | None = None  # the version of the extractor that produced its facts
    residue: list[list[int]] = field(default_factory=list)  # page residue spans in text, as kg extract gave them
    entities: list[Entity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)


def _residue(spans: object, length: int) -> list[list[int]]:
    """The residue spans of a line that are [start, end) pairs inside its text. Others are not
    kept: they only keep names out, and a malformed one (a hand-made line) must not stop a
    later kg reextract."""
    if not isinstance(spans, list):
        return []
    return [[s[0], s[1]] for s in spans if isinstance(s, list) and len(s) == 2
            and all(type(x) is int for x in s) and 0 <= s[0] <= s[1] <= length]


def from_extract(line: dict, extractor: str | None = None) -> Article:
    """An article of the `kg extract` contract as graph objects (keys still provisional:
    the store maps them onto existing nodes by alias), made by extractor version `extractor`."""
    keys: dict[str, str] = {}
    art = Article(line["doc_id"], line["source"], line.get("title"), line.get("date"), line["text"], extractor,
                  _residue(line.get("residue"), len(line["text"])))
    for e in line["entities"]:
        if e["type"] not in ENTITY_TYPES:
            continue
        key = entity_key(e["type"], e["name"])
        keys[e["id"]] = key
        art.entities.append(Entity(key, e["type"], e["name"], list(e.get("aliases", [])), len(e.get("mentions", []))))
    for r in line["relations"]:
        if r["type"] not in RELATION_TYPES or r["source"] not in keys or r["target"] not in keys:
            continue
        src, dst = keys[r["source"]], keys[r["target"]]
        if r["type"] in SYMMETRIC and dst < src:
            src, dst = dst, src
        ev = r["evidence"]
        support = Support(art.id, ev["sentence"], ev["start"], ev["end"], r["method"], float(r["confidence"]))
        art.relations.append(Relation(src, r["type"], dst, dict(r.get("properties") or {}), support))
    return art
