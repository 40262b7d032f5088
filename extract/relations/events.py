"""HELD_IN: where an event took place."""
from __future__ import annotations

import re

from kg.ontology import EVENT, HELD_IN, PARK, REGION

from .base import Context, Relation

_HOLD = re.compile(r"^(?:隆重|盛大|正式|成功)?(?:举办|召开|举行|开幕|启幕|开展|落幕)")
_GAP = re.compile(r"^[^，。；]{0,16}?(?:在|于)$")


def held_in(ctx: Context) -> list[Relation]:
    out = []
    for sent, mentions in ctx.by_sentence:
        s, e = sent
        places = [m for m in mentions if m.type in (PARK, REGION)]
        for ev in (m for m in mentions if m.type == EVENT):
            for p in places:
                if p.start > ev.end and _GAP.match(ctx.text[ev.end:p.start]) and _HOLD.match(ctx.text[p.end:e]):
                    date = ctx.date_in(s, e)
                    out.append(Relation(ev.entity, HELD_IN, p.entity, {"date": date} if date else {}, sent, "rule:held_in", 0.9))
                    break
                if p.end <= ev.start and re.fullmatch(r"(?:在|于)", ctx.text[max(s, p.start - 1):p.start]) \
                        and re.fullmatch(r"(?:举办|召开|举行)的", ctx.text[p.end:ev.start]):
                    date = ctx.date_in(s, e)
                    out.append(Relation(ev.entity, HELD_IN, p.entity, {"date": date} if date else {}, sent, "rule:held_in", 0.85))
                    break
    return out
