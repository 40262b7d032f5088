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
_ANY_PARK_WORDS = ("该园区", "该区", "本区", "园区内", "园区", "区内", "园内", "这里")
#: Bare park words that stand for a park whose own name ends the same way (高新区 for 西安高新区).
_KIND_WORDS = ("高新区", "经开区", "开发区", "科学城", "科技城", "科学园", "科技园", "产业园", "新区", "医学城")
_KIND_WORD = re.compile("|".join(_KIND_WORDS))
#: One pass over both, longest first, so that 高新区内 or 产业园区 give one anaphor, not two; 此 only
#: as 于此/在此 (汇聚于此), not 在此基础上/在此期间; a bare kind word after 国家级/各/全 is the kind.
_ANAPHOR = re.compile(
    r"(?<!国家级)(?<![各全省市])(?:" + "|".join(sorted((*_ANY_PARK_WORDS, *_KIND_WORDS), key=len, reverse=True)) + r")"
    r"|(?<=[于在])此(?![前后次外间时基期])"
)


def focal_park(ctx: Context) -> int | None:
    """The park the article is about: named most often, at least twice and more than any other,
    outside lists of parks (a ranking names many once)."""
    listed = {id(m) for run in lists(ctx, [m for m in ctx.mentions if m.type == PARK]) if len(run) >= 3 for m in run}
    named = Counter(m.entity for m in ctx.mentions if m.type == PARK and id(m) not in listed)  # a ranking lists many
    if not named:
        return None
    taken = _occupied(ctx)
    fitting: dict[str, list[int]] = {}
    for word in _KIND_WORD.finditer(ctx.text):  # a bare 高新区 counts for the one park it can stand for
        if any(taken[word.start():word.end()]):
            continue
        fits = fitting.setdefault(word.group(), [p for p in named if _may_stand_for(ctx, word.group(), p)])
        if len(fits) == 1:
            named[fits[0]] += 1
    ranked = named.most_common()
    best, count = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    return best if count >= 2 and count > runner_up else None


def resolve_anaphora(ctx: Context) -> None:
    """Add a mention of the park meant for each anaphor, and note each sentence's topic park."""
    focal = ctx.focal_park
    taken = _occupied(ctx)
    only: dict[str, list[int]] = {}
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
        for found in _ANAPHOR.finditer(ctx.text, s, e):
            a, b = found.span()
            if any(taken[a:b]):
                continue
            before = [m.entity for m in parks if m.end <= a]
            subject = [parks[0].entity] if parks and parks[0].start - s <= SUBJECT_REACH and parks[0].end <= a else []
            word = found.group()
            if word not in only:
                only[word] = _only_park_called(ctx, word)
            options = [*subject, *before[-1:], focal, *only[word]]
            target = next((p for p in options if p is not None and _may_stand_for(ctx, found.group(), p)), None)
            if target is None:
                continue
            added.append(Mention(a, b, target, PARK, anaphor=True))
            taken[a:b] = b"\x01" * (b - a)
    ctx.topics = topics
    if added:
        ctx.add_mentions(added)


def _occupied(ctx: Context) -> bytearray:
    """One flag per character of the text: inside a named mention or not."""
    flags = bytearray(len(ctx.text))
    for m in ctx.mentions:
        flags[m.start:m.end] = b"\x01" * (m.end - m.start)
    return flags


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
