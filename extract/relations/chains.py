"""HAS_CHAIN and IN_CHAIN: which industries a park organises around, and who is in them."""
from __future__ import annotations

import bisect
import re

from kg.ontology import CHAIN, ENTERPRISE, HAS_CHAIN, IN_CHAIN, PARK

from .base import Context, Relation, lists

_AFTER = re.compile(r"(?:等)?(?:[\u4e00-\u9fff]{0,4}?)(?:主导产业|重点产业|优势产业|特色产业|支柱产业|首位产业|产业集群|产业链|"
                    r"战略性新兴产业|新兴产业|未来产业)")
_BEFORE = re.compile(r"(?:聚焦|围绕|重点发展|发展|打造|培育|布局|做强|壮大|主攻|深耕)$")
_ROLE_BEFORE = re.compile(r"(?:产业链|产业)?(?:的)?(链主|龙头)(?:企业)?[：:]?(?:有|包括|为)?$")
#: How far before a name its cue can start (the longest cue above is 12 characters); bounding
#: the search keeps a page-long "sentence" from costing quadratic time.
_CUE_REACH = 16
_LONGEST_CHAIN = 32
_ROLE_AFTER = re.compile(r"^(?:等)?(?:是|为|作为|成为)?(?:[\u4e00-\u9fff]{0,6})?(?:产业链|产业)?的?(链主|龙头)")


def has_chain(ctx: Context) -> list[Relation]:
    out = []
    for sent, mentions in ctx.by_sentence:
        s, e = sent
        parks = [m for m in mentions if m.type == PARK]
        for run in lists(ctx, [m for m in mentions if m.type == CHAIN]):
            first, last = run[0], run[-1]
            if not (_AFTER.match(ctx.text, last.end) or _BEFORE.search(ctx.text, max(s, first.start - _CUE_REACH), first.start)):
                continue
            park = next((p.entity for p in reversed(parks) if p.end <= first.start), None)
            method = "rule:has_chain_sentence"
            if park is None:
                park, method = ctx.home_park, "rule:has_chain_home_park"
            if park is None:
                continue
            for m in run:
                out.append(Relation(park, HAS_CHAIN, m.entity, {}, sent, method, 0.8 if method.endswith("sentence") else 0.7))
    return out


def in_chain(ctx: Context) -> list[Relation]:
    """人工智能产业链链主科大讯飞 / 科大讯飞等人工智能产业链龙头企业."""
    out = []
    for sent, mentions in ctx.by_sentence:
        s, e = sent
        chains = [m for m in mentions if m.type == CHAIN]
        starts = [c.start for c in chains]
        for run in lists(ctx, [m for m in mentions if m.type == ENTERPRISE]):
            near = chains[bisect.bisect_left(starts, run[0].start - _CUE_REACH - _LONGEST_CHAIN):
                          bisect.bisect_right(starts, run[-1].end + 8)]
            for c in near:
                if run[0].start - _CUE_REACH <= c.end <= run[0].start:
                    role = _ROLE_BEFORE.search(ctx.text, c.end, run[0].start)
                    if role and role.start() == c.end:
                        out += [Relation(m.entity, IN_CHAIN, c.entity, {"role": role.group(1)}, sent, "rule:in_chain_role", 0.8)
                                for m in run]
                elif c.start >= run[-1].end:
                    role = _ROLE_AFTER.match(ctx.text[run[-1].end:c.end + 8])
                    gap = ctx.text[run[-1].end:c.start]
                    if role and len(gap) <= 8:
                        out += [Relation(m.entity, IN_CHAIN, c.entity, {"role": role.group(1)}, sent, "rule:in_chain_role", 0.75)
                                for m in run]
    return out
