"""SETTLED_IN and LOCATED_IN: who moved into, or sits in, which park.

The cue words are data (data/lexicon/triggers.tsv). A park is the one the sentence names next to
the cue, else the one it speaks of (focus.py: 园区聚集了…, 汇聚于此, the paragraph's park).
"""
from __future__ import annotations

import bisect
import re

from kg.ontology import ENTERPRISE, LOCATED_IN, PARK, REGION, REPORT, RESIDENT_TYPES, SETTLED_IN

from .. import lexicon
from ..names import strip_place
from .base import Context, Mention, Relation, clause_bounds, inside_name, run_ending_before

PLACES = frozenset({PARK, REGION})
_TO_PLACE = re.compile(r"(?:于|在|到|至|进)?(?:位于[^，。；]{0,8}的)?")  # 进驻位于科学城内的P
_AT_PLACE = re.compile(r"(?:在|于)")
_AT_PLACE_BEFORE = re.compile(r"(?:在|于)(?:[^，。；]{0,4}的)?$")  # 在区内的常州滨江经济开发区
_BETWEEN_PLACE_AND_CUE = re.compile(r"(?:正式|成功|集中|顺利|率先)?(?:签约)?")
_MEMBER_CUE = re.compile(r"链上|园区企业|区内企业|辖区企业|入驻企业|产业链企业|龙头企业|链主|园区内|区内")
#: What may stand between the newcomers and the cue (A、B等30余家前沿科技企业正式入驻): nothing
#: that makes them the subject of another verb (A与B签署…入驻协议).
_FILLER = re.compile(r"(?:[^，。；、]{0,20}?(?:项目|基地|总部|工厂|研发中心|生产线))?"  # A新能源汽车零部件项目落户P
                     r"(?:将|已|已经|正式|成功|也|均|先后|分别|拟|计划|近日|日前|共同|集中|首批|率先|顺利|相继|陆续|集体|"
                     r"今年|去年|本月|上月|年初|年底|年内|\d{4}年|\d{1,2}月|\d{1,2}[日号]|上午|下午|项目|于同日|同日|当天|当日|随后|此前|早已|早就|多年|于|在|"
                     r"等[^，。；、]{0,16}?(?:企业|机构|单位|项目|实验室|院所|高校|公司|平台|载体|团队))*")
#: A later clause that lists what the cue's clause signed or settled (…集中签约的28个项目,涉及A、B).
_LISTING = re.compile(r"(?:涉及|包括|其中|如|有|分别为|分别是)")
_RANKING = re.compile(r"位列|排名|名列|分列|位居|TOP|Top|榜")
_PART_LINK = re.compile(r"^[，,]?(?:是|作为|为|系|成为)")
_PART_REACH = 16
_BUILT_REACH = 16
_OF_REACH = 9  # 位于高新区南部园区的天府软件园
_ZONES = ("开发区", "高新区", "经开区", "示范区", "新区")


