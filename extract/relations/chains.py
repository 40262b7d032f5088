"""HAS_CHAIN and IN_CHAIN: which industries a park organises around, and who is in them.

An industry word is only a Chain entity where the text treats it as an industry (pipeline.py),
so a chain in a sentence belongs to the park the sentence names before it, or speaks of.
"""
from __future__ import annotations

import bisect
import re

from kg.ontology import CHAIN, ENTERPRISE, HAS_CHAIN, IN_CHAIN

from .base import Context, Relation, lists

_ROLE_BEFORE = re.compile(r"(?:产业链|产业)?(?:上下游)?(?:的)?(?:(链主|龙头)|头部|重点|骨干|知名|领军)?(?:企业)?[：:，,]?(?:有|包括|如|为)?[：:]?$")
#: 中芯国际、华虹等集成电路企业: firms named as an industry's.
_FIRMS_OF = re.compile(r"等?(?:\d+家|多家|一批)?(?:知名|重点|骨干|头部|领军)?$")
_FIRMS_AFTER = re.compile(r"(?:产业链|产业)?(?:上下游)?(?:(链主|龙头)|头部|重点|骨干|领军)?企业")
#: How far before a name its cue can start (the longest cue above is 12 characters); bounding
#: the search keeps a page-long "sentence" from costing quadratic time.
_CUE_REACH = 16
_LONGEST_CHAIN = 32
_ROLE_AFTER = re.compile(r"^(?:等)?(?:则是|是|为|作为|成为)?(?:[\u4e00-\u9fff]{0,12})?(?:产业链|产业集群|产业)?的?(链主|龙头)")
_ROLE_GAP = 14  # 则是科学城着力打造的X产业集群的龙头企业
#: 以三一重工为龙头的工程机械集群: a firm leading a named industry.
_LEADS = re.compile(r"^为(链主|龙头)(?:企业)?的?$")
#: …等一大批…骨干龙头企业: firms listed as an industry's leaders.
_LEADERS_AFTER = re.compile(r"(?:等|[两二三四五六七八九十\d]+家|作为|是|为|成为)[^，。；]{0,30}?(链主|龙头)")
#: 龙头企业凌峰储能: a firm introduced as a leader, of the industry its sentence names.
_LEADER_BEFORE = re.compile(r"(链主|龙头)(?:企业)?$")
#: 以人福医药、联影医疗为龙头: the firms an industry is led by.
_LED_BY = re.compile(r"为(链主|龙头)")


def has_chain(ctx: Context) -> list[Relation]:
    out = []
    for sent, mentions in ctx.by_sentence:
        chains = [m for m in mentions if m.type == CHAIN]
        if not chains:
            continue
        for c in chains:
            park, how = ctx.park_for(sent, mentions, c.start)
            if park is not None:
                out.append(Relation(park, HAS_CHAIN, c.entity, {}, sent, f"rule:has_chain_{how}", 0.7 if how == "topic" else 0.8))
    return out


def in_chain(ctx: Context) -> list[Relation]:
    """人工智能产业链链主科大讯飞 / 科大讯飞等人工智能产业链龙头企业 / 以三一重工为龙头的工程机械集群."""
    out = []
    for sent, mentions in ctx.by_sentence:
        s, e = sent
        chains = [m for m in mentions if m.type == CHAIN]
        if not chains:
            continue
        starts = [c.start for c in chains]
        for run in lists(ctx, [m for m in mentions if m.type == ENTERPRISE]):
            near = chains[bisect.bisect_left(starts, run[0].start - _CUE_REACH - _LONGEST_CHAIN):
                          bisect.bisect_right(starts, run[-1].end + 8)]
            for c in near:
                if run[0].start - _CUE_REACH <= c.end <= run[0].start:
                    role = _ROLE_BEFORE.search(ctx.text, c.end, run[0].start)
                    if role and role.start() == c.end and (role.group(1) or "企业" in role.group()):
                        props = {"role": role.group(1)} if role.group(1) else {}
                        out += [Relation(m.entity, IN_CHAIN, c.entity, dict(props), sent, "rule:in_chain_role", 0.8)
                                for m in run]
                elif c.start >= run[-1].end:
                    gap = ctx.text[run[-1].end:c.start]
                    firms = _FIRMS_AFTER.match(ctx.text, c.end)
                    if firms and _FIRMS_OF.fullmatch(gap) and gap.startswith("等"):
                        props = {"role": firms.group(1)} if firms.group(1) else {}
                        out += [Relation(m.entity, IN_CHAIN, c.entity, dict(props), sent, "rule:in_chain_firms_of", 0.75)
                                for m in run]
                        continue
                    role = _ROLE_AFTER.match(ctx.text[run[-1].end:c.end + 8])
                    if role and len(gap) <= _ROLE_GAP:
                        out += [Relation(m.entity, IN_CHAIN, c.entity, {"role": role.group(1)}, sent, "rule:in_chain_role", 0.75)
                                for m in run]
                    lead = _LEADS.match(gap)
                    if lead and len(run) == 1:
                        out.append(Relation(run[0].entity, IN_CHAIN, c.entity, {"role": lead.group(1)}, sent, "rule:in_chain_leads", 0.8))
            leaders = _LEADERS_AFTER.match(ctx.text, run[-1].end, e)
            if leaders is None and ctx.text[run[0].start - 1:run[0].start] == "以":
                leaders = _LED_BY.match(ctx.text, run[-1].end, e)
            if leaders is None:  # 在新型储能领域，龙头企业凌峰储能…
                leaders = _LEADER_BEFORE.search(ctx.text, max(s, run[0].start - 6), run[0].start)
            before = {c.entity for c in chains if c.end <= run[0].start}
            if leaders and len(before) == 1:  # 在新材料产业领域,…园区聚集了A、B等一批…龙头企业
                industry = next(iter(before))
                out += [Relation(m.entity, IN_CHAIN, industry, {"role": leaders.group(1)}, sent,
                                 "rule:in_chain_leaders", 0.7) for m in run]
    return out
