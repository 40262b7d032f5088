"""What a table's rows say: a rank and a name (RANKED_IN), an enterprise and its chain
(IN_CHAIN) or its park (LOCATED_IN), a park and its province (LOCATED_IN).

Columns are known by their headers (extract/tables.py); a row's cells are read through the
mentions that cover them, so a cell holding a known name resolves to that entity.
"""
from __future__ import annotations

import re

from kg.ontology import CHAIN, ENTERPRISE, IN_CHAIN, LOCATED_IN, PARK, RANKED_IN, REGION, SETTLED_IN, UNIVERSITY

from ..tables import RANK, Cell, Table, find_tables
from .base import Context, Mention, Relation
from .ranking import report_for, year_props

#: (role of the source column, relationship, role of the target column)
_ROW_FACTS = (
    (ENTERPRISE, IN_CHAIN, CHAIN),
    (ENTERPRISE, LOCATED_IN, PARK),
    (PARK, LOCATED_IN, REGION),
    (UNIVERSITY, LOCATED_IN, PARK),
)
_RANKED = (PARK, ENTERPRISE, UNIVERSITY)


#: A table of signings: its header or the words just before it say the firms listed settle (部分签约
#: 项目如下：| 序号 | 签约企业 | 项目名称 |).
_SIGNED = re.compile(r"签约|入驻|落户|落地|引进|入园")
_INTRO_REACH = 60


def table_rows(ctx: Context) -> list[Relation]:
    out = []
    for table in find_tables(ctx.text):
        out += _signed_rows(ctx, table)
        for row in table.rows:
            cells = dict(zip(table.roles, row))
            sent = (row[0].start, row[-1].end)
            named = {role: _mention(ctx, cell) for role, cell in cells.items() if role not in (None, RANK)}
            rank = cells.get(RANK)
            if rank is not None and rank.text.isdigit():
                subject = next((named[r] for r in _RANKED if named.get(r) is not None), None)
                report = report_for(ctx, [], row[0].start)
                if subject is not None and report is not None:
                    props = dict(year_props(ctx, report, *sent), rank=int(rank.text))
                    out.append(Relation(subject.entity, RANKED_IN, report, props, sent, "rule:table_rank", 0.9))
            for src, rel, dst in _ROW_FACTS:
                a, b = named.get(src), named.get(dst)
                if a is not None and b is not None and a.entity != b.entity:
                    out.append(Relation(a.entity, rel, b.entity, {}, sent, "rule:table_row", 0.85))
    return out


def _signed_rows(ctx: Context, table: Table) -> list[Relation]:
    header_end = ctx.text.find("\n", table.start)
    intro = ctx.text[max(0, table.start - _INTRO_REACH):header_end if header_end != -1 else table.start]
    if RANK in table.roles or not _SIGNED.search(intro):
        return []
    sent = ctx.sentence_of(max(0, table.start - 1))
    park, _ = ctx.park_for(sent, [m for m in ctx.mentions if sent[0] <= m.start and m.end <= sent[1]], table.start)
    if park is None:
        return []
    return [Relation(firm.entity, SETTLED_IN, park, {}, (row[0].start, row[-1].end), "rule:table_signed", 0.8)
            for row in table.rows for firm in [_mention(ctx, row[table.roles.index(ENTERPRISE)])] if firm is not None] \
        if ENTERPRISE in table.roles else []


def _mention(ctx: Context, cell: Cell) -> Mention | None:
    """The name a cell holds: the longest mention inside it."""
    inside = ctx.within(cell.start, cell.end)
    return max(inside, key=lambda m: m.end - m.start) if inside else None
