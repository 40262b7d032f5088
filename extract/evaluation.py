"""Extraction scored against gold annotations, by the rules of the shared scorer.

The rules are those of ../shared/eval/score.py (see ../shared/ONTOLOGY.md), re-implemented here
so that `kg eval` and the test suite work in a clone with no ../shared beside it;
tests/test_eval.py checks that both give the same counts on the pool.

- An entity is matched to a gold entity by any of its names or aliases, compared after NFKC and
  with white space and quote marks removed: articles write 《》 or full-width letters where the
  gold does not.
- Regions are not scored, nor are relations with a Region at either end: a place is context, and
  the ontology does not ask for every city an article names.
- An entity or relation the gold marks `optional` (a borderline case) is neither rewarded nor
  punished; a gold relation may accept other types (`alt_types`) when the text supports several
  readings; COOPERATES_WITH is symmetric.
- A LOCATED_IN whose target matches no scored entity is skipped (a city, a street).
- A matched gold relation with a `rank` or `date` property is also scored on that property.
- All articles of one input file are pooled: predicted articles are assigned to a gold file by
  the basename of their `source`.
"""
from __future__ import annotations

import json
import os
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

UNSCORED_ENTITY_TYPES = frozenset({"Region"})
SYMMETRIC = frozenset({"COOPERATES_WITH"})
QUOTES = "《》“”\"'‘’「」『』〈〉"
SCORED_PROPERTIES = ("rank", "date")

#: An entity as the scorer sees it: ("g", index of a gold entity) or ("p", normalised name of
#: a predicted entity the gold does not have).
Key = tuple[str, int | str]


class GoldError(ValueError):
    """A gold annotation that cannot be scored against (unreadable, not JSON, missing fields,
    a relation naming an entity it does not list)."""


def norm(name: str | None) -> str:
    """The form names are compared in: NFKC, no white space, no quote marks."""
    s = unicodedata.normalize("NFKC", name or "")
    return "".join(ch for ch in s if not ch.isspace() and ch not in QUOTES)


@dataclass(frozen=True)
class Counts:
    """True positives, false positives and false negatives of one measure."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, int | float]:
        """The shape of score.py's `--json` entries (ratios rounded to 4 places as there)."""
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass(frozen=True)
class Error:
    """One false positive or false negative, as score.py's `--errors` lists them."""

    file: str
    kind: str  # "FP entity", "FN entity", "FP relation", "FN relation"
    what: str  # an entity's name, or "source -TYPE-> target"
    type: str  # the entity's type; empty for relations

    def to_dict(self) -> dict[str, str]:
        return {"file": self.file, "kind": self.kind, "what": self.what, "type": self.type}


@dataclass
class Scores:
    """Counts per measure, pooled over all files and per file, and the errors behind them.

    Measures are named as in score.py: `entity` (names only), `entity+type`, `entity:TYPE`,
    `relation`, `relation:TYPE` and `property:rank` / `property:date`.
    """

    pooled: dict[str, Counts] = field(default_factory=dict)
    by_file: dict[str, dict[str, Counts]] = field(default_factory=dict)
    errors: list[Error] = field(default_factory=list)

    def get(self, measure: str) -> Counts:
        """A pooled measure; zero counts where nothing was counted (score.py leaves it out)."""
        return self.pooled.get(measure, Counts())

    def to_dict(self, errors: bool = False) -> dict:
        d: dict = {"pooled": {k: v.to_dict() for k, v in self.pooled.items()},
                   "files": {f: {k: v.to_dict() for k, v in m.items()} for f, m in self.by_file.items()}}
        if errors:
            d["errors"] = [e.to_dict() for e in self.errors]
        return d


def _rel_key(s: Key, typ: str | None, o: Key) -> tuple[Key, str | None, Key]:
    """One key for both directions of a symmetric relation."""
    if typ in SYMMETRIC and o < s:  # ("g", int) and ("p", str) differ at [0], so never compare int with str
        s, o = o, s
    return (s, typ, o)


