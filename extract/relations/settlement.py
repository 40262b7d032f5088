"""SETTLED_IN and LOCATED_IN: who moved into, or sits in, which park."""
from __future__ import annotations

import re

from kg.ontology import ENTERPRISE, LOCATED_IN, PARK, REGION, RESIDENT_TYPES, SETTLED_IN

from .base import Context, Relation, run_ending_before, trigger_clauses

_SETTLE = re.compile(r"签约入驻|签约落户|签约落地|正式入驻|正式落户|入驻|落户|进驻|入园|落地|迁入|搬迁至|扎根")
_LOCATE = re.compile(r"位于|地处|坐落于|坐落在")
_FILLER = re.compile(r"(?:将|已|已经|正式|成功|也|均|先后|分别|拟|计划|近日|日前|共同|集中|首批|率先|顺利|于|在|"
                     r"今年|去年|本月|上月|年初|年底|年内|\d{4}年|\d{1,2}月|\d{1,2}[日号]|上午|下午|"
                     r"等(?:\d+家|多家|一批)?(?:企业|机构|单位|项目|实验室|院所|高校)?)*")
_IN_PARK = re.compile(r"在$|于$")
_MEMBER_CUE = re.compile(r"链上|园区企业|区内企业|辖区企业|入驻企业|产业链企业|龙头企业|链主|园区内|区内")
PLACES = frozenset({PARK, REGION})


def settled_in(ctx: Context) -> list[Relation]:
    out = []
    for sent, trig, in_clause, (cs, _) in trigger_clauses(ctx, _SETTLE):
        after = [m for m in in_clause if m.start >= trig.end() and m.type in PLACES
                 and re.fullmatch(r"(?:于|在|到|至)?", ctx.text[trig.end():m.start])]
        subjects = run_ending_before(ctx, in_clause, trig.start(), _FILLER, RESIDENT_TYPES)
        target = after[0] if after else None
        if target is None:  # X在合肥高新区落户
            before = [m for m in in_clause if m.end <= trig.start() and m.type in PLACES]
            if before and re.fullmatch(r"(?:正式|成功)?(?:签约)?", ctx.text[before[-1].end:trig.start()]) \
                    and _IN_PARK.search(ctx.text, cs, before[-1].start):
                target = before[-1]
                subjects = run_ending_before(ctx, in_clause, before[-1].start - 1, _FILLER, RESIDENT_TYPES)
        if target is None or not subjects:
            continue
        date = ctx.date_in(*sent)
        for m in subjects:
            out.append(Relation(m.entity, SETTLED_IN, target.entity, {"date": date} if date else {},
                                sent, "rule:settled_in_trigger", 0.9))
    return out


def located_in(ctx: Context) -> list[Relation]:
    out = []
    for sent, trig, in_clause, _ in trigger_clauses(ctx, _LOCATE):
        after = [m for m in in_clause if m.start >= trig.end() and m.type in PLACES]
        subjects = run_ending_before(ctx, in_clause, trig.start(), _FILLER, RESIDENT_TYPES | {PARK})
        if after and subjects:
            for m in subjects:
                if m.entity != after[0].entity:
                    out.append(Relation(m.entity, LOCATED_IN, after[0].entity, {}, sent, "rule:located_in_trigger", 0.85))
    out += _home_park_members(ctx)
    return out


def _home_park_members(ctx: Context) -> list[Relation]:
    """An article about one park calls its resident companies 链上企业, 园区企业, 龙头企业."""
    if ctx.home_park is None:
        return []
    out = []
    for sent, mentions in ctx.by_sentence:
        s, e = sent
        if any(m.type == PARK and m.entity != ctx.home_park for m in mentions):
            continue
        cue = _MEMBER_CUE.search(ctx.text, s, e)
        if not cue:
            continue
        for m in mentions:
            if m.type == ENTERPRISE:
                out.append(Relation(m.entity, LOCATED_IN, ctx.home_park, {}, sent, "rule:located_in_home_park", 0.7))
    return out


def home_park(ctx: Context) -> int | None:
    """The park an article is about: the first name of its first sentence, when that is a park."""
    if not ctx.sentences:
        return None
    s, e = ctx.sentences[0]
    for m in ctx.within(s, e):
        if m.type == REGION:
            continue
        return m.entity if m.type == PARK and m.start - s <= 20 else None
    return None
