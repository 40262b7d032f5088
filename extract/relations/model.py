"""The trained relation model: one logistic regression per relationship type over candidate pairs.

The weights are a JSON file (data/model/relations.json, written by `kg train`), read without
pickle and diffable: every weight names its feature (candidates.py), so a reviewer can see
what the model learnt. Scoring is a sum of weights, so it needs no training library.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Final

from kg.ontology import HELD_IN, IN_CHAIN, LOCATED_IN, PUBLISHED, RANKED_IN, SETTLED_IN, SIGNATURES, SYMMETRIC

from .base import Context, Relation, lists
from .candidates import Candidate

FORMAT = "parkgraph-relations/1"
DEFAULT_PATH = Path(__file__).resolve().parents[2] / "data" / "model" / "relations.json"
_RANK = re.compile(r"第\s*([0-9]+)\s*[名位]?\s*$|(?:^|\s|\|)([0-9]{1,3})\s*[.、．)）]?\s*$")
_DATED = frozenset({SETTLED_IN, HELD_IN, PUBLISHED})
#: Relationship types whose source an article mostly gives one target, by group: an entity (a
#: firm, lab, institute, university or park) is in one park, SETTLED_IN and LOCATED_IN alike; a
#: firm is in one industry. The model scores each pair on its own, so a second park for a firm
#: (the park a sentence speaks of, a park named beside) can score as high as the first; of one
#: source's pairs in a group only the likeliest stands. No type here is symmetric, so a pair's
#: first end is its source.
ONE_TARGET: Final = MappingProxyType({SETTLED_IN: "park", LOCATED_IN: "park", IN_CHAIN: "industry"})
#: The members of a list share what a sentence says of them (A、B和C落户X园区; X重点发展A、B、C),
#: but the model scores each member's pair on its own and may believe one member's and doubt
#: another's (on held-out sites, most doubted pairs at 0.2–0.4 whose list mate's pair was kept were
#: gold facts). A pair below its type's threshold but at or above this fraction of it stands where
#: a mate in that sentence's list, of its type, holds the same relation to the same other end,
#: believed in that sentence. Three development draws: none 0.429, 0.430, 0.437; this 0.447,
#: 0.437, 0.439 (docs/quality.md).
LIST_SHARE: Final = 0.5


class ModelError(ValueError):
    """A model file that is missing, of another format, or malformed."""


@dataclass(frozen=True)
class TypeModel:
    bias: float
    threshold: float
    weights: dict[str, float]

    def probability(self, features: tuple[str, ...]) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass(frozen=True)
class RelationModel:
    types: dict[str, TypeModel]
    version: str

    @classmethod
    def from_dict(cls, doc: dict) -> RelationModel:
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            raise ModelError(f"not a relation model of format {FORMAT}")
        try:
            types = {t: TypeModel(float(m["bias"]), float(m["threshold"]), {str(k): float(v) for k, v in m["weights"].items()})
                     for t, m in doc["types"].items()}
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ModelError(f"malformed relation model: {exc}") from None
        unknown = set(types) - set(SIGNATURES)
        if unknown:
            raise ModelError(f"relation model names unknown relationship types: {sorted(unknown)}")
        return cls(types, str(doc.get("version", "")))

    def decide(self, ctx: Context, cands: list[Candidate], rules: list[Relation]) -> list[Relation]:
        """The relations the model believes, one per entity pair: its likeliest type, from the
        sentence that makes it likeliest, with the properties a rule read or the sentence states;
        of one source's parks and of a firm's industries, the likeliest alone (ONE_TARGET); and
        a pair it doubts where a list shares the relation (LIST_SHARE)."""
        by_rule = {(r.source, r.type, r.target): r for r in rules}
        best: dict[tuple[int, int], tuple[float, str, Candidate]] = {}
        doubted: list[tuple[float, str, Candidate]] = []
        said: set[tuple[int, str, int, int]] = set()  # (source, type, target, sentence start) believed
        for c in cands:
            types = (ctx.entities[c.source].type, ctx.entities[c.target].type)
            for t, m in self.types.items():
                if types not in SIGNATURES[t]:
                    continue
                p = m.probability(c.features)
                if p < m.threshold:
                    if p >= m.threshold * LIST_SHARE:
                        doubted.append((p, t, c))
                    continue
                said.add((c.source, t, c.target, c.sentence[0]))
                key = _pair_key(t, c.source, c.target)
                if key not in best or p > best[key][0]:
                    best[key] = (p, t, c)
        kept = _likeliest_targets(best)
        kept.update(_shared_in_lists(ctx, doubted, said, best, kept))
        out = []
        for (a, b), (p, t, c) in kept.items():
            rule = by_rule.get((a, t, b)) or (by_rule.get((b, t, a)) if t in SYMMETRIC else None)
            props = dict(rule.properties) if rule else _properties(ctx, t, c)
            method = f"model+{rule.method}" if rule else "model"
            out.append(Relation(a, t, b, props, rule.evidence if rule else c.sentence, method, round(p, 3)))
        return out


def _likeliest_targets(best: dict[tuple[int, int], tuple[float, str, Candidate]]
                       ) -> dict[tuple[int, int], tuple[float, str, Candidate]]:
    """`best` (pair -> probability, type, candidate) without the pairs of a ONE_TARGET group
    that are not their source's likeliest there (of a tie, the pair `best` holds first). A pair
    left out is left out whole: it held one type only, the likeliest."""
    top: dict[tuple[int, str], tuple[float, tuple[int, int]]] = {}
    for pair, (p, t, _) in best.items():
        if t in ONE_TARGET:
            group = (pair[0], ONE_TARGET[t])
            if group not in top or p > top[group][0]:
                top[group] = (p, pair)
    kept = {pair for _, pair in top.values()}
    return {pair: v for pair, v in best.items() if v[1] not in ONE_TARGET or pair in kept}


def _pair_key(typ: str, source: int, target: int) -> tuple[int, int]:
    """A pair's key in `decide`: a symmetric relation's ends in index order."""
    return (min(source, target), max(source, target)) if typ in SYMMETRIC else (source, target)


def _list_mates(ctx: Context) -> dict[tuple[int, int], set[int]]:
    """(sentence start, entity) -> the other entities of its type in one list with it there."""
    out: dict[tuple[int, int], set[int]] = {}
    for sent, mentions in ctx.by_sentence:
        for run in lists(ctx, mentions):
            for m in run:
                mates = {x.entity for x in run if x.type == m.type} - {m.entity}
                if mates:
                    out.setdefault((sent[0], m.entity), set()).update(mates)
    return out


def _shared_in_lists(ctx: Context, doubted: list[tuple[float, str, Candidate]], said: set[tuple[int, str, int, int]],
                     best: dict[tuple[int, int], tuple[float, str, Candidate]],
                     kept: dict[tuple[int, int], tuple[float, str, Candidate]]
                     ) -> dict[tuple[int, int], tuple[float, str, Candidate]]:
    """The doubted pairs (LIST_SHARE) a list shares: where a mate of one end in that sentence's
    list holds the relation to the other end, believed in that same sentence and kept, so that
    what is shared is what the sentence says of the list. Likeliest first; none for two entities
    the model believed anything of (a pair ONE_TARGET left out stays out whole), nor past a
    source's one target of a ONE_TARGET group."""
    kept_facts = {(a, t, b) for (a, b), (_, t, _) in kept.items()}
    kept_facts |= {(b, t, a) for (a, b), (_, t, _) in kept.items() if t in SYMMETRIC}
    shown = {(s, t, o, at) for s, t, o, at in said if (s, t, o) in kept_facts}
    shown |= {(o, t, s, at) for s, t, o, at in shown if t in SYMMETRIC}
    taken = {frozenset(key) for key in best}
    groups = {(a, ONE_TARGET[t]) for (a, _), (_, t, _) in kept.items() if t in ONE_TARGET}
    mates = _list_mates(ctx) if doubted else {}
    out: dict[tuple[int, int], tuple[float, str, Candidate]] = {}
    for p, t, c in sorted(doubted, key=lambda v: (-v[0], v[1], v[2].source, v[2].target)):
        key = _pair_key(t, c.source, c.target)
        if frozenset(key) in taken or (t in ONE_TARGET and (c.source, ONE_TARGET[t]) in groups):
            continue
        at = c.sentence[0]
        if any((x, t, c.target, at) in shown for x in mates.get((at, c.source), ())) or \
                any((c.source, t, y, at) in shown for y in mates.get((at, c.target), ())):
            out[key] = (p, t, c)
            taken.add(frozenset(key))
            if t in ONE_TARGET:
                groups.add((c.source, ONE_TARGET[t]))
    return out


def _properties(ctx: Context, typ: str, c: Candidate) -> dict:
    """What the sentence itself states: a rank just before a ranked name, a date, a chain role."""
    s, e = c.sentence
    if typ == RANKED_IN:
        for start, _ in ctx.entities[c.source].mentions:
            if s <= start < e:
                m = _RANK.search(ctx.text[max(s, start - 6):start])
                if m:
                    return {"rank": int(m.group(1) or m.group(2))}
        return {}
    if typ in _DATED:
        date = ctx.date_in(s, e)
        return {"date": date} if date else {}
    if typ == IN_CHAIN:
        sentence = ctx.text[s:e]
        for role in ("链主", "龙头"):
            if role in sentence:
                return {"role": role}
    return {}


def load(path: str | Path = DEFAULT_PATH) -> RelationModel:
    """Read a model file; ModelError says why one cannot be used."""
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ModelError(f"{path}: {exc.strerror or exc}; rebuild it with `kg train`") from None
    except json.JSONDecodeError as exc:
        raise ModelError(f"{path}: not JSON ({exc})") from None
    return RelationModel.from_dict(doc)


@lru_cache(maxsize=1)
def default() -> RelationModel:
    """The committed model, read once per process."""
    return load(DEFAULT_PATH)