def settled_in(ctx: Context) -> list[Relation]:
    lex = lexicon.load()
    out = []
    for sent, mentions in ctx.by_sentence:
        if not any(m.type in RESIDENT_TYPES for m in mentions):
            continue
        s, e = sent
        date = ctx.date_in(s, e)
        props = {"date": date} if date else {}
        gathers = [t for t in lex.triggers[(SETTLED_IN, "gather")].finditer(ctx.text, s, e) if not inside_name(mentions, t)]
        resident_starts = {m.start for m in mentions if m.type in RESIDENT_TYPES}
        starts = [m.start for m in mentions]
        for k, trig in enumerate(gathers):
            stop = gathers[k + 1].start() if k + 1 < len(gathers) else e
            stop = _gathered_end(ctx, resident_starts, trig.end(), stop)
            park, how = ctx.park_for(sent, mentions, trig.start())
            method = f"rule:settled_in_gathered_{how}"
            if park is None:
                continue
            for m in mentions[bisect.bisect_left(starts, trig.end()):bisect.bisect_left(starts, stop)]:
                if m.end <= stop and m.type in RESIDENT_TYPES:
                    out.append(Relation(m.entity, SETTLED_IN, park, dict(props), sent, method, 0.75))
        for trig in lex.triggers[(SETTLED_IN, "settle")].finditer(ctx.text, s, e):
            if inside_name(mentions, trig):
                continue
            cs, ce = clause_bounds(ctx, trig.start(), sent)
            residents = [m for m in mentions if m.start >= cs and m.type in RESIDENT_TYPES]
            newcomers = _with_projects(ctx, residents, run_ending_before(ctx, residents, trig.start(), _FILLER, RESIDENT_TYPES))
            at, method = _place_of(ctx, mentions, trig, cs, ce)
            if at is not None and at.end <= trig.start():  # A在P落户
                newcomers = run_ending_before(ctx, [m for m in mentions if m.start >= cs], at.start - 1, _FILLER, RESIDENT_TYPES)
            place = at.entity if at is not None else None
            if not newcomers:
                newcomers = _listed_after(ctx, mentions, ce, e)
            if not newcomers:
                continue
            if place is None:
                place, method = ctx.topic(sent), "rule:settled_in_topic"
            if place is None:
                continue
            for m in newcomers:
                if place != m.entity:
                    out.append(Relation(m.entity, SETTLED_IN, place, dict(props), sent, method, 0.85))
    out += _builds_in(ctx, lex)
    return out


_LIST_GOES_ON = re.compile(r"(?:以及|及|和|还有|并有)?")


def _gathered_end(ctx: Context, resident_starts: set[int], start: int, end: int) -> int:
    """Where what a park gathers ends: its clause, and the clauses after it that go on listing
    (…等30家制药企业,省人民医院等医疗机构,…); never past a semicolon."""
    pos = start
    while True:
        comma = min((i for i in (ctx.text.find(ch, pos, end) for ch in "，,；;") if i != -1), default=-1)
        if comma == -1:
            return end
        lead = _LIST_GOES_ON.match(ctx.text, comma + 1)
        if ctx.text[comma] in "；;" or lead.end() not in resident_starts:
            return comma
        pos = comma + 1


def _builds_in(ctx: Context, lex: lexicon.Lexicon) -> list[Relation]:
    """宁德时代将在宜宾三江新区建设西南总部基地: a newcomer building its seat in a park."""
    build, built = lex.triggers[(SETTLED_IN, "build")], lex.triggers[(SETTLED_IN, "built")]
    out = []
    for sent, mentions in ctx.by_sentence:
        s, e = sent
        for verb in build.finditer(ctx.text, s, e):
            cs, ce = clause_bounds(ctx, verb.start(), sent)
            what = built.search(ctx.text, verb.end(), min(ce, verb.end() + _BUILT_REACH))
            park = next((m for m in reversed(mentions) if cs <= m.start and m.end <= verb.start() and m.type in PLACES), None)
            at = _AT_PLACE_BEFORE.search(ctx.text, cs, park.start) if park is not None else None
            if what is None or at is None or not re.fullmatch(r"(?:投资)?", ctx.text[park.end:verb.start()]):
                continue
            newcomers = run_ending_before(ctx, [m for m in mentions if m.start >= cs and m.type in RESIDENT_TYPES],
                                          at.start(), _FILLER, RESIDENT_TYPES)
            date = ctx.date_in(s, e)
            out += [Relation(m.entity, SETTLED_IN, park.entity, {"date": date} if date else {}, sent, "rule:settled_in_builds", 0.8)
                    for m in newcomers]
    return out


_PROJECT_GAP = re.compile(r"[^，。；、]{0,12}?(?:总部|基地|项目|中心|工厂|生产线)、")


def _with_projects(ctx: Context, residents: list[Mention], run: list[Mention]) -> list[Mention]:
    """A华南研发总部、B电芯基地等项目签约落户: firms listed each with its project."""
    if not run:
        return run
    k = residents.index(run[0])
    while k > 0 and _PROJECT_GAP.fullmatch(ctx.text[residents[k - 1].end:residents[k].start]):
        k -= 1
    return residents[k:residents.index(run[0])] + run