@dataclass(frozen=True)
class Gold:
    """One gold annotation file, indexed for matching."""

    file: str
    entities: list[dict]  # the scored (non-Region) entities
    optional: frozenset[int]  # indexes into entities
    key_of: dict[str, int]  # normalised name or alias -> index of the first entity that has it
    type_of: dict[str, str]  # normalised name or alias -> type, Regions included
    regions: frozenset[str]  # normalised names and aliases of Regions
    relations: list[dict]  # the scored ones: no Region end, not optional
    accept: dict[tuple, int]  # relation key, under its type or an alt type -> index in relations
    optional_relations: frozenset[tuple]  # keys of optional relations

    @classmethod
    def from_dict(cls, doc: object) -> Gold:
        """Index a parsed gold annotation; GoldError when it lacks what scoring reads."""
        if not isinstance(doc, dict) or not isinstance(doc.get("file"), str):
            raise GoldError('not a gold annotation: no "file" naming its text')
        all_entities, relations = doc.get("entities"), doc.get("relations")
        if not isinstance(all_entities, list) or not isinstance(relations, list):
            raise GoldError('not a gold annotation: "entities" and "relations" must be lists')
        for e in all_entities:
            if not (isinstance(e, dict) and isinstance(e.get("name"), str) and isinstance(e.get("type"), str)
                    and isinstance(e.get("aliases", []), list)):
                raise GoldError(f"an entity without a name, a type or a list of aliases: {e!r}")
        for r in relations:
            if not (isinstance(r, dict) and all(isinstance(r.get(k), str) for k in ("source", "type", "target"))):
                raise GoldError(f"a relation without a source, a type or a target: {r!r}")
        entities = [e for e in all_entities if e["type"] not in UNSCORED_ENTITY_TYPES]
        key_of: dict[str, int] = {}
        for i, e in enumerate(entities):
            for n in [e["name"], *e.get("aliases", [])]:
                key_of.setdefault(norm(n), i)
        # score.py's precedence: an entity's own name over another's alias, a later name over an earlier
        type_of = {norm(e["name"]): e["type"] for e in all_entities}
        for e in all_entities:
            for n in e.get("aliases", []):
                type_of.setdefault(norm(n), e["type"])
        regions = frozenset(norm(n) for e in all_entities if e["type"] in UNSCORED_ENTITY_TYPES
                            for n in [e["name"], *e.get("aliases", [])])
        optional = frozenset(i for i, e in enumerate(entities) if e.get("optional"))
        scored: list[dict] = []
        accept: dict[tuple, int] = {}
        optional_relations: set[tuple] = set()
        for r in relations:
            if norm(r["source"]) in regions or norm(r["target"]) in regions:
                continue
            si, oi = key_of.get(norm(r["source"])), key_of.get(norm(r["target"]))
            if si is None or oi is None:
                raise GoldError(f"a relation names an entity the gold does not list: {r!r}")
            keys = [_rel_key(("g", si), t, ("g", oi)) for t in [r["type"], *r.get("alt_types", [])]]
            if r.get("optional"):
                optional_relations.update(keys)
                continue
            for k in keys:
                accept.setdefault(k, len(scored))
            scored.append(r)
        return cls(doc["file"], entities, optional, key_of, type_of, regions, scored, accept,
                   frozenset(optional_relations))

    def resolve(self, names: Iterable[str | None]) -> int | None:
        """The gold entity the first matching name belongs to."""
        for n in names:
            i = self.key_of.get(norm(n))
            if i is not None:
                return i
        return None

    def relation_key(self, typ: str | None, source: Sequence[str], target: Sequence[str]) -> tuple | None:
        """The key a predicted relation is counted by, from each end's names (its name first), or
        None where scoring leaves it out: a Region at an end, or LOCATED_IN to a place outside the
        scored entities (a city, a street)."""
        if any(norm(n) in self.regions for n in (*source, *target)) or any(
                self.type_of.get(norm(n)) == "Region" for n in (source[0], target[0])):
            return None
        si, oi = self.resolve(source), self.resolve(target)
        s: Key = ("g", si) if si is not None else ("p", norm(source[0]))
        o: Key = ("g", oi) if oi is not None else ("p", norm(target[0]))
        if typ == "LOCATED_IN" and o[0] == "p":
            return None
        return _rel_key(s, typ, o)


def load_gold(path: str | os.PathLike[str]) -> Gold:
    """Read and index a gold annotation file; GoldError with the reason when it cannot be."""
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise GoldError(exc.strerror or str(exc)) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GoldError(f"not JSON: {exc}") from None
    return Gold.from_dict(doc)


