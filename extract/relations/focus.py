"""Which park an article, and each of its sentences, speaks of; and the words that stand for it.

Park news names its park once and then writes 该区, 园区, 区内, 这里, 汇聚于此, or a bare 高新区
for it. Facts stated with those words (园区聚集了A、B…; 这里将重点发展…) belong to that park, so
the anaphors become mentions of it before the relation rules run.
"""
from __future__ import annotations

import re
from collections import Counter

from kg.ontology import PARK

from .base import SUBJECT_REACH, Context, Mention, lists

#: Words that stand for the park being spoken of, whatever its name.
_ANY_PARK = re.compile(r"该园区|该区|本区|园区内|园区|区内|园内|这里|(?<=[于在])此(?![前后次外间时])")
#: Bare park words that stand for a park whose own name ends the same way (高新区 for 西安高新区).
_KIND_WORDS = ("高新区", "经开区", "开发区", "科学城", "科技城", "科学园", "科技园", "产业园", "新区", "医学城")
_KIND_WORD = re.compile("|".join(_KIND_WORDS))


def focal_park(ctx: Context) -> int | None:
    """The park the article is about: named most often, at least twice and more than any other,
    outside lists of parks (a ranking names many once)."""
    listed = {id(m) for run in lists(ctx, [m for m in ctx.mentions if m.type == PARK]) if len(run) >= 3 for m in run}
    named = Counter(m.entity for m in ctx.mentions if m.type == PARK and id(m) not in listed)  # a ranking lists many
    if not named:
        return None
    taken = [(m.start, m.end) for m in ctx.mentions]
    for word in _KIND_WORD.finditer(ctx.text):  # a bare 高新区 counts for the one park it can stand for
        if any(a < word.end() and word.start() < b for a, b in taken):
            continue
        fits = [p for p in named if _may_stand_for(ctx, word.group(), p)]
        if len(fits) == 1:
            named[fits[0]] += 1
    ranked = named.most_common()
    best, count = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    return best if count >= 2 and count > runner_up else None


def resolve_anaphora(ctx: Context) -> None:
    """Add a mention of the park meant for each anaphor, and note each sentence's topic park."""
    focal = ctx.focal_park
    taken = [(m.start, m.end) for m in ctx.mentions]
    added: list[Mention] = []
    topics: list[int | None] = []
    topic = focal
    prev_end = 0
    for (s, e), mentions in ctx.by_sentence:
        if "\n" in ctx.text[prev_end:s]:
            topic = focal  # a new paragraph starts from the article's park
        prev_end = e
        parks = [m for m in mentions if m.type == PARK]
        if parks and parks[0].start - s <= SUBJECT_REACH:
            topic = parks[0].entity
        topics.append(topic)
        for found in _anaphors(ctx, s, e):
            a, b = found.span()
            if any(ts < b and a < te for ts, te in taken):
                continue
            before = [m.entity for m in parks if m.end <= a]
            subject = [parks[0].entity] if parks and parks[0].start - s <= SUBJECT_REACH and parks[0].end <= a else []
            options = [*subject, *before[-1:], focal, *_only_park_called(ctx, found.group())]
            target = next((p for p in options if p is not None and _may_stand_for(ctx, found.group(), p)), None)
            if target is None:
                continue
            added.append(Mention(a, b, target, PARK, anaphor=True))
    ctx.topics = topics
    if added:
        ctx.add_mentions(added)


def _anaphors(ctx: Context, s: int, e: int) -> list[re.Match[str]]:
    found = list(_ANY_PARK.finditer(ctx.text, s, e)) + list(_KIND_WORD.finditer(ctx.text, s, e))
    return sorted(found, key=lambda m: m.start())


def _only_park_called(ctx: Context, word: str) -> list[int]:
    """The one park of the article whose name ends with a bare park word, if only one does."""
    if word not in _KIND_WORDS:
        return []
    fits = {m.entity for m in ctx.mentions if m.type == PARK and not m.anaphor and _may_stand_for(ctx, word, m.entity)}
    return list(fits) if len(fits) == 1 else []


def _may_stand_for(ctx: Context, word: str, target: int) -> bool:
    """A bare 高新区 stands for a park whose name or alias ends with 高新区; 园区, 这里 for any."""
    if word not in _KIND_WORDS:
        return True
    ent = ctx.entities[target]
    return any(n.endswith(word) for n in (ent.name, *ent.aliases))
