"""RELEASED and WON: products an enterprise launched and awards an organisation received."""
from __future__ import annotations

import re

from kg.ontology import AWARD, ENTERPRISE, INSTITUTE, LAB, PRODUCT, RELEASED, UNIVERSITY, WON

from .base import Context, Relation, run_ending_before, trigger_clauses

_RELEASE = re.compile(r"发布|推出|首发|亮相|研制出|研发出")
_WIN = re.compile(r"荣获|获得|获评|斩获|摘得|荣膺|获")
_FILLER = re.compile(r"(?:[（(][^）)]{0,24}[）)]|[”\"」』]*[）)])?(?:也|还|则|又|近日|日前|再次|首次|成功|正式|均|分别|先后|共同|重磅|今年|去年|此前|日前|"
                     r"\d{4}年|\d{1,2}月|\d{1,2}[日号]|凭借[^，。；]{0,20})*")
WINNERS = frozenset({ENTERPRISE, UNIVERSITY, INSTITUTE, LAB})


def released(ctx: Context) -> list[Relation]:
    return _verb_object(ctx, _RELEASE, frozenset({ENTERPRISE}), PRODUCT, RELEASED, "rule:released", 0.85)


def won(ctx: Context) -> list[Relation]:
    return _verb_object(ctx, _WIN, WINNERS, AWARD, WON, "rule:won", 0.85)


def _verb_object(ctx: Context, verb: re.Pattern[str], subject_types: frozenset[str], object_type: str,
                 rel: str, method: str, confidence: float) -> list[Relation]:
    out = []
    for sent, v, in_clause, _ in trigger_clauses(ctx, verb):
        objs = [m for m in in_clause if m.type == object_type and m.start >= v.end() and m.start - v.end() <= 8]
        subjects = run_ending_before(ctx, in_clause, v.start(), _FILLER, subject_types)
        if objs and subjects:
            for m in subjects:
                out.append(Relation(m.entity, rel, objs[0].entity, {}, sent, method, confidence))
    return out
