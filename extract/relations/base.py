"""What every relation rule needs: the article's mentions by sentence, its lists and dates.

Rules are small functions over this context, one module per relationship family; each
relation they return names its rule (`method`) and how far the rule is trusted.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property

from kg.ontology import PARK

from ..dates import DateMention, find_dates
from ..resolve import Entity

#: How far into a sentence a park may stand and still be what the sentence is about
#: (作为…, 在…, 目前…, ahead of it).
SUBJECT_REACH = 12
LIST_GAP = re.compile(r"^(?:[“\"「][^”\"」]{0,12}[”\"」])?(?:、|和|及|以及|,)$")


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    entity: int  # index into Context.entities
    type: str
    anaphor: bool = False  # 该区, 园区, 这里…: the park it stands for (focus.py)


@dataclass
class Relation:
    source: int
    type: str
    target: int
    properties: dict
    evidence: tuple[int, int]
    method: str
    confidence: float


@dataclass
class Context:
    """One article, its entities and the facts around them that rules consult."""

    text: str
    entities: list[Entity]
    sentences: list[tuple[int, int]]
    year: int | None
    lead_date: DateMention | None
    mentions: list[Mention] = field(default_factory=list)
    focal_park: int | None = None  # the park the article is about (focus.py)
    topics: list[int | None] = field(default_factory=list)  # per sentence: the park it speaks of

    def __post_init__(self) -> None:
        self.mentions = sorted(
            (Mention(s, e, i, ent.type) for i, ent in enumerate(self.entities) if not ent.nested for s, e in ent.mentions),
            key=lambda m: m.start)

    @cached_property
    def by_sentence(self) -> list[tuple[tuple[int, int], list[Mention]]]:
        """Each sentence with the mentions inside it, computed once per article."""
        out = []
        k = 0
        for s, e in self.sentences:
            while k < len(self.mentions) and self.mentions[k].start < s:
                k += 1
            j = k
            inside = []
            while j < len(self.mentions) and self.mentions[j].start < e:
                if self.mentions[j].end <= e:
                    inside.append(self.mentions[j])
                j += 1
            out.append(((s, e), inside))
        return out

    def add_mentions(self, extra: list[Mention]) -> None:
        """Mentions found after the entities (anaphors); the per-sentence view is rebuilt."""
        self.mentions = sorted([*self.mentions, *extra], key=lambda m: m.start)
        self.__dict__.pop("by_sentence", None)

    def topic(self, sent: tuple[int, int]) -> int | None:
        """The park a sentence speaks of when it names none before a fact: its own subject park,
        else the one the paragraph is about, else the article's."""
        k = bisect.bisect_left(self.sentences, sent)
        return self.topics[k] if k < len(self.topics) else self.focal_park

    def park_for(self, sent: tuple[int, int], mentions: list[Mention], pos: int) -> tuple[int | None, str]:
        """The park a fact at `pos` belongs to, and how it was found: the nearest park before it in
        its clause, else the sentence's subject park, else the park the sentence speaks of."""
        cs, _ = clause_bounds(self, pos, sent)
        for m in reversed(mentions):
            if m.type == PARK and cs <= m.start and m.end <= pos:
                return m.entity, "clause"
        parks = [m for m in mentions if m.type == PARK and m.end <= pos]
        if parks and parks[0].start - sent[0] <= SUBJECT_REACH:
            return parks[0].entity, "subject"
        topic = self.topic(sent)
        return topic, "topic"

    def within(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.mentions if start <= m.start and m.end <= end]

    def sentence_of(self, pos: int) -> tuple[int, int]:
        for s, e in self.sentences:
            if s <= pos < e:
                return s, e
        return pos, pos

    def date_in(self, start: int, end: int) -> str | None:
        """The date a sentence states, completed with the article's year."""
        for d in find_dates(self.text[start:end]):
            iso = d.iso(self.year)
            if iso:
                return iso
        return None

    def lead_iso(self) -> str | None:
        return self.lead_date.iso(self.year) if self.lead_date else None


def lists(ctx: Context, mentions: list[Mention]) -> list[list[Mention]]:
    """Runs of mentions joined by 、/和/及 (a quoted nickname may trail a member)."""
    runs: list[list[Mention]] = []
    for m in mentions:
        if runs and LIST_GAP.match(ctx.text[runs[-1][-1].end:m.start]):
            runs[-1].append(m)
        else:
            runs.append([m])
    return runs


def run_ending_before(ctx: Context, mentions: list[Mention], pos: int, filler: re.Pattern[str],
                      types: frozenset[str]) -> list[Mention]:
    """The list whose last member ends just before `pos`, with only `filler` text in between."""
    for run in reversed(lists(ctx, [m for m in mentions if m.end <= pos])):
        if filler.fullmatch(ctx.text[run[-1].end:pos]):
            return [m for m in run if m.type in types]
        return []
    return []


def run_starting_after(ctx: Context, mentions: list[Mention], pos: int, filler: re.Pattern[str],
                       types: frozenset[str]) -> list[Mention]:
    """The list whose first member starts just after `pos`, with only `filler` text in between."""
    for run in lists(ctx, [m for m in mentions if m.start >= pos]):
        if filler.fullmatch(ctx.text[pos:run[0].start]):
            return [m for m in run if m.type in types]
        return []
    return []


def trigger_clauses(ctx: Context, pattern: re.Pattern[str]):
    """Each match of a cue pattern, with its sentence, the mentions of its clause and the clause."""
    for sent, mentions in ctx.by_sentence:
        s, e = sent
        starts = [m.start for m in mentions]  # mentions are in text order and do not overlap
        for trig in pattern.finditer(ctx.text, s, e):
            k = bisect.bisect_left(starts, trig.start())
            if k and mentions[k - 1].end > trig.start():
                continue  # the cue is inside a name (科学与技术)
            cs, ce = clause_bounds(ctx, trig.start(), sent)
            inside = mentions[bisect.bisect_left(starts, cs):bisect.bisect_left(starts, ce)]
            yield sent, trig, [m for m in inside if m.end <= ce], (cs, ce)


def inside_name(mentions: list[Mention], cue: re.Match[str]) -> bool:
    """The cue is part of a name (科学与技术, 落户 inside an event's name), not a cue. Mentions are
    in text order and names do not overlap, so only the one starting last before the cue's end
    can hold it."""
    k = bisect.bisect_left([m.start for m in mentions], cue.end())
    return any(m.end > cue.start() and not m.anaphor for m in mentions[max(0, k - 2):k])


def clause_bounds(ctx: Context, pos: int, sent: tuple[int, int], stops: str = "，；,;") -> tuple[int, int]:
    s, e = sent
    left = max((ctx.text.rfind(ch, s, pos) for ch in stops), default=-1)
    right_candidates = [i for i in (ctx.text.find(ch, pos, e) for ch in stops) if i != -1]
    return (left + 1 if left >= s else s), (min(right_candidates) if right_candidates else e)
