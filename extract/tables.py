"""Tables inside an article: pipe-separated rows (markdown, or HTML tables as markup.py flattens
them) and what each column holds, read from the header.

A ranking or a list of chain enterprises is often a table: `| 排名 | 园区名称 | 所在省份 |` then
`| 1 | 中关村… | 北京 |`. A cell under 园区 names a park whatever its shape, and a row ties its
cells together (rank and park, enterprise and chain), so the pipeline takes cells as names and the
relation rules read rows.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.ontology import CHAIN, ENTERPRISE, PARK, REGION, UNIVERSITY

RANK = "rank"
#: Header words and the role of their column; the first that fits a header cell wins.
_ROLES = (
    (RANK, re.compile(r"排名|名次|位次|排序|^rank$", re.IGNORECASE)),  # not 序号: a row's number is no rank
    (REGION, re.compile(r"省份|省市|地区|所在地|所属地|城市|^省$|^市$|区域")),
    (PARK, re.compile(r"园区|开发区|高新区|经开区|产业园|示范区|所在园|所属园")),
    (UNIVERSITY, re.compile(r"高校|大学|院校|学校")),
    (ENTERPRISE, re.compile(r"企业|公司|链主|单位名称|^名称$")),
    (CHAIN, re.compile(r"产业链|产业|行业|领域|赛道")),
)
_RULE_CELL = re.compile(r":?-{2,}:?")
_NUMBER = re.compile(r"\d{1,4}")


@dataclass(frozen=True)
class Cell:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Table:
    """Data rows of one table, each a tuple of cells aligned with `roles` (None: not a name)."""

    roles: tuple[str | None, ...]
    rows: tuple[tuple[Cell, ...], ...]
    start: int = 0  # where the header row starts

    def cells(self, role: str) -> list[Cell]:
        """Every data cell of the columns with this role."""
        return [row[k] for row in self.rows for k, r in enumerate(self.roles) if r == role and k < len(row)]


def find_tables(text: str) -> list[Table]:
    """Every run of two or more pipe-separated lines whose first line is a header naming roles."""
    tables = []
    block: list[list[Cell]] = []
    if text.count("|") < 4:
        return tables
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        cells = _cells(text, start, end) if line.count("|") >= 2 else []
        if not cells:
            tables += _table(block)
            block = []
        elif not all(_RULE_CELL.fullmatch(c.text) for c in cells):
            block.append(cells)
    tables += _table(block)
    return tables


def _cells(text: str, start: int, end: int) -> list[Cell]:
    out = []
    pos = start
    for part in text[start:end].split("|"):
        s, e = pos, pos + len(part)
        pos = e + 1
        stripped = part.strip()
        if stripped:
            lead = len(part) - len(part.lstrip())
            out.append(Cell(s + lead, s + lead + len(stripped), stripped))
    return out


def _table(block: list[list[Cell]]) -> list[Table]:
    if len(block) < 2:
        return []
    header, *rows = block
    if any(_NUMBER.fullmatch(c.text) for c in header):
        return []  # no header: the columns' roles are unknown
    roles = tuple(next((role for role, words in _ROLES if words.search(c.text)), None) for c in header)
    if not any(r not in (None, RANK) for r in roles):
        return []
    return [Table(roles, tuple(tuple(r) for r in rows if len(r) == len(roles)), header[0].start)]
