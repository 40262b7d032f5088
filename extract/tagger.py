"""A character CRF that finds the names the rules miss, by their shape and context.

The rules know names from gazetteers and suffix shapes; names of unlisted firms (五环机器,
赣州昶洧), industries written their own way and parks without a listed suffix escape them. The
tagger reads each character with its neighbours, jieba's word boundaries, the name shapes it
ends (data/lexicon/shapes.tsv suffixes) and what the rules found there, and tags names in BIO
form by type. Its spans are added where no rule found a name (pipeline candidates win where
they overlap), so it widens recall and leaves the rules' names as they are.

Trained by `kg train` on the annotated articles (gold names and aliases tagged where the text
writes them); the model is python-crfsuite's own file format (no pickle), data/model/names.crfsuite.
"""
from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

import jieba

from kg.ontology import CHAIN, ENTERPRISE, PARK, REGION, REPORT

from .lexicon import Lexicon, Shape, common_phrase
from .names import COUNT_PREFIX, HEADED_TYPES, Candidate, Words, industry_span, introduced_at, is_region
from .relations.model import ModelError

DEFAULT_PATH = Path(__file__).resolve().parents[1] / "data" / "model" / "names.crfsuite"
#: How a tagged name is told from a rule's in `Candidate.rule` and in the output's `rules`.
RULE = "tagger"
PARAMS = {"c1": 0.3, "c2": 0.1, "max_iterations": 200, "feature.possible_transitions": True}


def _kind(ch: str) -> str:
    if ch.isdigit():
        return "D"
    if ch.isascii() and ch.isalpha():
        return "L"
    if ch.isspace():
        return "S"
    if "\u4e00" <= ch <= "\u9fff":
        return "H"
    return "P"


def features(view: str, words: Sequence[tuple[int, int]], cands: Iterable[Candidate],
             lex: Lexicon) -> list[list[str]]:
    """Per character: itself and its neighbours, its place in its jieba word, the name shape it
    ends and the rules' tag there (B-/I- and the type), so the CRF learns when to trust and when
    to extend them. (The longest gazetteer name over it, kept or not by the rules, was tried as a
    feature too: the same entity F1 on held-out training sites, 0.652.)"""
    n = len(view)
    suffixes = frozenset(lex.shapes)
    wpos = ["S"] * n
    wlen = [1] * n
    word = [""] * n
    prev_word = [""] * n
    next_word = [""] * n
    for k, (s, e) in enumerate(words):
        w = view[s:e]
        pw = view[words[k - 1][0]:words[k - 1][1]] if k else "^"
        nw = view[words[k + 1][0]:words[k + 1][1]] if k + 1 < len(words) else "$"
        for i in range(s, min(e, n)):
            wpos[i] = "S" if e - s == 1 else "B" if i == s else "E" if i == e - 1 else "M"
            wlen[i] = min(e - s, 6)
            word[i], prev_word[i], next_word[i] = w, pw, nw
    rule = ["O"] * n
    for c in cands:
        for i in range(c.start, min(c.end, n)):
            rule[i] = ("B-" if i == c.start else "I-") + c.type
    ends_shape = [""] * n
    for size in sorted({len(s) for s in suffixes}, reverse=True):
        for i in range(size - 1, n):
            if not ends_shape[i] and view[i - size + 1:i + 1] in suffixes:
                ends_shape[i] = str(size)
    kinds = [_kind(ch) for ch in view]
    out = []
    for i in range(n):
        c = view[i]
        p1 = view[i - 1] if i else "^"
        p2 = view[i - 2] if i > 1 else "^"
        n1 = view[i + 1] if i + 1 < n else "$"
        n2 = view[i + 2] if i + 2 < n else "$"
        out.append([
            "b", f"c={c}", f"k={kinds[i]}", f"p1={p1}", f"n1={n1}", f"p2={p2}", f"n2={n2}",
            f"p1c={p1}{c}", f"cn1={c}{n1}", f"p2p1={p2}{p1}", f"n1n2={n1}{n2}", f"p1n1={p1}|{n1}",
            f"w={wpos[i]}{wlen[i]}", f"wc={wpos[i]}{c}", f"r={rule[i]}", f"rp={rule[i - 1] if i else 'O'}",
            f"rn={rule[i + 1] if i + 1 < n else 'O'}", f"sh={ends_shape[i]}",
            f"shn={ends_shape[i + 1] if i + 1 < n else ''}", f"kk={kinds[i - 1] if i else '^'}{kinds[i]}{kinds[i + 1] if i + 1 < n else '$'}",
            f"ww={word[i]}", f"wp={prev_word[i]}" if wpos[i] in "BS" else "wp=", f"wn={next_word[i]}" if wpos[i] in "ES" else "wn=",
        ])
    return out


