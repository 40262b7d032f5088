"""RANKED_IN and PUBLISHED: reports, who published them and who ranks where in them.

Rankings come as lists (排名前十的分别为：A、B…), as ranked tables (a row per rank: `1 苏州工业园区
江苏`, `| 1 | 苏州工业园区 | 江苏 |`), as sentences (A位列第3; A、B分别列22位和29位) and as
entries without a rank (A、B等…榜上有名). The report is the one the sentence names, else the last
one named before it, else the article's first.
"""
from __future__ import annotations

import re

from kg.ontology import ENTERPRISE, INSTITUTE, ORGANIZATION, PARK, PUBLISHED, RANKED_IN, REGION, REPORT, UNIVERSITY

from .. import lexicon
from .base import Context, Mention, Relation, lists

RANKABLE = frozenset({PARK, ENTERPRISE, UNIVERSITY})
_LIST_CUE = re.compile(r"(?:分别为|依次为|分别是|依次是|如下|包括|有)[：:]?$|[：:]$")
_ORDERED = re.compile(r"前\d+|前[一二三四五六七八九十百]+|排名|位列|依次|名次|排序|TOP|Top|top")
_NUMBER = r"(\d+|[一二三四五六七八九十]+)"
_RANK_ONE = re.compile(r"[^，。；、]{0,10}?(?:位列|排名|排在|位居|名列|居|列|排)(?:全国|全省|全市|综合排名|综合|排名|总榜|榜单)*"
                       r"(?:第" + _NUMBER + r"(?:位|名)?|" + _NUMBER + r"(?:位|名)|(榜首|首位))")
#: 分列一二三位, 分别位列第一、二、三位, 分别列22位和29位: one rank per member of the list before.
_RANKS = re.compile(r"(?:分列|分别位列|分别列|分别排名|分别排在|分别位居|依次位列|依次排在|依次为|分别居)(?:全国|全省|第)*"
                    r"((?:第?(?:\d+|[一二三四五六七八九十]+)(?:位|名)?(?:、|和|及|，)?)+)")
_ROW = re.compile(r"[ \t|]*(\d{1,3})[ \t|.、．]*")
_YEAR = re.compile(r"((?:19|20)\d{2})年?[\u4e00-\u9fff]{0,24}?(?:排名|榜单|排行|评价|评估|名单|强)")
_CN = {c: i for i, c in enumerate("一二三四五六七八九十", 1)}


def _rank_numbers(text: str) -> list[int]:
    """22位和29位 → [22, 29]; 一二三位 → [1, 2, 3]; 第一、二、三位 → [1, 2, 3]."""
    parts = [p for p in re.split(r"[、和及，位名第]", text) if p]
    if len(parts) == 1 and not parts[0].isdigit() and all(ch in _CN for ch in parts[0]) and len(parts[0]) > 1 \
            and "十" not in parts[0]:
        parts = list(parts[0])  # 一二三
    numbers = [_number(p) for p in parts]
    return [n for n in numbers if n] if all(numbers) else []


def _number(n: str) -> int | None:
    if n.isdigit():
        return int(n)
    if n in _CN:
        return _CN[n]
    if len(n) == 2 and n[0] == "十":
        return 10 + _CN.get(n[1], 0)
    if len(n) >= 2 and n[1] == "十":
        return _CN.get(n[0], 0) * 10 + (_CN.get(n[2], 0) if len(n) == 3 else 0)
    return None


def ranked_in(ctx: Context) -> list[Relation]:
    out = []
    listed = lexicon.load().triggers[(RANKED_IN, "listed")]
    for sent, mentions in ctx.by_sentence:
        s, e = sent
        report = report_for(ctx, mentions, s)
        if report is None:
            continue
        props = year_props(ctx, report, s, e)
        row = _ROW.match(ctx.text, s)
        rankable = [m for m in mentions if m.type in RANKABLE and not m.anaphor]
        if row and rankable and rankable[0].start == row.end():
            out.append(Relation(rankable[0].entity, RANKED_IN, report, dict(props, rank=int(row.group(1))), sent,
                                "rule:ranked_table_row", 0.85))
            rankable = rankable[1:]
        ordered = bool(_ORDERED.search(ctx.text, s, e))
        for run in lists(ctx, rankable):
            lead = ctx.text[s:run[0].start]
            if len(run) >= 2 and _LIST_CUE.search(lead):
                for k, m in enumerate(run, 1):
                    p = dict(props, rank=k) if ordered else dict(props)
                    out.append(Relation(m.entity, RANKED_IN, report, p, sent, "rule:ranked_list", 0.85))
            out += _ranks_after(ctx, run, report, props, sent, listed)
    return out


