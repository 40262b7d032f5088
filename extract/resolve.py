"""One entity per real thing in an article: mentions grouped, canonical name chosen.

An article says 中国科学院超快光科学与技术重点实验室 once and 超快光科学与技术重点实验室 after;
合肥高新区 and 合肥高新技术产业开发区; declares (以下简称“X”). The graph needs one node for each,
named by its most complete form, with the other forms kept as aliases.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.ontology import CHAIN, ENTERPRISE, EVENT, INSTITUTE, LAB, PARK, REGION, REPORT, UNIVERSITY

from .lexicon import Lexicon, abbreviations, parent_prefix
from .names import Candidate

_DECLARED = re.compile(r"[（(](?:以下)?简称[为:：]?[“\"「]?([^”\"」）)，,、]{2,12})[”\"」]?[）)]")
_YEAR_HEAD = re.compile(r"^(?:(?:19|20)\d{2}(?:年(?:度(?!假))?)?|第[一二三四五六七八九十百零\d]+届)")
_GRADE = re.compile(r"(?:[一二三特]等奖|金奖|银奖|铜奖)$")
#: A ranking named with the word for its list after it (…30强榜单, …百强榜) is the same ranking.
_LIST_WORD = re.compile(r"(?<=强)(?:榜单|名单|排行榜|榜)$")
#: The pairs a name prefix settles without the relation model (ONTOLOGY.md's AFFILIATED_WITH: a
#: lab belongs to an institute or a university, an institute to an institute): on the training
#: part `rule:affiliated_name_prefix` made 46 findings of these pairs and none wrong (35 facts of
#: the gold, 11 it marks optional), most in sentences that do not name the parent, so no
#: candidate pair the model could keep. For an institute named for a university (…大学…研究院), a
#: pair the ontology does not list, 11 of its 28 findings were wrong (6 in the gold, 11 optional):
#: the model decides those, and such a parent named only inside the name is no entity.
SETTLED_BY_NAME = frozenset({(LAB, INSTITUTE), (LAB, UNIVERSITY), (INSTITUTE, INSTITUTE)})
#: The fewest characters a parent's name is read from as another name's prefix: two (北大, 清华)
#: are as often the start of another name (北大荒, 清华同方).
PARENT_MIN_CHARS = 3
#: How a parent named only as the prefix of another name was found (`Entity.rules`).
PARENT_RULE = "name_prefix"
_COMPANY_TAIL = re.compile(r"(?:股份有限公司|有限责任公司|有限公司|集团|公司)$")


@dataclass
class Entity:
    """A resolved entity of one article."""

    type: str
    name: str
    aliases: list[str]
    mentions: list[tuple[int, int]]
    rules: list[str] = field(default_factory=list)
    #: Named only inside another entity's name (the 中国科学院 of 中国科学院…研究所): its mentions
    #: lie within that name's, so the sentence-level rules and candidate pairs, which read
    #: mentions that never overlap, do not see them.
    nested: bool = False


def declared_aliases(text: str, cands: list[Candidate]) -> list[Candidate]:
    """Mentions of short names the article declares (X（以下简称“Y”）… Y …)."""
    taken = [(c.start, c.end) for c in cands]
    out = []
    for c in cands:
        m = _DECLARED.match(text, c.end)
        if not m:
            continue
        short = m.group(1)
        c.aliases = tuple(dict.fromkeys((*c.aliases, short)))
        for hit in re.finditer(re.escape(short), text):
            s, e = hit.span()
            if not any(s < te and ts < e for ts, te in taken):
                out.append(Candidate(s, e, c.type, "declared_alias", c.canonical or text[c.start:c.end],
                                     (text[c.start:c.end],)))
                taken.append((s, e))
    return out


def resolve(view: str, written: str, cands: list[Candidate], lex: Lexicon) -> list[Entity]:
    """Group mentions into entities; `written` is the text as written, `view` the one matched on."""
    keys = [_keys(view, c, lex) for c in cands]
    parent = list(range(len(cands)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[tuple[str, str], int] = {}
    for i, (c, ks) in enumerate(zip(cands, keys)):
        for k in ks:
            j = owner.setdefault((c.type, k), i)
            if j != i:
                parent[find(i)] = find(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(cands)):
        groups.setdefault(find(i), []).append(i)
    members = list(groups.values())
    members = _merge_short_forms(view, cands, members, lex)
    entities = []
    for idx in members:
        group = [cands[i] for i in idx]
        if group[0].type == CHAIN and not any(c.context for c in group):
            continue
        entities.append(_entity(view, written, group, [keys[i] for i in idx]))
    entities += _named_parents(view, written, entities, lex)
    entities.sort(key=lambda e: e.mentions[0])
    return entities


def _named_parents(view: str, written: str, entities: list[Entity], lex: Lexicon) -> list[Entity]:
    """The listed institute or university a lab's or institute's name begins with (中国科学院 of
    中国科学院长春应用化学研究所, 中科院 of 中科院大连化物所), where the article names it nowhere
    else, for the pairs whose name settles the affiliation (SETTLED_BY_NAME): the
    parent is an entity of the article, its mention the prefix (nested), as written; the prefix
    of PARENT_MIN_CHARS or more, as the affiliation rule reads it."""
    known = {n for e in entities for n in (e.name, *e.aliases)}
    found: dict[str, Entity] = {}
    for ent in entities:
        for s, e in ent.mentions:
            prefix = parent_prefix(view[s:e], lex)
            if prefix is None or len(prefix) < PARENT_MIN_CHARS:
                continue
            entry = lex.gazetteer[prefix]
            if (ent.type, entry.type) not in SETTLED_BY_NAME or known & {entry.canonical, *entry.aliases, prefix}:
                continue
            as_written = written[s:s + len(prefix)]
            if entry.canonical not in found:
                name = as_written if entry.canonical == prefix else entry.canonical  # as _entity names it
                found[entry.canonical] = Entity(entry.type, name, [], [], [PARENT_RULE], True)
            parent = found[entry.canonical]
            parent.mentions.append((s, s + len(prefix)))
            parent.aliases = [a for a in dict.fromkeys([*parent.aliases, as_written, prefix, entry.canonical, *entry.aliases])
                              if a != parent.name]
    for parent in found.values():
        parent.mentions.sort()
    return list(found.values())


def _keys(view: str, c: Candidate, lex: Lexicon) -> set[str]:
    text = view[c.start:c.end]
    ks = {text, *c.aliases}
    if c.canonical:
        ks.add(c.canonical)
    if c.rule == "gazetteer" and c.type != EVENT:
        return ks  # the gazetteer already lists a name's abbreviations among its aliases
    for k in list(ks):
        ks.update(abbreviations(k, lex.suffix_abbrev))
        if c.type == EVENT and _YEAR_HEAD.match(k):
            ks.add(_YEAR_HEAD.sub("", k))
        if c.type == REPORT:
            ks.add(_LIST_WORD.sub("", k))
    if c.type == PARK:  # 湖南长沙高新区 is 长沙高新区: a province before a city-named park
        for k in list(ks):
            for n in (2, 3):
                head, rest = lex.gazetteer.get(k[:n]), k[n:]
                if head is not None and head.type == REGION and len(rest) >= 4 and any(
                        (e := lex.gazetteer.get(rest[:m])) is not None and e.type == REGION for m in (2, 3)):
                    ks.add(rest)
    return {k for k in ks if len(k) >= 2}


def _merge_short_forms(view: str, cands: list[Candidate], members: list[list[int]], lex: Lexicon) -> list[list[int]]:
    """超快光…重点实验室 joins 中国科学院超快光…重点实验室; 维天运通 joins 合肥维天运通…有限公司."""
    def names(idx: list[int]) -> set[str]:
        out = set()
        for i in idx:
            c = cands[i]
            out.add(view[c.start:c.end])
            if c.canonical:
                out.add(c.canonical)
        return out

    merged: list[list[int]] = []
    for idx in sorted(members, key=lambda ix: -max(len(n) for n in names(ix))):
        typ = cands[idx[0]].type
        home = None
        for k, other in enumerate(merged):
            if cands[other[0]].type != typ:
                continue
            if any(_is_short_form(short, long, typ, lex) for short in names(idx) for long in names(other)):
                home = k
                break
        if home is None:
            merged.append(list(idx))
        else:
            merged[home].extend(idx)
    return merged


def _is_short_form(short: str, long: str, typ: str, lex: Lexicon) -> bool:
    if len(short) >= len(long) or len(short) < 2:
        return False
    if typ in (LAB, INSTITUTE, UNIVERSITY) and long.endswith(short) and len(short) >= 5:
        head = long[: -len(short)]
        entry = lex.gazetteer.get(head)
        return entry is not None and entry.type in (INSTITUTE, UNIVERSITY)
    if typ == PARK and long.endswith(short):
        entry = lex.gazetteer.get(long[: -len(short)])
        return entry is not None and entry.type == "Region"
    if typ == ENTERPRISE and _COMPANY_TAIL.search(long) and not _COMPANY_TAIL.search(short):
        return len(short) >= 2 and short in long
    return False


def _entity(view: str, written: str, group: list[Candidate], keys: list[set[str]]) -> Entity:
    forms = [written[c.start:c.end] for c in group]
    simplified = [view[c.start:c.end] for c in group]
    known = [k for ks in keys for k in sorted(ks)]
    canonical = next((c.canonical for c in group if c.canonical), None)
    if canonical is None:
        canonical = max(dict.fromkeys(forms), key=len)
    elif group[0].type == "Award" and _GRADE.search(max(forms, key=len)):
        canonical = max(forms, key=len)
    if canonical in simplified and canonical not in forms:
        canonical = forms[simplified.index(canonical)]  # report names as written
    aliases = list(dict.fromkeys(a for a in (*forms, *simplified, *known) if a != canonical))
    mentions = sorted({(c.start, c.end) for c in group})
    rules = list(dict.fromkeys(c.rule for c in group))
    return Entity(group[0].type, canonical, aliases, mentions, rules)