def gold_tags(view: str, text: str, names: Sequence[tuple[str, str]]) -> list[str]:
    """BIO tags from the gold's names and aliases wherever the text (or its simplified view)
    writes them: longest names first, never overlapping."""
    tags = ["O"] * len(view)
    taken = [False] * len(view)
    for name, typ in sorted(names, key=lambda nt: -len(nt[0])):
        if len(name) < 2:
            continue
        for hay in (view, text) if text != view else (view,):
            k = hay.find(name)
            while k != -1:
                end = k + len(name)
                if not any(taken[k:end]):
                    tags[k] = "B-" + typ
                    for i in range(k + 1, end):
                        tags[i] = "I-" + typ
                    for i in range(k, end):
                        taken[i] = True
                k = hay.find(name, end)
    return tags


def spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, end, type) of each tagged name (an I- without its B- starts one)."""
    out = []
    start, typ = None, None
    for i, t in enumerate([*tags, "O"]):
        if t.startswith("I-") and t[2:] == typ:
            continue
        if start is not None:
            out.append((start, i, typ))
            start, typ = None, None
        if t != "O":
            start, typ = i, t[2:]
    return out


class Tagger:
    """A loaded CRF; build once per process."""

    def __init__(self, path: str | Path = DEFAULT_PATH) -> None:
        import pycrfsuite

        self.path = Path(path)
        self._tagger = pycrfsuite.Tagger()
        try:
            self._tagger.open(str(self.path))
        except (OSError, ValueError) as exc:
            raise ModelError(f"{self.path}: cannot read the name tagger ({exc}); rebuild it with `kg train`") from None

    def candidates(self, view: str, words: Sequence[tuple[int, int]], cands: Sequence[Candidate],
                   lex: Lexicon) -> list[Candidate]:
        """The rules' candidates with the tagger's names added where no rule found one, and in
        place of the rules' shorter names where a tagged name holds them whole (张江 and
        高科技产业园 inside 张江(贵安)高科技产业园; not where all the tagger adds is a suffix the rules
        leave out of a name of that type: 量子信息 of 量子信息产业链; nor a zone a tagged park starts
        with: 西安经济技术开发区 and 泾渭工业园 within it, `_within_zone`). A tagged industry is named as
        the rules name one (industry_span: 汽车零部件 of 汽车零部件产业, 生物医药 of 生物医药千亿产业链,
        none of 光伏全产业链), and where a rule already names that span, the rule's name stands.
        A tagged firm that starts with a firm the article names (晶盛机电 of 晶盛机电蓝宝石切磨抛) ends
        where that name does when a phrase or a place follows it there (`_firm_written_alone`).
        Regions are the rules' alone. Letting the tagger also drop the rules' names was
        tried: it found more names but fewer right ones (entity F1 0.625, against 0.632 adding
        only where no rule found a name and 0.645 as here, on held-out training sites)."""
        if not view:
            return list(cands)
        tags = self._tagger.tag(features(view, words, cands, lex))
        ordered = sorted(cands, key=lambda c: c.start)
        suffixes = _suffixes(lex)
        kinds = sorted([sh for sh in lex.shapes.values() if sh.type == CHAIN] + [_INDUSTRY], key=lambda sh: -len(sh.suffix))
        starts = [c.start for c in ordered]
        longest = max((c.end - c.start for c in ordered), default=0)
        dropped: set[int] = set()
        added = []
        judged: dict[tuple[str, str], bool] = {}  # a name tagged again is judged once

        def can_be_name(s: int, e: int, typ: str) -> bool:
            if (view[s:e], typ) not in judged:
                judged[(view[s:e], typ)] = plausible(view[s:e], typ, lex)
            return judged[(view[s:e], typ)]

        joints = sorted(a for a, b in words if b - a == 1 and view[a] in _JOINS)
        segmented = Words(view, [a for a, _ in words])
        # in text order, never overlapping; a headed name starts past what introduces it (空港经济区的
        # 中航…产业基地, 对接厦门大学…学院)
        tagged = [(_after_introduction(segmented, s, e, lex) if typ in HEADED_TYPES else s, e, typ)
                  for s, e, typ in _split_joined(view, spans(tags), joints, lex, suffixes)]
        firms = {view[c.start:c.end] for c in cands if c.type == ENTERPRISE} | \
            {view[s:e] for s, e, typ in tagged if typ == ENTERPRISE and not is_region(view[s:e], lex)
             and can_be_name(s, e, typ)}
        for s, e, typ in tagged:
            if typ == REGION:
                continue
            if typ == ENTERPRISE:
                e = _firm_written_alone(view, s, e, firms, suffixes[ENTERPRISE], segmented, lex)
            if not can_be_name(s, e, typ) or _cuts_run(view, s, e):
                continue
            near = range(bisect.bisect_left(starts, s - longest), bisect.bisect_left(starts, e))
            touching = [k for k in near if ordered[k].end > s]
            inside = [k for k in touching if s <= ordered[k].start and ordered[k].end <= e]
            if len(inside) < len(touching):
                continue  # crosses a rule's name: the rule's boundary stands
            if any((ordered[k].start, ordered[k].end) == (s, e) for k in inside):
                continue
            if len(inside) == 1 and ordered[inside[0]].type == typ and \
                    view[s:ordered[inside[0]].start] + view[ordered[inside[0]].end:e] in suffixes.get(typ, ()):
                continue  # the rules leave a kind's suffix out of the name (量子信息 of 量子信息产业链)
            ns, ne = s, e
            zone = ordered[inside[0]] if inside else None
            if typ == PARK and zone is not None and zone.type == PARK and zone.start == s \
                    and _within_zone(view[zone.end:e], lex):
                ns = zone.end  # a park within the zone named before it: the zone stays a name of its own
            kind = next((sh for sh in kinds if e - s - len(sh.suffix) >= 2 and view.endswith(sh.suffix, s, e)), None) \
                if typ == CHAIN else None
            if kind is not None:
                span = industry_span(view, s, e - len(kind.suffix), kind, lex)
                if span is None or not plausible(view[span[0]:span[1]], typ, lex) or any(
                        (ordered[k].start, ordered[k].end, ordered[k].type) == (*span, typ) for k in inside):
                    continue
                ns, ne = span
            dropped.update(k for k in inside if ns <= ordered[k].start and ordered[k].end <= ne)
            added.append(Candidate(ns, ne, typ, RULE, None, (view[s:e],) if (ns, ne) != (s, e) else ()))
        kept = [c for k, c in enumerate(ordered) if k not in dropped]
        return sorted(kept + added, key=lambda c: (c.start, c.end))


#: An industry written with the word 产业 after it (汽车零部件产业): read like the rules' chain
#: suffixes (data/lexicon/shapes.tsv: …产业链, …产业集群, …集群), which the rules do not read alone.
_INDUSTRY = Shape("产业", CHAIN, 8, "cjk", "-")
#: The longest name the tagger may find: a run of characters it tags as one name past this is
#: no name (the rules bound their names alike, e.g. a table cell at 40).
MAX_NAME = 40
#: Characters a name never starts (ends) with: particles, prepositions, conjunctions.
_FIRST = frozenset("的了和与及或由在对把被将从向为等之而并也都")
_LAST = frozenset("的了和与及或等之")
#: Kinds of word (jieba's tags) a name never starts or ends with: adverb, pronoun, number,
#: preposition, conjunction, particle.
_EDGE_POS = frozenset("drmpcu")


def plausible(name: str, typ: str, lex: Lexicon) -> bool:
    """A tagged span that can be a name: two characters or more, no particle, pronoun, number or
    adverb, nor a verb that ends names (data/lexicon/boundaries.txt), at either edge (了一批,
    一批…, 由…, 包含…), and, for an industry, not verbs alone (助推, 推进), nor a phrase opened by
    a one-character verb (做大做强汽车) or holding 的 (国际领先的氢能), nor opened by a count
    (五大, 三大主导): none of the 923 names and aliases of industries in the training part's gold
    is any of these; and a report's name says nothing of where one stands in it."""
    if not 2 <= len(name.strip()) <= MAX_NAME or name[0] in _FIRST or name[-1] in _LAST:
        return False
    tokens = jieba.lcut(name)
    edges = (tokens[0], tokens[-1])
    if any(lex.pos.get(t, "x")[:1] in _EDGE_POS or t in lex.boundaries for t in edges):
        return False
    if typ == REPORT and _RANKING_VERB.search(name):
        return False  # a clause about a ranking (…指数稳居全国二十强), not the ranking's name
    return not (typ == CHAIN and (common_phrase(tokens, lex, ("v",)) or "的" in name or COUNT_PREFIX.match(name)
                                  or (len(tokens[0]) == 1 and lex.pos.get(tokens[0]) == "v")))