def score(golds: Sequence[Gold], predictions: Iterable[dict]) -> Scores:
    """Score extracted articles (`kg extract` contract dicts) against the gold files.

    Each article counts for the gold files named like the basename of its `source`; articles
    with no gold file are ignored.
    """
    by_basename: dict[str, list[dict]] = defaultdict(list)
    for article in predictions:
        by_basename[os.path.basename(str(article.get("source", "")))].append(article)
    result = Scores()
    pooled: defaultdict[str, Counts] = defaultdict(Counts)
    for g in golds:
        tally = _Tally()
        _score_entities(g, by_basename.get(g.file, []), tally, result.errors)
        _score_relations(g, by_basename.get(g.file, []), tally, result.errors)
        per_file = result.by_file.setdefault(g.file, {})
        for k, c in tally.counts.items():
            per_file[k] = per_file.get(k, Counts()) + c
            pooled[k] += c
    result.pooled = dict(sorted(pooled.items()))
    result.by_file = {f: dict(sorted(m.items())) for f, m in result.by_file.items()}
    return result


class _Tally:
    """Counts being added up for one gold file."""

    def __init__(self) -> None:
        self.counts: defaultdict[str, Counts] = defaultdict(Counts)

    def hit(self, *measures: str) -> None:
        for m in measures:
            self.counts[m] += Counts(tp=1)

    def extra(self, *measures: str) -> None:
        for m in measures:
            self.counts[m] += Counts(fp=1)

    def missed(self, *measures: str) -> None:
        for m in measures:
            self.counts[m] += Counts(fn=1)

    def wrong(self, *measures: str) -> None:
        """Found but wrong (a type, a property): one false positive and one false negative."""
        for m in measures:
            self.counts[m] += Counts(fp=1, fn=1)


def _names(entity: dict) -> list[str]:
    return [entity.get("name", ""), *entity.get("aliases", [])]


def _score_entities(g: Gold, articles: list[dict], tally: _Tally, errors: list[Error]) -> None:
    """Each distinct predicted entity once per file, with the first type it was given."""
    found: dict[Key, str] = {}  # entity -> type
    shown: dict[Key, str] = {}  # entity -> the name an error shows (the last seen, as score.py)
    for article in articles:
        for e in article.get("entities", []):
            if e.get("type") in UNSCORED_ENTITY_TYPES:
                continue
            i = g.resolve(_names(e))
            key: Key = ("g", i) if i is not None else ("p", norm(e.get("name", "")))
            found.setdefault(key, e.get("type"))
            shown[key] = e.get("name")
    for key, typ in found.items():
        if key[0] == "g":
            i = int(key[1])
            if i in g.optional:
                continue
            want = g.entities[i]["type"]
            tally.hit("entity")
            if typ == want:
                tally.hit("entity+type", "entity:" + want)
            else:
                tally.wrong("entity+type", "entity:" + want)
        else:
            tally.extra("entity", "entity+type", f"entity:{typ}")
            errors.append(Error(g.file, "FP entity", str(shown[key]), str(typ)))
    for i, e in enumerate(g.entities):
        if i not in g.optional and ("g", i) not in found:
            tally.missed("entity", "entity+type", "entity:" + e["type"])
            errors.append(Error(g.file, "FN entity", e["name"], e["type"]))


def _score_relations(g: Gold, articles: list[dict], tally: _Tally, errors: list[Error]) -> None:
    """Each distinct predicted relation once per file, matched to at most one gold relation."""
    found: dict[tuple, tuple[dict, str, str]] = {}  # key -> (relation, source name, target name)
    for article in articles:
        names = {e.get("id"): _names(e) for e in article.get("entities", [])}
        for r in article.get("relations", []):
            sn, on = names.get(r.get("source"), [""]), names.get(r.get("target"), [""])
            key = g.relation_key(r.get("type"), sn, on)
            if key is not None:
                found.setdefault(key, (r, sn[0], on[0]))

    matched: set[int] = set()
    for key, (r, sn, on) in found.items():
        gi = g.accept.get(key)
        if gi is None:
            if key not in g.optional_relations:  # optional: neither rewarded nor punished
                tally.extra("relation", f"relation:{key[1]}")
                errors.append(Error(g.file, "FP relation", f"{sn} -{key[1]}-> {on}", ""))
            continue
        if gi in matched:
            continue  # the same gold fact under another accepted type
        matched.add(gi)
        want = g.relations[gi]
        tally.hit("relation", "relation:" + want["type"])
        got = r.get("properties", {}) or {}
        for prop in SCORED_PROPERTIES:
            if prop in want.get("properties", {}):
                if str(got.get(prop)) == str(want["properties"][prop]):
                    tally.hit("property:" + prop)
                else:
                    tally.wrong("property:" + prop)
    for gi, r in enumerate(g.relations):
        if gi not in matched:
            tally.missed("relation", "relation:" + r["type"])
            errors.append(Error(g.file, "FN relation", f"{r['source']} -{r['type']}-> {r['target']}", ""))