def _listed_after(ctx: Context, mentions: list[Mention], start: int, end: int) -> list[Mention]:
    """Residents listed in a later clause of the sentence that opens with 涉及/包括 (…签约, 涉及A、B)."""
    for m in mentions:
        if m.start < start or m.type not in RESIDENT_TYPES:
            continue
        cs, _ = clause_bounds(ctx, m.start, (start, end))
        if _LISTING.match(ctx.text, cs):
            return [x for x in mentions if x.start >= m.start and x.type in RESIDENT_TYPES
                    and clause_bounds(ctx, x.start, (start, end))[0] == cs]
        return []
    return []


def _place_of(ctx: Context, mentions: list[Mention], trig: re.Match[str], cs: int, ce: int) -> tuple[Mention | None, str]:
    """落户合肥高新区 / 在合肥高新区落户: the place named with the cue, in its clause."""
    for m in mentions:
        if trig.end() <= m.start < ce and m.type in PLACES and _TO_PLACE.fullmatch(ctx.text[trig.end():m.start]):
            return m, "rule:settled_in_trigger"
    before = [m for m in mentions if cs <= m.start and m.end <= trig.start() and m.type in PLACES]
    if before and _BETWEEN_PLACE_AND_CUE.fullmatch(ctx.text[before[-1].end:trig.start()]) \
            and _AT_PLACE.fullmatch(ctx.text[before[-1].start - 1:before[-1].start]):
        return before[-1], "rule:settled_in_trigger"
    return None, ""


def located_in(ctx: Context) -> list[Relation]:
    lex = lexicon.load()
    out = []
    here = lex.triggers[(LOCATED_IN, "located_here")]
    for sent, mentions in ctx.by_sentence:
        s, e = sent
        for trig in lex.triggers[(LOCATED_IN, "locate")].finditer(ctx.text, s, e):
            if inside_name(mentions, trig) or here.match(ctx.text, trig.start()):
                continue
            cs, ce = clause_bounds(ctx, trig.start(), sent)
            place = next((m for m in mentions if trig.end() <= m.start < ce and m.type in PLACES), None)
            subjects = [m for m in mentions if cs <= m.start and m.end <= trig.start()
                        and m.type in RESIDENT_TYPES | {PARK} and not m.anaphor]
            if place is not None:
                out += [Relation(m.entity, LOCATED_IN, place.entity, {}, sent, "rule:located_in_trigger", 0.85)
                        for m in subjects[-1:] if m.entity != place.entity]
        for trig in lex.triggers[(LOCATED_IN, "locate")].finditer(ctx.text, s, e):  # 位于合肥高新区的科大讯飞
            place = next((m for m in mentions if m.start == trig.end() and m.type in PLACES), None)
            thing = next((m for m in mentions if place is not None and place.end < m.start <= place.end + _OF_REACH
                          and re.fullmatch(r"[^，。；、]{0,8}的", ctx.text[place.end:m.start])
                          and m.type in RESIDENT_TYPES | {PARK}), None)
            if thing is not None and thing.entity != place.entity:
                out.append(Relation(thing.entity, LOCATED_IN, place.entity, {}, sent, "rule:located_in_of", 0.85))
        for trig in here.finditer(ctx.text, s, e):
            cs, _ = clause_bounds(ctx, trig.start(), sent)
            park = ctx.topic(sent)
            subjects = [m for m in mentions if cs <= m.start and m.end <= trig.start() and m.type in RESIDENT_TYPES]
            if park is not None:
                out += [Relation(m.entity, LOCATED_IN, park, {}, sent, "rule:located_in_here", 0.8) for m in subjects]
        out += _part_of(ctx, sent, mentions, lex.triggers[(LOCATED_IN, "part")])
        out += _inside(ctx, sent, mentions)
    out += _members_of_focal_park(ctx)
    out += _named_after(ctx)
    return out


_INSIDE = re.compile(r"(?:内|里|中|内部)?的")


