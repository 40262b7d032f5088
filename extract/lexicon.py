"""The extractor's knowledge, loaded from `data/`: gazetteers, name shapes and word lists.

Nothing here is specific to one page: the files hold public facts (park, university and
institute names) and naming conventions, each with a header naming its source.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import ahocorasick
import jieba
import jieba.posseg

from kg.ontology import ENTITY_TYPES, INSTITUTE, UNIVERSITY

DATA = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class Entry:
    """A gazetteer name: its type, the canonical full name, and the other names it goes by."""

    name: str
    type: str
    canonical: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Shape:
    suffix: str
    type: str
    max_prefix: int
    chars: str  # cjk | mixed | paren
    needs: str  # - | year | parent | award


@dataclass(frozen=True)
class Lexicon:
    gazetteer: dict[str, Entry]  # every surface form (simplified) -> entry
    automaton: ahocorasick.Automaton
    shapes: dict[str, Shape]
    suffix_abbrev: tuple[tuple[str, str], ...]
    boundaries: frozenset[str]
    generic: frozenset[str]
    pos: dict[str, str]
    triggers: dict[tuple[str, str], re.Pattern[str]]  # (relationship type, role) -> its cue words


def data_rows(path: Path) -> list[list[str]]:
    """The tab-separated rows of a data file, its comment lines (#) and blank lines left out."""
    with path.open(encoding="utf-8") as fh:
        return [row for row in csv.reader((ln for ln in fh if ln.strip() and not ln.startswith("#")), delimiter="\t")]


def _words(path: Path) -> frozenset[str]:
    with path.open(encoding="utf-8") as fh:
        return frozenset(w for ln in fh if not ln.startswith("#") for w in ln.split())


def _triggers(path: Path) -> dict[tuple[str, str], re.Pattern[str]]:
    """Each (type, role)'s cue words as one alternation, longest first."""
    out = {}
    for row in data_rows(path):
        cues = sorted(row[2].split(), key=len, reverse=True)
        out[(row[0], row[1])] = re.compile("|".join(re.escape(c) for c in cues))
    return out


def abbreviations(name: str, rules: tuple[tuple[str, str], ...]) -> list[str]:
    """Short forms of a park name by its suffix (合肥高新技术产业开发区 → 合肥高新区)."""
    for full, short in rules:
        if name.endswith(full) and len(name) > len(full):
            return [name[: -len(full)] + short]
    return []


def _variants(name: str, typ: str, known: dict[str, Entry], abbrev: tuple[tuple[str, str], ...],
              park_suffixes: list[str]) -> list[str]:
    """Other ways news writes a listed name: suffix abbreviations, 中科院 for 中国科学院, ASCII
    parentheses, and for
    parks the name without its city (天津北辰经济技术开发区 → 北辰经济技术开发区), unless what
    is left names an industry or a place (苏州生物医药产业园 ↛ 生物医药产业园)."""
    out = abbreviations(name, abbrev)
    if name.startswith("中国科学院") and len(name) > 5:  # 中科院宁波材料技术与工程研究所
        out.append("中科院" + name[5:])
    ascii_parens = name.replace("（", "(").replace("）", ")")
    if ascii_parens != name:
        out.append(ascii_parens)
    if typ == "Park":
        for n in (3, 2):
            head, rest = name[:n], name[n:]
            region = known.get(head)
            suffix = next((s for s in park_suffixes if rest.endswith(s)), None)
            own = rest[: len(rest) - len(suffix)] if suffix else ""
            if region is not None and region.type == "Region" and len(own) >= 2 and own not in known:
                out += [rest, *abbreviations(rest, abbrev)]
                break
    return out


def _common_word(form: str) -> bool:
    """A short place name that is mostly an ordinary word (合作市 → 合作, 开放)."""
    tag = jieba.posseg.dt.word_tag_tab.get(form)
    return len(form) == 2 and tag is not None and not tag.startswith("ns")


@lru_cache(maxsize=1)
def load() -> Lexicon:
    """Load every data file once per process and teach jieba the names they hold."""
    abbrev = tuple((r[0], r[1]) for r in data_rows(DATA / "lexicon" / "suffix_abbreviations.tsv"))
    shapes = {r[0]: Shape(r[0], r[1], int(r[2]), r[3], r[4]) for r in data_rows(DATA / "lexicon" / "shapes.tsv")}
    park_suffixes = sorted((s.suffix for s in shapes.values() if s.type == "Park"), key=len, reverse=True)
    gazetteer: dict[str, Entry] = {}
    generic = _words(DATA / "lexicon" / "generic.txt")
    # Regions first so that any other type wins a name both lists hold (中关村 as a park).
    files = sorted((DATA / "gazetteer").glob("*.tsv"), key=lambda p: (p.stem != "regions", p.stem))
    for path in files:
        for row in data_rows(path):
            name, typ = row[0].strip(), row[1].strip()
            if typ not in ENTITY_TYPES:
                raise ValueError(f"{path.name}: unknown type {typ!r} for {name}")
            aliases = [a.strip() for a in (row[2].split("|") if len(row) > 2 else []) if a.strip()]
            aliases += _variants(name, typ, gazetteer, abbrev, park_suffixes)
            entry = Entry(name, typ, name, tuple(dict.fromkeys(a for a in aliases if a != name)))
            for form in (name, *entry.aliases):
                if form in generic or len(form) < 2 or (typ == "Region" and _common_word(form)):
                    continue
                gazetteer[form] = entry
    auto = ahocorasick.Automaton()
    for form, entry in gazetteer.items():
        auto.add_word(form, (len(form), entry))
    auto.make_automaton()
    for form, entry in gazetteer.items():
        if entry.type != "Region" or len(form) >= 3:
            jieba.add_word(form, freq=2000)
    jieba.initialize()
    return Lexicon(
        gazetteer=gazetteer,
        automaton=auto,
        shapes=shapes,
        suffix_abbrev=abbrev,
        boundaries=_words(DATA / "lexicon" / "boundaries.txt"),
        generic=generic,
        pos=jieba.posseg.dt.word_tag_tab,
        triggers=_triggers(DATA / "lexicon" / "triggers.tsv"),
    )


def parent_prefix(name: str, lex: Lexicon) -> str | None:
    """The listed institute or university a name starts with (中国科学院 in 中国科学院…实验室), with
    at least two characters of the name after it."""
    for n in range(min(len(name) - 2, 16), 1, -1):
        entry = lex.gazetteer.get(name[:n])
        if entry is not None and entry.type in (INSTITUTE, UNIVERSITY):
            return name[:n]
    return None


def function_words(tokens: list[str], lex: Lexicon) -> bool:
    """今年以来, 目前: a word of time, degree or function in it makes it no name."""
    return any(len(w) >= 2 and lex.pos.get(w, "x")[:1] in ("t", "d", "r", "m", "p", "c", "f", "i", "l") for w in tokens)


def common_phrase(tokens: list[str], lex: Lexicon, tags: tuple[str, ...] = ("n", "v", "a", "b", "f")) -> bool:
    """Every word of it is an ordinary dictionary word of these kinds: a thing, not a name (a name
    the dictionary does not know falls apart into single characters: 国/芯/科技)."""
    return all(len(w) >= 2 and lex.pos.get(w, "x")[:1] in tags and lex.pos.get(w, "x") not in ("nr", "ns", "nz", "nt", "nrt")
               for w in tokens)