#: Verbs that say where something stands in a ranking; no report's name holds one (none of the
#: training part's 169 report names and aliases does). 入选 and 入围 are left out: a list may be
#: named for them (…企业入选名单).
_RANKING_VERB = re.compile(r"位居|位列|稳居|跻身|荣登|获评|排名第")


#: Words that join two firms (A和B, A与B), where jieba reads them as words of their own.
_JOINS = frozenset("和与及")


def _split_joined(view: str, tagged: list[tuple[int, int, str]], joints: list[int], lex: Lexicon,
                  suffixes: dict[str, frozenset[str]]) -> list[tuple[int, int, str]]:
    """A tagged firm that runs over a joining word (康达医药和海源药业; `joints`: where the text
    writes one, in order) is the two firms it joins, where both sides can be names of two
    characters or more and the left is not a place: 上海和辉光电 and 北京和利时 are one firm each.
    A name of another type is split where its left side is a whole name of that type by its
    suffix (光明科学城与深港科技创新合作区: two parks; 科学与技术重点实验室 stays one lab): none of the
    training part's names and aliases holds a joint after such a suffix."""
    out = []
    for s, e, typ in tagged:
        start = s
        for k in joints[bisect.bisect_right(joints, s + 1):bisect.bisect_left(joints, e - 2)]:
            if k - start < 2 or is_region(view[start:k], lex):
                continue
            if typ == ENTERPRISE or any(view.endswith(suffix, start, k) for suffix in suffixes.get(typ, ())):
                out.append((start, k, typ))
                start = k + 1
        out.append((start, e, typ))
    return out


