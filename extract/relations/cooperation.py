"""COOPERATES_WITH: A、B … 与 C、D … 建立产学研合作 gives every pair across the two lists.

The two lists stand on either side of a link word (与, 和, 携手…) in one clause, and a cooperation
cue (data/lexicon/triggers.tsv) follows the second: 签署…协议, 共建, 开展…合作.
"""
from __future__ import annotations

import re

from kg.ontology import COOPERATES_WITH, COOPERATING_TYPES, ORGANIZATION, PARK, REGION

from .. import lexicon
from .base import SUBJECT_REACH, Context, Mention, Relation, run_ending_before, run_starting_after, trigger_clauses

_LINK = re.compile(r"与|和|同|携手|联合")
#: Between the first list and the link: counts, kinds and adverbs, or a short title and a person
#: (中国科学技术大学校长某某与…), never another clause or predicate (…项目地并与…).
_FILLER_LEFT = re.compile(r"[^，。；：、并而又再的]{0,12}")
_FILLER_RIGHT = re.compile(r"(?:国内外|省内外|国内)?(?:知名|重点|相关|优质)?")
#: What lists hold, for pairing by position; only cooperating types are kept as partners.
_LISTABLE = COOPERATING_TYPES | {REGION, ORGANIZATION}
_ADMINISTRATION = re.compile(r"(?:管委会|管理委员会|党工委)$")
_LINK_AFTER = re.compile(r"(?:分别|共同)?(?:与|和|同)")
#: The kind of cooperation a cue says, most specific first.
_KINDS = (("产学研", "产学研"), ("战略合作", "战略合作"), ("校地合作", "校地合作"), ("校企合作", "校企合作"),
          ("院地合作", "院地合作"), ("共建", "共建"), ("签署", "签约"), ("签订", "签约"), ("签约", "签约"))


def cooperates_with(ctx: Context) -> list[Relation]:
    cue = lexicon.load().triggers[(COOPERATES_WITH, "cooperate")]
    out = []
    for sent, link, in_clause, (cs, ce) in trigger_clauses(ctx, _LINK):
        left = run_ending_before(ctx, in_clause, link.start(), _FILLER_LEFT, _LISTABLE)
        right = run_starting_after(ctx, in_clause, link.end(), _FILLER_RIGHT, _LISTABLE)
        if not right or _LINK_AFTER.match(ctx.text, right[-1].end):
            continue  # A、B和C分别与P…: this 和 only joins a list; the 与 after it links
        tail = ctx.text[right[-1].end:ce]
        if not cue.search(tail):
            continue
        kind = next((k for word, k in _KINDS if word in tail), "合作")
        if not left:  # 济南高新区举行签约仪式，与齐鲁工业大学签署…: the sentence's subject links
            subject = _subject(ctx, sent, cs, link.start())
            out += [Relation(subject, COOPERATES_WITH, b_end, {"kind": kind}, sent, "rule:cooperates_subject", 0.7)
                    for b in right for b_end in [_partner(ctx, b)] if subject is not None and b_end not in (None, subject)]
            continue
        for a, b, method in _pairs(ctx, in_clause, link):
            a_end, b_end = _partner(ctx, a), _partner(ctx, b)
            if a_end is not None and b_end is not None and a_end != b_end:
                out.append(Relation(a_end, COOPERATES_WITH, b_end, {"kind": kind}, sent, method, 0.85))
    return out


_OPENS_CLAUSE = re.compile(r"(?:并|还|也|同时|将|正式|随后|现场|当天|此外|另外|双方)*(?:分别)?")


def _subject(ctx: Context, sent: tuple[int, int], cs: int, link_start: int) -> int | None:
    """The party of a clause that opens with its link (…，与B签署): the sentence's first party,
    named near its start, when the clause before the link holds nothing else."""
    if cs == sent[0] or not _OPENS_CLAUSE.fullmatch(ctx.text[cs:link_start]):
        return None
    first = next((m for m in ctx.mentions if sent[0] <= m.start < cs and _partner(ctx, m) is not None), None)
    if first is None or first.start - sent[0] > SUBJECT_REACH:
        return None
    return _partner(ctx, first)


def _partner(ctx: Context, m: Mention) -> int | None:
    """The entity that cooperates: the mention's own, or for a park's administration (合肥高新区
    管委会) the park it runs."""
    if m.type in COOPERATING_TYPES:
        return m.entity
    name = ctx.entities[m.entity].name
    admin = _ADMINISTRATION.search(name)
    if m.type == ORGANIZATION and admin:
        park = name[:admin.start()]
        return next((i for i, e in enumerate(ctx.entities) if e.type == PARK and park in (e.name, *e.aliases)), None)
    return None


def _pairs(ctx: Context, in_clause: list[Mention], link: re.Match[str]) -> list[tuple[Mention, Mention, str]]:
    """Every pair across the two lists; by position when 分别 joins two lists of one length
    (A、B分别与C、D签约: A with C, B with D)."""
    left = run_ending_before(ctx, in_clause, link.start(), _FILLER_LEFT, _LISTABLE)
    right = run_starting_after(ctx, in_clause, link.end(), _FILLER_RIGHT, _LISTABLE)
    if "分别" in ctx.text[left[-1].end:link.start()] and len(left) == len(right) > 1:
        return [(a, b, "rule:cooperates_respectively") for a, b in zip(left, right)]
    return [(a, b, "rule:cooperates_lists") for a in left for b in right]
