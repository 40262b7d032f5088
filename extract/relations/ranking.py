"""RANKED_IN and PUBLISHED: reports, who published them and who ranks where in them."""
from __future__ import annotations

import re

from kg.ontology import ENTERPRISE, INSTITUTE, ORGANIZATION, PARK, PUBLISHED, RANKED_IN, REPORT, UNIVERSITY

from .base import Context, Relation, lists

RANKABLE = frozenset({PARK, ENTERPRISE, UNIVERSITY})
_LIST_CUE = re.compile(r"(?:分别为|依次为|分别是|依次是|如下|包括|有)[：:]?$|[：:]$")
_ORDERED = re.compile(r"前\d+|前[一二三四五六七八九十百]+|排名|位列|依次|名次|排序|TOP|Top|top")
_RANK_ONE = re.compile(r"(?:位列|排名|排在|位居|名列)(?:第|全国第|综合第)?(\d+|[一二三四五六七八九十]+)(?:位|名)?")
_YEAR = re.compile(r"((?:19|20)\d{2})年?[\u4e00-\u9fff]{0,24}?(?:排名|榜单|排行|评价|评估|名单)")
_PUBLISH = re.compile(r"^(?:正式|联合|首次|重磅|在会上|现场)?(?:发布|公布|推出|揭晓)了?《?$")
_CN = {c: i for i, c in enumerate("一二三四五六七八九十", 1)}


def ranked_in(ctx: Context) -> list[Relation]:
    out = []
    for sent, mentions in ctx.by_sentence:
        s, e = sent
        report = _report_for(ctx, mentions, s)
        if report is None:
            continue
        year = _year(ctx.text[s:e])
        props = {"year": year} if year else {}
        ordered = bool(_ORDERED.search(ctx.text, s, e))
        for run in lists(ctx, [m for m in mentions if m.type in RANKABLE]):
            lead = ctx.text[s:run[0].start]
            if len(run) >= 2 and _LIST_CUE.search(lead):
                for k, m in enumerate(run, 1):
                    p = dict(props, rank=k) if ordered else dict(props)
                    out.append(Relation(m.entity, RANKED_IN, report, p, sent, "rule:ranked_list", 0.85))
            for m in run:
                one = _RANK_ONE.match(ctx.text, m.end)
                if one:
                    n = one.group(1)
                    rank = int(n) if n.isdigit() else _CN.get(n)
                    out.append(Relation(m.entity, RANKED_IN, report, dict(props, rank=rank), sent, "rule:ranked_single", 0.85))
    return out


def _report_for(ctx: Context, mentions: list, start: int) -> int | None:
    """The report a ranking sentence speaks of: named in it, or the last one the article named."""
    here = [m for m in mentions if m.type == REPORT]
    if here:
        return here[0].entity
    before = [m for m in ctx.mentions if m.type == REPORT and m.end <= start]
    return before[-1].entity if before else None


def _year(sentence: str) -> int | None:
    m = _YEAR.search(sentence)
    return int(m.group(1)) if m else None


def published(ctx: Context) -> list[Relation]:
    out = []
    for sent, mentions in ctx.by_sentence:
        s, e = sent
        reports = [m for m in mentions if m.type == REPORT]
        for r in reports:
            pubs = [m for m in mentions if m.end <= r.start and m.type in (ORGANIZATION, INSTITUTE)
                    and _PUBLISH.match(ctx.text[m.end:r.start])]
            if pubs:
                date = ctx.date_in(s, e) or ctx.lead_iso()
                out.append(Relation(pubs[-1].entity, PUBLISHED, r.entity, {"date": date} if date else {}, sent,
                                    "rule:published", 0.9))
    return out
