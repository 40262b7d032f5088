"""Bytes → clean article text, with a map back to the characters as they were read.

News reaches us as PDF extractions (hard-wrapped lines, names split across blank lines,
full-width digits, stray spaces around numbers) and as web pages in several encodings.
Everything downstream matches on the normalised text, and every offset we emit refers to it;
`Normalized.raw_offset` turns such an offset back into one of the decoded input.
"""
from __future__ import annotations

import bisect
import codecs
import re
import statistics
from dataclasses import dataclass, field
from functools import lru_cache

from charset_normalizer import from_bytes

from .markup import looks_like_html, visible_text


class InputError(ValueError):
    """Input that cannot be read as Chinese text; the message is one line for the user."""


_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_PUNCT = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2018-\u201f\u2026\u2014\u00b7"
CJK_CLASS = f"[{_CJK}]"

# Full-width digits and letters fold to ASCII; full-width punctuation stays, it is how
# Chinese text marks clauses and the sentence splitter relies on it.
_FOLD = {cp: cp - 0xFEE0 for cp in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]}
_FOLD.update({0x3000: 0x20, 0x00A0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x0009: 0x20})

# ASCII punctuation inside Chinese text is Chinese punctuation typed on the wrong keyboard
# (前三季度 , 该区; 苏州高新区(上海)); folding it lets clauses and sentences split as they should.
_PUNCT_FOLD = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）"}
_ASCII_PUNCT = re.compile(rf"(?<=[{_CJK}])[,;:!?()]|[,;:!?()](?=[{_CJK}])")
_TERMINAL = "。！？!?…"
_CLOSERS = "”’」』）)》"
_ADJ = f"{_CJK}{_CJK_PUNCT}"
# One alternation so the text is walked once: newline runs (with the spaces around them),
# spaces touching CJK text, other space runs, invisible characters.
_WS = re.compile(
    rf"(?P<nl>[ ]*[\r\n][\s\u3000]*)"
    rf"|(?P<cjk>(?<=[{_ADJ}])[ ]+|[ ]+(?=[{_ADJ}]))"
    r"|(?P<sp>[ ]{2,})"
    r"|(?P<zw>[\u200b\u200c\u200d\u2060\ufeff\u00ad])"
)


@dataclass(frozen=True)
class Normalized:
    """Normalised text plus the shifts needed to find each character in the decoded input."""

    text: str
    _at: list[int] = field(default_factory=list, repr=False)
    _shift: list[int] = field(default_factory=list, repr=False)

    def raw_offset(self, i: int) -> int:
        """Offset in the decoded input of the character at `i` in `text`."""
        k = bisect.bisect_right(self._at, i) - 1
        return i + (self._shift[k] if k >= 0 else 0)


def decode(data: bytes) -> str:
    """Decode news bytes: BOMs, UTF-8, GB18030/GBK and Big5, detected rather than guessed; an
    HTML page becomes its visible text.

    Raises InputError for empty, binary or undecodable input so the CLI can report it in one
    line and carry on with the other files.
    """
    text = _decoded(data)
    if looks_like_html(text):
        text = visible_text(text)
        if not text.strip():
            raise InputError("an HTML page with no visible text")
    return text


def _decoded(data: bytes) -> str:
    if not data.strip():
        raise InputError("empty input")
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _checked(data.decode(enc, errors="strict"))
    if b"\x00" in data:
        raise InputError("binary data (NUL bytes), not text")
    try:
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            return _checked(data[: exc.start].decode("utf-8"))  # truncated last character
    decoded = []
    for enc in ("gb18030", "big5hkscs"):
        try:
            decoded.append(data.decode(enc))
        except UnicodeDecodeError:
            continue
    decoded = [t for t in decoded if _looks_chinese(t)]
    if decoded:
        return _checked(max(decoded, key=_wordiness))
    best = from_bytes(data).best()
    if best is not None and _looks_chinese(str(best)):
        return _checked(str(best))
    raise InputError("undecodable bytes: not UTF-8, GB18030/GBK or Big5 text")


