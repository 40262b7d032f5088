"""Candidate pairs for the trained relation stage, each with the features the model weighs.

A candidate is two entities of an article that one sentence speaks of together, in an order
some relationship type allows (kg.ontology.SIGNATURES). The sentence's own park stands in
for an unnamed one: an anaphor (该区, 园区, 这里: focus.py) is a mention, and a sentence that
names no park is paired with the park it speaks of (`Context.topic`). Features are strings, so
the model file can name what it learnt: the types and order of the pair, how far apart they
stand, the cue words (data/lexicon/triggers.tsv) between and around them, the characters
between, list and table position, the focal park, and which hand-written rule, if any, found the
same fact (the rules are features here, not the decision).
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from kg.ontology import PARK, REPORT, SIGNATURES, SYMMETRIC

from .. import lexicon
from .base import Context, Mention, Relation, lists

#: Pairs further apart than this many characters are not candidates, unless one end is the park a
#: sentence speaks of without naming it: a long sentence pairs each name with its neighbours only.
MAX_GAP = 120
#: At most this many other mentions between a pair's two ends.
MAX_BETWEEN = 12
#: How many characters around the pair are read for cue words.
WINDOW = 12
_CLAUSE = re.compile(r"[，；,;：:]")
_RANK_BEFORE = re.compile(r"(?:第\s*[0-9一二三四五六七八九十]+\s*[名位]?|(?:^|\s|\|)[0-9]{1,3}\s*[.、．)）]?\s*)$")
_ALLOWED = {(a, b) for pairs in SIGNATURES.values() for a, b in pairs}


@dataclass(frozen=True)
class Candidate:
    """Two entities (indexes into Context.entities) in one sentence, source first."""

    source: int
    target: int
    sentence: tuple[int, int]
    features: tuple[str, ...]

    @property
    def implicit(self) -> bool:
        """One end is not named in the sentence: the park (report) it speaks of stands in."""
        return any(f.startswith("implicit:") for f in self.features)


def candidates(ctx: Context, rules: list[Relation]) -> list[Candidate]:
    """Every pair of entities a sentence speaks of together whose types some relationship joins."""
    fired: dict[tuple[int, int], set[str]] = defaultdict(set)
    for r in rules:
        s0 = ctx.sentence_of(r.evidence[0])[0]
        fired[(r.source, r.target)].add(f"rule:{r.type}:{r.method.split(':')[0]}")
        fired[(r.source, r.target)].add(f"rule:{r.type}")
        fired[(r.source, r.target, s0)].add(f"rule_here:{r.type}")  # type: ignore[index]
        if r.type in SYMMETRIC:
            fired[(r.target, r.source)] |= {f"rule:{r.type}"}
            fired[(r.target, r.source, s0)].add(f"rule_here:{r.type}")  # type: ignore[index]
    cues = [(f"{t}:{role}", pattern) for (t, role), pattern in sorted(lexicon.load().triggers.items())]
    last_park, last_report = _named_before(ctx, PARK), _named_before(ctx, REPORT)
    out: list[Candidate] = []
    for sent, mentions in ctx.by_sentence:
        ments = list(mentions)
        named = {m.entity for m in ments}
        implicit: dict[int, list[str]] = defaultdict(list)
        for kind, ent in (("topic", ctx.topic(sent)), ("last", last_park.get(sent[0])), ("focal", ctx.focal_park)):
            if ent is not None and ent not in named:
                implicit[ent].append(kind)
        if not any(m.type == REPORT for m in ments) and last_report.get(sent[0]) is not None:
            implicit[last_report[sent[0]]].append("report")
        ments[:0] = [Mention(sent[0], sent[0], ent, ctx.entities[ent].type, anaphor=True) for ent in sorted(implicit)]
        runs = {id(m): (k, len(run)) for run in lists(ctx, [m for m in ments if m.end > m.start])
                for k, m in enumerate(run) if len(run) > 1}
        table = "|" in ctx.text[sent[0]:sent[1]]
        cue_hits = [(name, m.start(), m.end()) for name, p in cues for m in p.finditer(ctx.text, sent[0], sent[1])]
        best: dict[tuple[int, int], tuple[int, Mention, Mention]] = {}
        for i, a in enumerate(ments):
            for j in range(i + 1, len(ments)):
                b = ments[j]
                pseudo = a.end == a.start
                if not pseudo and (b.start - a.end > MAX_GAP or j - i - 1 > MAX_BETWEEN):
                    break
                if a.entity == b.entity:
                    continue
                gap = b.start - a.end
                for x, y in ((a, b), (b, a)):
                    if (ctx.entities[x.entity].type, ctx.entities[y.entity].type) not in _ALLOWED:
                        continue
                    key = (x.entity, y.entity)
                    dist = 10_000 if pseudo else max(gap, 0)
                    if key not in best or dist < best[key][0]:
                        best[key] = (dist, a, b)
        for (src, dst), (dist, first, second) in best.items():
            feats = _features(ctx, sent, src, dst, first, second, ments, runs, table, cue_hits, implicit)
            feats |= fired.get((src, dst), set()) | fired.get((src, dst, sent[0]), set())  # type: ignore[arg-type]
            out.append(Candidate(src, dst, sent, tuple(sorted(feats))))
    return out


def _features(ctx: Context, sent: tuple[int, int], src: int, dst: int, first: Mention, second: Mention,
              ments: list[Mention], runs: dict[int, tuple[int, int]], table: bool,
              cue_hits: list[tuple[str, int, int]], implicit: dict[int, list[str]]) -> set[str]:
    text = ctx.text
    st, dt = ctx.entities[src].type, ctx.entities[dst].type
    sn, dn = ctx.entities[src].name, ctx.entities[dst].name
    pair = f"{st}>{dt}"
    forward = first.entity == src
    pseudo = first.end == first.start
    f = {f"pair:{pair}", f"pair_order:{pair}:{'fwd' if forward else 'back'}",
         f"src_suffix:{st}:{sn[-2:]}", f"dst_suffix:{dt}:{dn[-2:]}"}
    if dn in sn and dn != sn:
        f.add("dst_inside_src_name")  # 西安经开区泾渭工业园 in 西安经开区
    if pseudo:  # the sentence does not name it: the park (report) it speaks of, named before
        for kind in implicit[first.entity]:
            f.add(f"implicit:{kind}")
            f.add(f"implicit:{kind}:{pair}")
        lo, hi = second.start, second.start
    else:
        lo, hi = first.end, second.start
        gap = hi - lo
        bucket = "0" if gap <= 0 else "1-3" if gap <= 3 else "4-10" if gap <= 10 else "11-30" if gap <= 30 else "31+"
        f.add(f"gap:{bucket}")
        f.add(f"gap_pair:{pair}:{bucket}:{'fwd' if forward else 'back'}")
        between = text[lo:hi]
        if not _CLAUSE.search(between):
            f.add("same_clause")
        n_between = sum(1 for m in ments if lo <= m.start and m.end <= hi and m.end > m.start)
        f.add(f"n_between:{min(n_between, 3)}")
        if any(lo <= m.start and m.end <= hi and ctx.entities[m.entity].type == ctx.entities[second.entity].type
               for m in ments):
            f.add("nearer_same_type")
        if len(between) <= 24:
            f.update(f"bi:{between[k:k + 2]}" for k in range(len(between) - 1))
            if between:
                f.add(f"between:{between}" if len(between) <= 4 else f"between_ends:{between[:2]}…{between[-2:]}")
    for name, cs, ce in cue_hits:
        if lo <= cs and ce <= hi:
            f.add(f"cue_between:{name}")
            f.add(f"cue_between:{name}:{pair}")
        elif ce <= first.start and first.start - ce <= WINDOW:
            f.add(f"cue_before:{name}")
        elif cs >= second.end and cs - second.end <= WINDOW:
            f.add(f"cue_after:{name}")
        else:
            f.add(f"cue_sentence:{name}")
    left = text[max(sent[0], first.start - 2):first.start]
    right = text[second.end:min(sent[1], second.end + 2)]
    f.add(f"left:{left}")
    f.add(f"right:{right}")
    outside = text[max(sent[0], first.start - WINDOW):first.start] + "|" + text[second.end:second.end + WINDOW]
    f.update(f"around:{outside[k:k + 2]}" for k in range(len(outside) - 1) if "|" not in outside[k:k + 2])
    rivals = {m.entity for m in ments if ctx.entities[m.entity].type == dt}
    f.add(f"dst_rivals:{min(len(rivals), 3)}")
    if not pseudo and first.start - sent[0] <= 4:
        f.add("first_opens_sentence")
    for role, m in (("src", first if forward else second), ("dst", second if forward else first)):
        if id(m) in runs:
            k, n = runs[id(m)]
            f.add(f"{role}_in_list")
            f.add(f"{role}_list_{'first' if k == 0 else 'last' if k == n - 1 else 'mid'}")
        if m.anaphor:
            f.add(f"{role}_anaphor")
        if m.entity == ctx.focal_park:
            f.add(f"{role}_focal")
        if m.end > m.start and _RANK_BEFORE.search(text[max(sent[0], m.start - 6):m.start]):
            f.add(f"{role}_ranked")
    if id(first) in runs and id(second) in runs and _same_run(text, first, second):
        f.add("same_list")
    if ctx.topic(sent) == dst:
        f.add("dst_topic")
    if table:
        f.add("table_row")
    return f


def _named_before(ctx: Context, typ: str) -> dict[int, int]:
    """Per sentence start: the entity of a type named last before it: the report a ranking's rows
    (numbered lines, table rows, a list after 分别为) belong to, the park a paragraph goes on about."""
    out, last, k = {}, None, 0
    reports = [m for m in ctx.mentions if m.type == typ and not m.anaphor]
    for s, _ in ctx.sentences:
        while k < len(reports) and reports[k].start < s:
            last = reports[k].entity
            k += 1
        if last is not None:
            out[s] = last
    return out


def _same_run(text: str, a: Mention, b: Mention) -> bool:
    """Both ends in one list (A、B和C): nothing but list joints between them."""
    return bool(re.fullmatch(r"[、和及与,，\s]*", text[a.end:b.start])) and b.start - a.end <= 3