def _firm_written_alone(view: str, s: int, e: int, firms: set[str], endings: frozenset[str], words: Words,
                        lex: Lexicon) -> int:
    """Where a tagged firm (view[s:e]) ends: at the longest firm name of `firms` (the rules' firms,
    and the tagged ones that can be names and are no place, each as tagged) it starts with that
    ends between two words of the article's segmentation and not inside a run of Latin letters or
    digits, where two words or more (晶盛机电蓝宝石切磨抛, …总经理助理…说) or a place (京东方重庆)
    follow. Else the whole: one word after a firm's name makes a name of its own (长安福特汽车,
    华润微电子), and so does a firm's ending on the whole (…有限公司, …集团). Known to cut wrongly
    (docs/quality.md): an unknown two-character rest, which jieba cuts into two words (上汽 of
    上汽红岩); a facility named as the firm (小米 of 小米智能工厂); a two-character name before
    another firm's rest (长安 of 长安福特杭州研发中心). A cut that crosses a rule's name is dropped
    by the caller, and the rule's name stands."""
    name = view[s:e]
    if any(name.endswith(x) for x in endings):
        return e
    for known in sorted((f for f in firms if 2 <= len(f) < len(name) and name.startswith(f)), key=len, reverse=True):
        cut = s + len(known)
        if words.next_start(cut) != cut or _cuts_run(view, s, cut):
            continue
        return cut if len(words.between(cut, e)) >= 2 or is_region(view[cut:e], lex) else e
    return e


def _after_introduction(words: Words, s: int, e: int, lex: Lexicon) -> int:
    """Where a tagged name starts past a 的 that is a word of its own (not 美的's) and past a verb
    that introduces it (names.introduced_at)."""
    pos = s
    for w in words.between(s, e):
        pos += len(w)
        if w == "的":
            s = pos
    return s + introduced_at(words.between(s, e), lex)


def _suffixes(lex: Lexicon) -> dict[str, frozenset[str]]:
    """The name suffixes of each type (data/lexicon/shapes.tsv)."""
    out: dict[str, set[str]] = defaultdict(set)
    for shape in lex.shapes.values():
        out[shape.type].add(shape.suffix)
    return {t: frozenset(v) for t, v in out.items()}


#: How the name of a park within a zone ends (泾渭工业园, 兵团分区, 水土新城, 北部片区, 生物基地).
_SUB_PARK_END = re.compile(r"(?:园|园区|分区|片区|新城|基地|谷|岛)$")


def _within_zone(rest: str, lex: Lexicon) -> bool:
    """What a tagged park name holds after a zone's name it starts with (西安经济技术开发区 +
    泾渭工业园) is a park of its own, within the zone: the gold of such names gives the zone as a
    name of its own and mostly names the park within it by the whole, kept here as its alias."""
    return len(rest) >= 3 and bool(_SUB_PARK_END.search(rest)) and plausible(rest, PARK, lex)


def _cuts_run(view: str, s: int, e: int) -> bool:
    """A span that starts or ends inside a run of digits or Latin letters (00强 of 湖北科创大赛100强):
    such a run is read whole or not at all."""
    def alnum(i: int) -> bool:
        return 0 <= i < len(view) and view[i].isascii() and view[i].isalnum()
    return (alnum(s - 1) and alnum(s)) or (alnum(e - 1) and alnum(e))


def train(items: Iterable[tuple[list[list[str]], list[str]]], out: Path) -> Path:
    """Fit the CRF on (features, tags) sequences; crfsuite's L-BFGS is deterministic. Its
    regularisation (PARAMS) was chosen on held-out training sites, never on the blind part."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for xs, ys in items:
        trainer.append(xs, ys)
    trainer.set_params(PARAMS)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    trainer.train(str(tmp))
    tmp.replace(out)
    return out


@lru_cache(maxsize=1)
def default() -> Tagger:
    return Tagger(DEFAULT_PATH)
