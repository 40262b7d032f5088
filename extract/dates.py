"""Dates as Chinese news writes them, resolved against the article's year.

Bylines usually give only 11月1日; the year comes from the article (a dateline, a
publication line, or the years its text talks about), so every date found here carries
whether its year was stated or must be supplied.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_FULL = re.compile(r"(?<!\d)(20\d{2}|19\d{2})\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]|[-/.](\d{1,2})[-/.](\d{1,2})(?!\d))")
_MONTH_DAY = re.compile(r"(?<![\d年])(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
_YEAR = re.compile(r"(?<!\d)(20\d{2})(?!\d)\s*(年(?!前|底前|内)|[\u4e00-\u9fff])")
_FUTURE_CUE = re.compile(r"(?:到|至|预计|力争|计划|目标)\s*$")


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    year: int | None
    month: int
    day: int

    def iso(self, default_year: int | None) -> str | None:
        """ISO form, taking the year from the article when the text left it out."""
        year = self.year or default_year
        if year is None:
            return None
        try:
            return date(year, self.month, self.day).isoformat()
        except ValueError:
            return None


def find_dates(text: str) -> list[DateMention]:
    """Every calendar date in `text`, in order; month/day-only dates have year None."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for m in _FULL.finditer(text):
        month, day = (m.group(2), m.group(3)) if m.group(2) else (m.group(4), m.group(5))
        found.append(DateMention(m.start(), m.end(), int(m.group(1)), int(month), int(day)))
        taken.append(m.span())
    for m in _MONTH_DAY.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        found.append(DateMention(m.start(), m.end(), None, int(m.group(1)), int(m.group(2))))
    found.sort(key=lambda d: d.start)
    return [d for d in found if 1 <= d.month <= 12 and 1 <= d.day <= 31]


def article_year(text: str, today: date | None = None) -> int | None:
    """The year an article is written in, when it states no full date.

    Takes the latest year the text speaks of as past or present (2024年以来, 2024硬科技创新
    大会), ignoring targets (到2030年) and years after `today`.
    """
    limit = (today or date.today()).year
    years = []
    for m in _YEAR.finditer(text):
        y = int(m.group(1))
        if y > limit or _FUTURE_CUE.search(text[max(0, m.start() - 4):m.start()]):
            continue
        years.append(y)
    return max(years) if years else None