def _inside(ctx: Context, sent: tuple[int, int], mentions: list[Mention]) -> list[Relation]:
    """园区内的中国科学院苏州纳米所 / 张江科学城里的A: what a park holds."""
    out = []
    for a, b in zip(mentions, mentions[1:]):
        if a.type == PARK and (b.type in RESIDENT_TYPES or (b.type == PARK and a.anaphor)) and a.entity != b.entity \
                and _INSIDE.fullmatch(ctx.text[a.end:b.start]) and (a.anaphor or ctx.text[a.end] != "的"):
            out.append(Relation(b.entity, LOCATED_IN, a.entity, {}, sent, "rule:located_in_inside", 0.75))
    return out


def _part_of(ctx: Context, sent: tuple[int, int], mentions: list[Mention], part: re.Pattern[str]) -> list[Relation]:
    """A园区,是B科学城的核心区块 (a part cue of data/lexicon/triggers.tsv within a few characters
    after B): a park that is a part of another."""
    out = []
    parks = [m for m in mentions if m.type == PARK]
    for a, b in zip(parks, parks[1:]):
        if a.anaphor or a.entity == b.entity or not _PART_LINK.match(ctx.text[a.end:b.start]):
            continue
        tail = ctx.text[b.end:b.end + _PART_REACH]
        cut = re.search(r"[，。；]", tail)
        if part.search(tail[:cut.start()] if cut else tail):
            out.append(Relation(a.entity, LOCATED_IN, b.entity, {}, sent, "rule:located_in_part", 0.8))
    return out


def _named_after(ctx: Context) -> list[Relation]:
    """张江药谷, 张江人工智能岛 in an article about 张江科学城: parks named after the article's
    park, without its place, are parts of it."""
    if ctx.focal_park is None:
        return []
    lex = lexicon.load()
    focal = ctx.entities[ctx.focal_park]
    core = _core(focal.name, lex)
    if len(core) < 2:
        return []
    out = []
    for i, ent in enumerate(ctx.entities):
        if i == ctx.focal_park or ent.type != PARK:
            continue
        own = strip_place(ent.name, lex)
        if own.endswith(_ZONES):
            continue  # a development zone is never a part of another by its name
        if own.startswith(core) and own != core and not any(_core(n, lex) == core for n in (ent.name, *ent.aliases)):
            start, _ = ent.mentions[0]
            out.append(Relation(i, LOCATED_IN, ctx.focal_park, {}, ctx.sentence_of(start), "rule:located_in_named_after", 0.7))
    return out


def _core(name: str, lex: lexicon.Lexicon) -> str:
    """A park's own name: without the place it starts with and the kind of park it ends with."""
    own = strip_place(name, lex)
    for suffix in sorted((s for s, shape in lex.shapes.items() if shape.type == PARK), key=len, reverse=True):
        if own.endswith(suffix):
            return own[: -len(suffix)]
    return own


def _members_of_focal_park(ctx: Context) -> list[Relation]:
    """An article about one park calls its resident companies 链上企业, 园区企业, 龙头企业."""
    if ctx.focal_park is None:
        return []
    out = []
    for sent, mentions in ctx.by_sentence:
        s, e = sent
        if any(m.type == PARK and m.entity != ctx.focal_park for m in mentions):
            continue
        if not _MEMBER_CUE.search(ctx.text, s, e) or _RANKING.search(ctx.text, s, e) \
                or any(m.type == REPORT for m in mentions):
            continue  # a ranking's firms are not the article park's
        for m in mentions:
            if m.type == ENTERPRISE:
                out.append(Relation(m.entity, LOCATED_IN, ctx.focal_park, {}, sent, "rule:located_in_home_park", 0.7))
    return out


def home_park(ctx: Context) -> int | None:
    """The park an article is about by its opening: the first name of its first sentence."""
    if not ctx.sentences:
        return None
    s, e = ctx.sentences[0]
    for m in ctx.within(s, e):
        if m.type == REGION:
            continue
        return m.entity if m.type == PARK and m.start - s <= 20 else None
    return None
