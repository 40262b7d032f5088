"""AFFILIATED_WITH: which institute or university a lab or institute belongs to."""
from __future__ import annotations

import re

from kg.ontology import AFFILIATED_WITH, ENTERPRISE, INSTITUTE, LAB, UNIVERSITY

from ..resolve import PARENT_MIN_CHARS
from .base import Context, Relation, lists

PARENTS = frozenset({INSTITUTE, UNIVERSITY})
NAME_PREFIX = "rule:affiliated_name_prefix"
_CUE = re.compile(r"依托|隶属于?|下属|旗下")


def by_name_prefix(ctx: Context) -> list[Relation]:
    """中国科学院西安光学精密机械研究所 belongs to 中国科学院, when the article names both (the parent
    perhaps only there: resolve.py's nested parents)."""
    out = []
    parents = [(i, n) for i, ent in enumerate(ctx.entities) if ent.type in PARENTS
               for n in (ent.name, *ent.aliases) if len(n) >= PARENT_MIN_CHARS]
    for i, ent in enumerate(ctx.entities):
        if ent.type not in (LAB, INSTITUTE):
            continue
        for j, pname in sorted(parents, key=lambda p: -len(p[1])):
            if j != i and ent.name.startswith(pname) and len(ent.name) > len(pname) + 1:
                s, e = ent.mentions[0]
                out.append(Relation(i, AFFILIATED_WITH, j, {}, ctx.sentence_of(s), NAME_PREFIX, 0.95))
                break
    return out


def by_parallel_lists(ctx: Context) -> list[Relation]:
    """Institutes A、B、C … labs X、Y、Z in one sentence: X belongs to A, Y to B, Z to C."""
    out = []
    for sent, mentions in ctx.by_sentence:
        runs = lists(ctx, mentions)
        inst = [r for r in runs if len(r) >= 2 and all(m.type in PARENTS for m in r)]
        labs = [r for r in runs if len(r) >= 2 and all(m.type == LAB for m in r)]
        if len(inst) == 1 and len(labs) == 1 and len(inst[0]) == len(labs[0]) and inst[0][0].start < labs[0][0].start:
            for parent, lab in zip(inst[0], labs[0]):
                out.append(Relation(lab.entity, AFFILIATED_WITH, parent.entity, {}, sent, "rule:affiliated_parallel_lists", 0.6))
    return out


def by_cue(ctx: Context) -> list[Relation]:
    """依托X建设的Y重点实验室 / X下属的Y."""
    out = []
    for sent, mentions in ctx.by_sentence:
        s, e = sent
        for cue in _CUE.finditer(ctx.text, s, e):
            parent = next((m for m in mentions if m.start >= cue.end() and m.type in PARENTS | {ENTERPRISE}
                           and m.start - cue.end() <= 1), None)
            if parent is None:
                continue
            if cue.group().startswith("依托"):
                child = next((m for m in mentions if m.start > parent.end and m.type == LAB and m.start - parent.end <= 10), None)
            else:
                child = next((m for m in mentions if m.start > parent.end and m.type in (LAB, INSTITUTE)
                              and m.start - parent.end <= 2), None)
            if child is not None and child.entity != parent.entity:
                out.append(Relation(child.entity, AFFILIATED_WITH, parent.entity, {}, sent, "rule:affiliated_cue", 0.8))
    return out