def _ranks_after(ctx: Context, run: list[Mention], report: int, props: dict, sent: tuple[int, int],
                 listed: re.Pattern[str]) -> list[Relation]:
    """A位列第3 / A、B分别列22位和29位 / A、B等…榜上有名: what the clause after a list says of it."""
    s, e = sent
    tail_end = min(e, run[-1].end + 40)
    ranks = _RANKS.search(ctx.text, run[-1].end, tail_end)
    if ranks and len(run) >= 2 and not re.search(r"[。；]", ctx.text[run[-1].end:ranks.start()]):
        numbers = _rank_numbers(ranks.group(1))
        if len(numbers) == len(run):
            return [Relation(m.entity, RANKED_IN, report, dict(props, rank=n), sent, "rule:ranked_respectively", 0.8)
                    for m, n in zip(run, numbers)]
    out = []
    for m in run:
        one = _RANK_ONE.match(ctx.text, m.end)
        if one is None or re.search(r"分别|依次|分列", one.group()):
            continue  # a rank said of the whole list, read above
        rank = _number(one.group(1) or one.group(2)) if not one.group(3) else 1
        if rank:
            out.append(Relation(m.entity, RANKED_IN, report, dict(props, rank=rank), sent, "rule:ranked_single", 0.85))
    if out:
        return out
    cue = listed.search(ctx.text, run[-1].end, tail_end)
    if cue and not re.search(r"[。；]", ctx.text[run[-1].end:cue.start()]):
        return [Relation(m.entity, RANKED_IN, report, dict(props), sent, "rule:ranked_listed", 0.75) for m in run]
    return []


def year_props(ctx: Context, report: int, s: int, e: int) -> dict:
    """The ranking's year: the one its sentence names (在2023年…排名中), else the report's."""
    year = _year(ctx.text[s:e]) or _year(ctx.entities[report].name)
    return {"year": year} if year else {}


def report_for(ctx: Context, mentions: list[Mention], start: int) -> int | None:
    """The report a ranking sentence speaks of: named in it, else the last one named before it,
    else the article's first."""
    here = [m for m in mentions if m.type == REPORT]
    if here:
        return here[0].entity
    reports = [m for m in ctx.mentions if m.type == REPORT]
    before = [m for m in reports if m.end <= start]
    if before:
        return before[-1].entity
    return reports[0].entity if reports else None


def _year(text: str) -> int | None:
    m = _YEAR.search(text)
    return int(m.group(1)) if m else None


#: Between a publisher and its verb: when and where (12月23日在北京, 近日正式), no other clause.
_PUBLISH_GAP = re.compile(r"[^，。；：、]{0,16}")


def published(ctx: Context) -> list[Relation]:
    publish = lexicon.load().triggers[(PUBLISHED, "publish")]
    out = []
    for sent, mentions in ctx.by_sentence:
        s, e = sent
        for r in (m for m in mentions if m.type == REPORT):
            verb = None
            for v in publish.finditer(ctx.text, max(s, r.start - 8), r.start):
                if re.fullmatch(r"了?的?《?", ctx.text[v.end():r.start]):
                    verb = v
                    break
            if verb is None:
                continue
            before = [m for m in mentions if m.end <= verb.start() and m.type != REGION]
            pubs = [m for m in before[-1:] if m.type in (ORGANIZATION, INSTITUTE)
                    and _PUBLISH_GAP.fullmatch(ctx.text[m.end:verb.start()])]
            if pubs:
                date = ctx.date_in(s, e) or ctx.lead_iso()
                out.append(Relation(pubs[-1].entity, PUBLISHED, r.entity, {"date": date} if date else {}, sent,
                                    "rule:published", 0.9))
    return out