def _looks_chinese(text: str) -> bool:
    sample = text[:4000]
    han = len(re.findall(CJK_CLASS, sample))
    return han >= max(1, len(sample.strip()) // 10)


def _wordiness(text: str) -> int:
    """How many adjacent character pairs are Chinese words: GB18030 bytes read as Big5 (or the
    reverse) decode without error but into characters that form no words."""
    import jieba

    jieba.initialize()
    sample = text[:2000]
    return sum(1 for i in range(len(sample) - 1) if jieba.dt.FREQ.get(sample[i:i + 2]))


def _checked(text: str) -> str:
    sample = text[:4000]
    controls = sum(1 for ch in sample if ch < " " and ch not in "\n\r\t\f")
    if controls > len(sample) // 100 + 2:
        raise InputError("binary data (control characters), not text")
    if not text.strip():
        raise InputError("empty input")
    return text


def normalize(raw: str) -> Normalized:
    """Fold, join wrapped lines and drop layout spaces, keeping real paragraph breaks."""
    folded = raw.translate(_FOLD)
    lines = [len(line.strip()) for line in folded.splitlines() if line.strip()]
    wrap = statistics.median(lines) if len(lines) >= 4 else 0
    # A PDF column wraps at a nearly fixed width; web paragraphs vary widely in length.
    even = sum(1 for n in lines if 0.75 * wrap <= n <= 1.25 * wrap) >= 0.6 * len(lines)
    hard_wrapped = 6 <= wrap <= 60 and even
    out: list[str] = []
    at: list[int] = []
    shift: list[int] = []
    pos = 0  # in folded
    olen = 0  # length of output so far
    total = 0  # characters removed so far

    def cut(start: int, end: int, keep: str) -> None:
        nonlocal pos, olen, total
        out.append(folded[pos:start])
        olen += start - pos
        out.append(keep)
        olen += len(keep)
        total += (end - start) - len(keep)
        at.append(olen)
        shift.append(total)
        pos = end

    columns, table_lines = _column_gaps(folded)
    for m in _WS.finditer(folded):
        start, end = m.span()
        kind = m.lastgroup
        if (start, end) in columns:
            cut(start, end, "|")  # a table laid out with spaces: its cells kept apart (extract/tables.py)
        elif kind == "nl":
            at_edge = start == 0 or end == len(folded)
            if at_edge:
                keep = ""
            elif _is_break(folded, start, hard_wrapped, wrap) or _touches(table_lines, start, end):
                keep = "\n"
            else:  # a wrapped line: join, with a space only between two Latin words
                keep = " " if folded[start - 1].isascii() and folded[end].isascii() and folded[start - 1].isalnum() and folded[end].isalnum() else ""
            cut(start, end, keep)
        elif kind == "sp":
            if start == 0 or end == len(folded):
                cut(start, end, "")
            else:
                cut(start, end, " ")
        else:
            cut(start, end, "")
    out.append(folded[pos:])
    text = _ASCII_PUNCT.sub(lambda m: _PUNCT_FOLD[m.group()], "".join(out))
    return Normalized(text, at, shift)


#: A ranked row starts with its rank and a name (1苏州工业园区江苏, | 2 | …), not with a count
#: (65家…, 110条。…: a PDF line that wraps before a number).
_ROW_START = re.compile(r"\d{1,3}[ \t.、．|]*(?![家条个项年月日号%％万亿元名位人次所届期批件台套种])[\u4e00-\u9fffA-Za-z]|\|")


_GAP = re.compile(r"[ ]+")


def _touches(lines: list[tuple[int, int]], start: int, end: int) -> bool:
    """Does the line break between `start` and `end` end or begin a line of a table?"""
    return any(b == start or a == end for a, b in lines)


def _column_gaps(text: str) -> tuple[set[tuple[int, int]], list[tuple[int, int]]]:
    """Runs of spaces that separate a table's columns. A table line has two or more runs of two
    spaces or more (1　　昆明…　　昆明市), and so does a line next to it; the header beside such
    lines may separate its cells with single spaces (序号　开发区名称　所在州（市））."""
    lines: list[list[tuple[int, int]]] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            lines.append([(pos + m.start(), pos + m.end()) for m in _GAP.finditer(line)
                          if line[:m.start()].strip() and line[m.end():].strip()])
            spans.append((pos + len(line) - len(line.lstrip()), pos + len(line.rstrip())))
        pos += len(line) + 1
    wide = [sum(1 for a, b in gaps if b - a >= 2) >= 2 for gaps in lines]
    rows = [wide[k] and any(wide[j] for j in (k - 1, k + 1) if 0 <= j < len(lines)) for k in range(len(lines))]
    out: set[tuple[int, int]] = set()
    table: list[tuple[int, int]] = []
    for k, gaps in enumerate(lines):
        header = not rows[k] and len(gaps) >= 2 and k + 1 < len(lines) and rows[k + 1]
        if rows[k] or header:
            out.update(gaps)
            table.append(spans[k])
    return out, table


def _is_break(text: str, start: int, hard_wrapped: bool, wrap: float) -> bool:
    """Is the line ending at `start` the end of a paragraph rather than a PDF wrap?"""
    prev = text[start - 1]
    if prev in _TERMINAL or (prev in _CLOSERS and start >= 2 and text[start - 2] in _TERMINAL):
        return True
    if not hard_wrapped:
        return True
    line = text[text.rfind("\n", 0, start) + 1:start].strip()
    following = text[start:start + 80].lstrip()
    if (_ROW_START.match(line) and _ROW_START.match(following)) or line.endswith("|"):
        return True  # rows of a table (1苏州工业园区江苏 / | 2 | …), however short

    # A short line is a headline or a paragraph's last line, unless a sentence ends inside it
    # and goes on (…企业。党 / 工委…): then it is the short tail of a wrapped paragraph.
    return len(line) < 0.6 * wrap and not any(ch in line for ch in "。！？")


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def simplified_view(text: str) -> str | None:
    """The same text in simplified characters, if it is written in traditional ones.

    Matching runs on this view; names are still reported as written. The view has the same
    length as `text` so offsets carry over; OpenCC's phrase conversions that would change
    length are redone character by character.
    """
    sample = text[:3000]
    conv = _t2s().convert(sample)
    if conv == sample:
        return None
    changed = sum(1 for a, b in zip(sample, conv) if a != b)
    if changed < 3 or changed * 50 < len(re.findall(CJK_CLASS, sample)):
        return None
    full = _t2s().convert(text)
    if len(full) == len(text):
        return full
    return "".join(c if len(c := _t2s().convert(ch)) == 1 else ch for ch in text)
