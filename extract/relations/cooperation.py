"""COOPERATES_WITH: A、B … 与 C、D … 建立产学研合作 gives every pair across the two lists."""
from __future__ import annotations

import re

from kg.ontology import COOPERATES_WITH, COOPERATING_TYPES

from .base import Context, Relation, run_ending_before, run_starting_after, trigger_clauses

_LINK = re.compile(r"与|和|同|携手|联合")
_FILLER_LEFT = re.compile(r"(?:等)?(?:\d+家|多家|一批)?(?:重点|知名|龙头|相关|优质|头部)?(?:企业|高校|院所|单位|机构|科研院所|公司)?"
                          r"(?:将|还|也|已|已经|正式|再次|首次|拟|日前|近日)?(?:分别|共同|一起)?")
_FILLER_RIGHT = re.compile(r"(?:国内外)?(?:知名|重点|相关)?")
_LINK_AFTER = re.compile(r"(?:分别|共同)?(?:与|和|同)")
_CUE = re.compile(r"产学研|战略合作|合作|签署|签订|签约|共建|协议|携手|联合攻关|共同")


def cooperates_with(ctx: Context) -> list[Relation]:
    out = []
    for sent, link, in_clause, (_, ce) in trigger_clauses(ctx, _LINK):
        left = run_ending_before(ctx, in_clause, link.start(), _FILLER_LEFT, COOPERATING_TYPES)
        right = run_starting_after(ctx, in_clause, link.end(), _FILLER_RIGHT, COOPERATING_TYPES)
        if not left or not right or _LINK_AFTER.match(ctx.text, right[-1].end):
            continue  # A、B和C分别与P…: this 和 only joins a list; the 与 after it links
        tail = ctx.text[right[-1].end:ce]
        if not _CUE.search(tail):
            continue
        kind = _kind(tail)
        for a in left:
            for b in right:
                if a.entity != b.entity:
                    out.append(Relation(a.entity, COOPERATES_WITH, b.entity, {"kind": kind}, sent,
                                        "rule:cooperates_lists", 0.85))
    return out


def _kind(tail: str) -> str:
    if "产学研" in tail:
        return "产学研"
    if "战略合作" in tail:
        return "战略合作"
    if re.search(r"签署|签订|签约", tail):
        return "签约"
    if "共建" in tail:
        return "共建"
    return "合作"
