"""Finding names in text at character level: gazetteer hits and name shapes.

jieba cuts through names it does not know (中科大/讯/飞), so names are found on characters
with an Aho-Corasick automaton and suffix rules, and the Doc's jieba words are used only where
a word boundary matters: how far a shape name reaches back before its suffix.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from kg.ontology import AWARD, CHAIN, ENTERPRISE, EVENT, INSTITUTE, LAB, ORGANIZATION, PARK, REGION, REPORT, UNIVERSITY

from .lexicon import Lexicon, Shape

CJK = "\u3400-\u4dbf\u4e00-\u9fff"
_CHARS = {"cjk": f"[{CJK}]", "mixed": f"[{CJK}A-Za-z0-9]", "paren": f"[{CJK}A-Za-z0-9（）()]"}
_CHAR_RE = {k: re.compile(v) for k, v in _CHARS.items()}
_CONJ = frozenset({"与", "和", "及", "同", "跟", "以及", "暨"})
_STOP_POS = ("p", "u", "r", "d", "ad", "c")
_NAMED_START = re.compile(r"^(?:(?:19|20)\d{2}|第[一二三四五六七八九十百零\d]+届|中国|世界|全球|国际|亚洲|全国|首届|[A-Z]{2,})")
_AWARD_VERB = re.compile(r"(?:荣获|获得|获评|斩获|摘得|荣膺|获)[了]?$")
_NOT_AWARD_NEXT = frozenset("补励金项品状杯")
_BAD_PREFIX_END = ("级", "类", "型", "等", "个", "家", "所", "批", "项", "链", "的", "性", "企业", "产业", "行业", "专业", "就业", "创业")
_NOT_PLACE = ("世界", "全球", "国际", "国内", "领先", "一流", "现代")
#: Which names a shape's reach-back must not cross: a park stops at a preceding event or company
#: name (2025数字经济大会高新区…), a lab may start with its institute's name (中国科学院…重点
#: 实验室), and an event or a report may contain a park (2023年长三角…示范区开发者大会).
_BARRIERS = {EVENT: frozenset({EVENT, REPORT}), REPORT: frozenset({EVENT, REPORT}),
             # 西安高新科学城公司, 杭州紫金港科技城管理委员会: firms and bodies are named after their park
             ENTERPRISE: frozenset({EVENT, REPORT, LAB}),  # 苏州恒瑞宏远…: a firm's name may hold another's
             ORGANIZATION: frozenset({EVENT, REPORT, ENTERPRISE, LAB}),
             # 中国科学院…重点实验室, 中国科学院…研究所: a lab or an institute starts with its parent's name
             LAB: frozenset({PARK, EVENT, ENTERPRISE, LAB, REPORT}),
             INSTITUTE: frozenset({PARK, EVENT, LAB, REPORT})}  # 中国石油工程材料研究院: a firm's institute
_DEFAULT_BARRIERS = frozenset({PARK, EVENT, ENTERPRISE, LAB, REPORT, INSTITUTE})
QUOTED = re.compile(r"《([^《》\n]{2,60})》|“([^“”\n]{2,30})”")
_INDUSTRY_NEXT = re.compile(r"产业|行业|集群|领域|企业|赛道")
_REPORT_AFTER = re.compile(r"报告|白皮书|蓝皮书|榜单|排行榜|名单|排名")
_REPORT_WORDS = re.compile(r"(?:报告|白皮书|蓝皮书|榜单|排行榜|百强榜|强榜|百强|\d+强|TOP\d+|Top\d+|名单|评价结果|指数|名录|排名|年鉴|图谱|评价)$")


@dataclass(frozen=True)
class Words:
    """The Doc's jieba segmentation as character offsets, to read the words of any stretch."""

    text: str
    starts: list[int]

    def next_start(self, i: int) -> int:
        """The first word start at or after i."""
        k = bisect.bisect_left(self.starts, i)
        return self.starts[k] if k < len(self.starts) else len(self.text)

    def between(self, i: int, j: int) -> list[str]:
        """The words of text[i:j], the ones cut by i or j clipped to the stretch."""
        lo, hi = bisect.bisect_right(self.starts, i), bisect.bisect_left(self.starts, j)
        cuts = [i, *self.starts[lo:hi], j]
        return [self.text[a:b] for a, b in zip(cuts, cuts[1:]) if b > a]


@dataclass
class Candidate:
    """A possible entity mention, before overlapping candidates are resolved."""

    start: int
    end: int
    type: str
    rule: str
    canonical: str | None = None  # from a gazetteer
    aliases: tuple[str, ...] = field(default=())
    weight: float = 0.0
    context: bool = True  # for industry words: does the text use this one as an industry?

    def __post_init__(self) -> None:
        if not self.weight:
            self.weight = self.end - self.start + (0.5 if self.rule == "gazetteer" else 0.0)


#: A building named after a short place name (中关村国际创新大厦): a few name characters, no verb
#: or particle between (上海走出一条新路, 合肥加快建设地铁站 are the places).
_BUILDING = re.compile(r"[^\W\d的是在和与及将加建发推走出一]{0,6}?(?:大厦|大楼|广场|酒店|宾馆|会议中心|会展中心)")


def gazetteer_hits(view: str, lex: Lexicon, token_edges: frozenset[int]) -> list[Candidate]:
    """Every gazetteer name in the text; two-character names only where jieba agrees."""
    out = []
    for end_idx, (size, entry) in lex.automaton.iter(view):
        start, end = end_idx - size + 1, end_idx + 1
        if size <= 2:
            if start not in token_edges or end not in token_edges:
                continue
            if entry.type == CHAIN and not _INDUSTRY_NEXT.match(view, end):
                continue
        if entry.type in (PARK, REGION) and size <= 3 and _BUILDING.match(view, end):
            continue  # 中关村国际创新大厦: a building named after the place, not the place
        out.append(Candidate(start, end, entry.type, "gazetteer", entry.canonical, (entry.name, *entry.aliases)))
    return out + _joined_chains(view, out)


def _joined_chains(view: str, hits: list[Candidate]) -> list[Candidate]:
    """光电子 and 电子信息 overlapping in 光电子信息, 半导体及集成电路产业: one finer industry
    named by both."""
    chains = sorted((c for c in hits if c.type == CHAIN), key=lambda c: c.start)
    out = []
    for a, b in zip(chains, chains[1:]):
        overlapping = a.start < b.start < a.end < b.end
        joined = b.start == a.end + 1 and view[a.end] in "及与" and _INDUSTRY_NEXT.match(view, b.end)  # 半导体及集成电路产业
        if overlapping or joined:
            out.append(Candidate(a.start, b.end, CHAIN, "gazetteer:joined", None, (), weight=b.end - a.start + 0.6))
    return out


def suffix_pattern(lex: Lexicon) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(s) for s in sorted(lex.shapes, key=len, reverse=True)))


def shape_hits(words: Words, lex: Lexicon, pattern: re.Pattern[str], known: list[Candidate]) -> list[Candidate]:
    """Names recognised by their suffix (…高新区, …重点实验室), reaching back to a word boundary."""
    view = words.text
    suffixes = [(m.start(), m.end(), lex.shapes[m.group()]) for m in pattern.finditer(view)]
    names = [(c.end, c.type) for c in known] + [(e, s.type) for _, e, s in suffixes]
    barrier_ends = {
        group: {end for end, typ in names if typ in group}
        for group in {*_BARRIERS.values(), _DEFAULT_BARRIERS}
    }
    any_ends = {c.end for c in known if c.type not in (CHAIN, REGION)} | {e for _, e, s in suffixes if s.type != CHAIN}
    any_starts = {c.start for c in known if c.type not in (CHAIN, REGION)}
    known_by_end: dict[int, list[Candidate]] = {}
    for c in known:
        known_by_end.setdefault(c.end, []).append(c)
    regions_by_end = {c.end: c.start for c in known if c.type == REGION}
    out = []
    for s_start, s_end, shape in suffixes:
        if shape.type == AWARD and view[s_end:s_end + 1] in _NOT_AWARD_NEXT:
            continue
        barriers = barrier_ends[_BARRIERS.get(shape.type, _DEFAULT_BARRIERS)]
        prefix_start = _reach_back(words, s_start, shape, lex, barriers, any_ends, any_starts)
        joined = False
        if shape.type == PARK:
            prefix_start = _parent_park_start(view, prefix_start, s_start, known_by_end, lex)
            head = _joined_head(words, prefix_start, known_by_end, any_ends, lex)
            # 大数据·智能终端产业园 is one name; 要闻·青岚高新区 is a column's label before one
            if head < prefix_start and (view[prefix_start - 1] != "·"
                                        or not _acceptable(view, prefix_start, view[prefix_start:s_start], shape, lex)):
                prefix_start, joined = head, True
        if shape.type == CHAIN:  # 量子信息产业链: the chain is 量子信息, the suffix is how it was written
            span = industry_span(view, prefix_start, s_start, shape, lex)
            if span is not None:
                out.append(Candidate(*span, CHAIN, "shape:chain", None, (view[span[0]:s_end],)))
            continue
        if not _acceptable(view, prefix_start, view[prefix_start:s_start], shape, lex, joined):
            continue
        prefix_start = _known_start(view, prefix_start, s_end, shape.type, known_by_end.get(s_end, []), lex)
        if shape.type == ENTERPRISE and s_end - s_start >= 4:  # …有限公司: a registered name starts at its place
            prefix_start = _after_descriptor(view, _registered_start(words, prefix_start, regions_by_end, lex), s_start)
        out.append(Candidate(prefix_start, s_end, shape.type, f"shape:{shape.type.lower()}"))
    return out


def industry_span(view: str, start: int, end: int, shape: Shape, lex: Lexicon) -> tuple[int, int] | None:
    """Where the industry written before a chain's suffix (`shape`, at `end`) is named, as the rules
    name it: without its size (新能源汽车千亿产业链) or the scope it is named for (长三角集成电路产业链);
    none where what is left is a count or a category (三大先导产业链, 光伏全产业链, 战略性新兴产业)."""
    size = _SIZE_TAIL.search(view, start, end)
    if size and size.start() - start >= 2:
        end = size.start()
    start = _after_region(view, start, end, lex)
    return (start, end) if _acceptable(view, start, view[start:end], shape, lex) else None


#: What may sit inside a park's name between its head and the rest: a place in brackets
#: (中德(沈阳)高端装备制造产业园, 西部(重庆)科学城) or a middle dot (大数据·智能终端产业园).
_BRACKETED = re.compile(f"[（(]([{CJK}]{{2,4}})[）)]$")
_INNER_WORDS = frozenset({"国际", "国家"})  # 两江大地(国际)生命科学园, 无锡(国家)工业设计园
_HEAD_MAX = 6


def _joined_head(words: Words, start: int, known_by_end: dict[int, list[Candidate]], any_ends: set[int],
                 lex: Lexicon) -> int:
    """The head of a park's name before a bracketed place or a middle dot, where the reach-back
    stopped: 张江(贵安)高科技产业园 is one name, not 高科技产业园. The head is a short name found
    there (张江), else whole words before it up to a verb, a function word or a mark; a full name
    ending there (深圳湾科技生态园（青岚）) is a name the bracket comments on, not a head."""
    view = words.text
    inner = _BRACKETED.search(view, max(0, start - 6), start)
    joint = inner.start() if inner else start - 1 if start > 0 and view[start - 1] == "·" else -1
    if joint <= 0:
        return start
    named = [c for c in known_by_end.get(joint, []) if c.type != CHAIN]
    if any(c.end - c.start > _PARENT_PARK_MAX for c in named) or (joint in any_ends and not named):
        return start
    if named:
        return min(c.start for c in named)
    if inner and not (is_region(inner.group(1), lex) or inner.group(1) in _INNER_WORDS):
        return start  # 本报讯（通讯员）, 报告（全文）: a bracket that names no place
    head = joint
    window = words.next_start(max(0, joint - _HEAD_MAX))
    for tok in reversed(words.between(window, joint)):
        opens = tok in _NAME_INITIAL  # 中德(沈阳)…, 中新(天津)…: it opens the name here
        if not opens and (not _CJK_ONLY.fullmatch(tok) or tok in lex.boundaries or tok in _CONJ
                          or lex.pos.get(tok, "x").startswith(("v", "m", "q", *_STOP_POS))):
            break
        head -= len(tok)
        if opens:
            break
    else:
        if head == window and window > 0 and _CJK_ONLY.fullmatch(view[window - 1]):
            return start  # the head runs on past the window: where it starts is not known
    return head if joint - head >= 2 else start


def _known_start(view: str, start: int, end: int, typ: str, ending_here: list[Candidate], lex: Lexicon) -> int:
    """链上企业与中国科学技术大学 → 中国科学技术大学: a known name ending where the shape ends
    bounds it, unless what lies before is a place or a parent body (上海张江高新区)."""
    for c in ending_here:
        if c.type == typ and c.start > start:
            extra = view[start:c.start]
            if not (is_region(extra, lex) or _is_parent(extra, lex)):
                return c.start
    return start


def _after_region(view: str, start: int, end: int, lex: Lexicon) -> int:
    for n in (3, 2):
        if end - start - n >= 2 and is_region(view[start:start + n], lex):
            return start + n
    return start


#: Single characters that are boundary words (在…中, 上) but also open names (中电信, 中芯国际).
_NAME_INITIAL = frozenset({"中", "上", "东", "西", "南", "北", "内", "外"})
_LIST_EDGE = "、，,：:（(“\"\n的"
_SENTENCE_EDGE = "。！？；!?;"


def _opens_after(words: Words, i: int, lex: Lexicon) -> bool:
    """A word at i can only open a name (中 of 中马钦州产业园区 is no 园区中 "in"): it starts the
    text or a sentence, or follows a list mark, 的, a preposition or a conjunction (由中电光谷…)."""
    view = words.text
    if i == 0 or view[i - 1] in _LIST_EDGE or view[i - 1] in _SENTENCE_EDGE:
        return True
    k = bisect.bisect_left(words.starts, i)
    return k > 0 and lex.pos.get(view[words.starts[k - 1]:i], "x") in ("p", "c")


#: Words that say what a firm is, or who speaks for it, before its name (工业软件企业北京数衡智能科技
#: 有限公司, 行业龙头湖南湘翼…, 算力服务商黔云智算…, 企业代表…): the registered name starts after the last
#: of them.
_REGISTERED_GAP = 3
_CJK_ONLY = re.compile(f"[{CJK}]*")
_FIRM_DESCRIPTOR = re.compile(r"企业|龙头|链主|服务商|供应商|运营商|厂商|制造商|开发商|旗下|子公司|代表")


def _registered_start(words: Words, start: int, regions_by_end: dict[int, int], lex: Lexicon) -> int:
    """株洲中创轨道科技股份有限公司: the reach-back stopped at a word inside the name (中); a place
    just before it is where a registered name begins, unless a verb that introduces a name stands
    between (柳州引进国轩高科股份有限公司; not 陕西建设机械…, whose 建设 jieba reads as a noun)."""
    view = words.text
    for end in range(start, max(0, start - _REGISTERED_GAP) - 1, -1):
        if end in regions_by_end and _CJK_ONLY.fullmatch(view[end:start]) and not any(
                len(w) > 1 and w in lex.boundaries and lex.pos.get(w) == "v" for w in words.between(end, start)):
            return regions_by_end[end]
    return start


def _after_descriptor(view: str, start: int, s_start: int) -> int:
    cut = start
    for m in _FIRM_DESCRIPTOR.finditer(view, start, s_start):
        if s_start - m.end() >= 2:
            cut = m.end()
    return cut


def _parent_park_start(view: str, start: int, s_start: int, known_by_end: dict[int, list[Candidate]], lex: Lexicon) -> int:
    """中关村西区人工智能产业园, 中科院麒麟科技园: a park named inside a park, or by the body that
    built it, keeps the short name it starts with; a place (中科院西安科学园) starts its own name."""
    own = view[start:s_start]
    for c in known_by_end.get(start, []):
        if c.type == PARK and c.end - c.start <= _PARENT_PARK_MAX:
            return c.start
        if c.type in (INSTITUTE, UNIVERSITY) and c.end - c.start <= _PARENT_PARK_MAX and 2 <= len(own) <= 4 \
                and not _has_region(own, lex):
            return c.start
    return start


def _reach_back(words: Words, s_start: int, shape: Shape, lex: Lexicon, barrier_ends: set[int], any_ends: set[int],
                any_starts: set[int]) -> int:
    """Start of the name whose suffix begins at `s_start`."""
    view = words.text
    allowed = _CHAR_RE[shape.chars]
    i = s_start
    if shape.type == ENTERPRISE:  # …科技集团有限公司: a firm's inner suffix does not end it
        barrier_ends = barrier_ends - {s_start}
    while i > 0 and s_start - i < shape.max_prefix and allowed.match(view[i - 1]) and i not in barrier_ends:
        i -= 1
    if i > 0 and allowed.match(view[i - 1]) and i not in barrier_ends:
        i = words.next_start(i)  # the length limit cut a word: the name cannot start inside it
    if i >= s_start or _inside_latin_phrase(view, i):
        return s_start
    tokens = words.between(i, s_start)
    start = s_start
    pos = s_start
    opened = False
    for tok in reversed(tokens):
        tok_start = pos - len(tok)
        if tok in _CONJ:  # 科学与技术重点实验室: inside lab and institute names a conjunction is common
            if shape.type not in (LAB, INSTITUTE, CHAIN) or tok_start in any_ends or pos in any_starts or pos == s_start:
                break
        elif tok in _NAME_INITIAL and _opens_after(words, tok_start, lex):
            start, opened = tok_start, True  # 、中电信…, 的中德生态园, 由中电光谷…: 中 opens a name here
            break
        elif tok in lex.boundaries or (len(tok) == 1 and lex.pos.get(tok, "").startswith(_STOP_POS)) \
                or (shape.type == PARK and len(tok) == 1 and lex.pos.get(tok, "") == "v") \
                or lex.pos.get(tok, "x") in ("p", "r", "ad", "uj", "ul", "c"):
            break
        start = tok_start
        pos = tok_start
    first = words.between(start, s_start)[:1]
    if first and first[0] in _CONJ:  # a conjunction joins names, it starts none (but 同济, 和平: words)
        start += len(first[0])
    start = _strip_leading_verbs(words, start, s_start, lex)
    if shape.type in HEADED_TYPES:
        start += introduced_at(words.between(start, s_start), lex)
    if shape.type == CHAIN:
        start = _after_last_verb(words, start, s_start, lex)
    if shape.type == PARK and not opened:  # 中马钦州产业园区 starts where 中 opens it, not at 钦州
        start = _from_region(view, start, s_start, lex)
    return start


def _inside_latin_phrase(view: str, i: int) -> bool:
    """AI for Science联合实验室: the reach-back stopped at a space inside a Latin phrase."""
    return 1 < i < len(view) and view[i - 1] == " " and view[i - 2].isascii() and view[i - 2].isalnum() \
        and view[i].isascii() and view[i].isalpha()


def _after_last_verb(words: Words, start: int, s_start: int, lex: Lexicon) -> int:
    """重点发展新能源汽车产业链 → 新能源汽车: an industry's name follows the verb that grows it; a
    verb as its last word (高端装备制造) is part of it."""
    tokens = words.between(start, s_start)
    pos = start
    cut = start
    for tok in tokens[:-1]:
        pos += len(tok)
        if lex.pos.get(tok, "x") in ("v", "vn") and len(tok) >= 2:
            cut = pos
    return cut


def _strip_leading_verbs(words: Words, start: int, s_start: int, lex: Lexicon) -> int:
    """充分发挥研究所 → 研究所: a name does not begin with a verb or an adverb (集成芯片…: a
    dictionary verb that is no cue word may be the name's own first word)."""
    tokens = words.between(start, s_start)
    for k, tok in enumerate(tokens):
        tag = lex.pos.get(tok, "x")
        rest = tokens[k + 1:]
        opens_name = not rest or tok in lex.boundaries or _opens_a_name(rest[0], lex) or lex.pos.get(rest[0], "x") == "ns"
        if len(tok) >= 2 and (tag in ("l", "i", "ad") or (tag == "v" and opens_name)):
            start += len(tok)
        else:
            break
    return start


#: Types whose names are proper names ending in their kind (not titles, as events, reports, awards
#: and products are; not industries): a verb or a 的 before such a name is none of it. Of the
#: 2,867 names and aliases of these types in the training part's gold, one holds a verb that a
#: listed name follows (国家水下文化遗产保护青岛基地) and none holds 的.
HEADED_TYPES = frozenset({PARK, LAB, INSTITUTE, UNIVERSITY, ENTERPRISE, ORGANIZATION})
_LISTED_OPENERS = frozenset({REGION, INSTITUTE, UNIVERSITY, ENTERPRISE, ORGANIZATION, PARK})


def _opens_a_name(word: str, lex: Lexicon) -> bool:
    """A word that begins a name after a verb: a listed place, institution, university, firm,
    body or park (对接厦门大学…, 毗邻合肥…)."""
    entry = lex.gazetteer.get(word)
    return entry is not None and entry.type in _LISTED_OPENERS


def introduced_at(tokens: list[str], lex: Lexicon) -> int:
    """Characters before the name in a span of words that runs past the verb introducing it
    (双方共同创办河北工业大学石家庄创新研究院 → 河北工业大学…): the end of the last verb of two
    characters or more that a listed name follows, unless what stands before the verb is a place
    (江苏省促进长三角一体化发展服务中心 is one body); 0 where there is none. For HEADED_TYPES only."""
    cut, pos = 0, 0
    for k, (tok, nxt) in enumerate(zip(tokens, tokens[1:])):
        pos += len(tok)
        if len(tok) >= 2 and lex.pos.get(tok) == "v" and _opens_a_name(nxt, lex) and not is_region("".join(tokens[:k]), lex):
            cut = pos
    return cut


def _from_region(view: str, start: int, s_start: int, lex: Lexicon) -> int:
    """助力合肥高新区 → 合肥高新区: a park name starts at the place it is named after."""
    prefix = view[start:s_start]
    if len(prefix) <= 3 or is_region(prefix[:2], lex) or is_region(prefix[:3], lex):
        return start
    for k in range(1, len(prefix) - 1):
        if any(is_region(prefix[k:k + n], lex) for n in (2, 3, 4)):
            return start + k
    return start


_GENERIC_PLACE = re.compile(r"全省|全市|全国|全区|各地|各省|各市|年度")


def _is_province(prefix: str, lex: Lexicon) -> bool:
    entry = lex.gazetteer.get(prefix)
    return entry is not None and entry.type == REGION and entry.canonical.endswith(("省", "自治区"))


def strip_place(name: str, lex: Lexicon) -> str:
    """A name without the place it starts with (湖南九典制药 → 九典制药, 上海浦东新区 → 浦东新区),
    when at least three characters of its own remain: how names are written without their place."""
    for n in (3, 2):
        if len(name) > n + 2 and is_region(name[:n], lex):
            return name[n:]
    return name


def _national_of_a_place(prefix: str, shape: Shape, lex: Lexicon) -> bool:
    """武汉光电国家研究中心, 长春国家高新区: 国家 ends a prefix (家 otherwise counts things) when a
    place names it; for a park, one city's (江苏省国家高新区, 长三角国家高新区 are categories)."""
    if not prefix.endswith("国家"):
        return False
    if shape.type == PARK:
        entry = lex.gazetteer.get(prefix[:-2])
        return entry is not None and entry.type == REGION and entry.canonical.endswith(_CITY_LEVEL)
    return shape.type in (INSTITUTE, LAB) and _has_region(prefix[:-2], lex)


_CITY_LEVEL = ("市", "区", "县", "州", "盟")


def _has_region(prefix: str, lex: Lexicon) -> bool:
    return any(is_region(prefix[k:k + n], lex) for k in range(len(prefix)) for n in (2, 3, 4))


def _is_parent(form: str, lex: Lexicon) -> bool:
    entry = lex.gazetteer.get(form)
    return entry is not None and entry.type in (INSTITUTE, UNIVERSITY)


def is_region(form: str, lex: Lexicon) -> bool:
    """A form the gazetteer lists as a place (上海, 柳州市)."""
    entry = lex.gazetteer.get(form)
    return entry is not None and entry.type == REGION


_PARENT_PARK_MAX = 4
_SIZE_TAIL = re.compile(r"(?:超|近|过)?(?:千亿|百亿|万亿|\d+亿)元?级?$")
#: Zones named by what they do (硬科技产业区): their prefix may be a word that alone names nothing.
_FUNCTION_ZONES = frozenset({"产业区"})
#: A count opening a name (五大…, 3家…, A12地块): what follows is counted, it names nothing.
COUNT_PREFIX = re.compile(r"^(?:[\d一二三四五六七八九十两几多数N]+(?:座|个|家|所|条|大|批|项|套|类|种|些)|[A-Z]?\d+地块)")
_CHAIN_CATEGORY = re.compile(r"(?:重点|优势|新兴|主导|特色|支柱|首位|未来|先导|传统|相关|各|全)$")
_COUNTED = re.compile(r"[\d一二三四五六七八九十两百千万亿]+(?:大|个|条|家|亿|级|套|批|类|种)|千亿|百亿|万亿")


_NOT_PLACE_HEAD = re.compile(r"[年的和与及等个家]|国家|全国|我国|中国|\d|^[以在于向对从把将为使让]")


def _named_industry_park(prefix: str, lex: Lexicon) -> bool:
    """五道口人工智能产业园, 上海集成电路设计产业园: a place's own name before the industry."""
    for n in range(2, len(prefix) - 1):
        entry = lex.gazetteer.get(prefix[n:]) or lex.gazetteer.get(prefix[n:].removesuffix("设计"))
        if entry is not None and entry.type == CHAIN:
            head = prefix[:n]
            return 2 <= n <= 6 and head not in lex.generic and not _NOT_PLACE_HEAD.search(head)
    return False


def _acceptable(view: str, start: int, prefix: str, shape: Shape, lex: Lexicon, joined: bool = False) -> bool:
    """`joined`: a park's name whose head stands before a bracketed place or a middle dot
    (_joined_head); its structure, not a place at its start, makes it a name."""
    bad_end = _BAD_PREFIX_END[:12] if shape.type in (EVENT, REPORT) else _BAD_PREFIX_END
    if shape.type == ORGANIZATION:  # 长三角集成电路产业链联盟, 人工智能产业协会
        bad_end = tuple(b for b in bad_end if b not in ("链", "产业", "行业"))
    if len(prefix) < 2 or (prefix in lex.generic and shape.suffix not in _FUNCTION_ZONES) \
            or (prefix.endswith(bad_end) and not _national_of_a_place(prefix, shape, lex)) or prefix.isdigit():
        return False
    if (prefix + shape.suffix) in lex.generic:
        return False
    if shape.type == PARK and not _has_region(prefix, lex) and (len(prefix) > 4 or prefix.startswith(_NOT_PLACE)) \
            and not _named_industry_park(prefix, lex) and not joined:
        return False
    if shape.type == CHAIN and (_COUNTED.search(prefix) or _CHAIN_CATEGORY.search(prefix)):
        return False  # 千亿产业集群, 三大先导产业集群, 联系重点产业链: a size, a count or a category
    if COUNT_PREFIX.match(prefix):
        return False  # 三座科技城, N家中科院研究所: a count of things, not a name
    if shape.needs == "region" and not (is_region(prefix[:2], lex) or is_region(prefix[:3], lex)):
        return False
    if shape.type == PARK and _GENERIC_PLACE.search(prefix) or (shape.type == PARK and _is_province(prefix, lex)):
        return False  # 云南省开发区, 全省开发区: a province's zones in general, not one park
    whole = lex.gazetteer.get(strip_place(prefix + shape.suffix, lex))
    if shape.type == PARK and whole is not None and whole.type == REGION:
        return False  # 上海浦东新区: a district, not a park
    industry = lex.gazetteer.get(prefix.removesuffix("产业"))
    if shape.type == PARK and industry is not None and industry.type == CHAIN:
        return False  # 生物医药产业园区: parks of an industry in general, not one park
    if shape.type in (LAB, INSTITUTE) and _is_parent(prefix, lex):
        return False  # 中国科学院重点实验室: the category, not a lab
    if shape.needs == "year":
        quoted = start > 0 and view[start - 1] in "《“"
        region = is_region(prefix[:2], lex) or is_region(prefix[:3], lex)
        if not (quoted or region or _NAMED_START.match(prefix)):
            return False
    elif shape.needs == "parent":
        if not any(prefix.startswith(f) and lex.gazetteer[f].type in (INSTITUTE, UNIVERSITY)
                   for f in (prefix[:n] for n in range(2, min(len(prefix), 12) + 1)) if f in lex.gazetteer) \
                or len(prefix) < 4:
            return False
    elif shape.needs == "award":
        if not _AWARD_VERB.search(view[max(0, start - 4):start]):
            return False
    return True


def quoted_hits(view: str) -> list[Candidate]:
    """Names in book-title marks: reports, rankings and white papers (《…报告》)."""
    out = []
    for m in QUOTED.finditer(view):
        if not m.group(1):
            continue
        after = _REPORT_AFTER.match(view, m.end())
        if _REPORT_WORDS.search(m.group(1)) or after:
            aliases = (m.group(1) + after.group(),) if after else ()
            out.append(Candidate(m.start(1), m.end(1), REPORT, "quoted:report", None, aliases,
                                 weight=m.end(1) - m.start(1) + 1.0))
    return out


#: What may close an evaluation's name: 考核评价 names a report, and so do 考核评价排名 and
#: 综合评价情况通报 (a shorter name loses every row of the list); a 名单 is not followed by its 排名.
_REPORT_TAIL = r"(?:结果|排名|情况通报|通报)?"
#: Words that say a name is a ranking: what a report named without 《》 ends with, what a table's
#: caption holds.
_RANKING_WORDS = r"百强榜|强榜|排行榜|榜单|名单|评价结果|排名|TOP\d+"
#: A report named without book-title marks: a year, then its subject, then what it is, as the
#: object of 公布/发布/完成 or after 附: (科学技术部公布2023年169家国家高新区评价结果).
_UNQUOTED_REPORT = re.compile(
    r"(?:(?:公布|发布|公示|揭晓|印发|完成|附[:：])[了的]?\s*|(?:^|(?<=[，。；：\n])|根据|据)(?=(?:19|20)\d{2}年?度?[^，。；：\n]{2,40}?显示))"
    r"((?:19|20)\d{2}年?度?[^，。；：、\n《》“”]{2,40}?(?:(?:考核|综合|竞争力)评价" + _REPORT_TAIL
    + r"|结果|" + _RANKING_WORDS + r"|报告|白皮书|指数))",
    re.MULTILINE,
)
_DECLARATION = re.compile(r"[（(](?:以下)?简称[^）)]{0,16}[）)]")


_REPORT_RELEASED = re.compile(
    r"(?:^|(?<=[，。；：\n]))((?:19|20)\d{2}年?度?[^，。；：、\n《》“”]{2,40}?(?:" + _RANKING_WORDS + "))"
    r"(?=(?:正式|近日|日前)?(?:发布|出炉|揭晓|公布))",
    re.MULTILINE,
)


#: A ranking table's caption: 表1 先进制造业百强园区(2021), the whole line after the table's number.
_RANKING_CAPTION = re.compile(
    r"^表\s*\d{1,2}[\s:：.、]*([^\n|，。；]{0,30}(?:百强|\d+强|TOP\s\d+|" + _RANKING_WORDS + r")[^\n|，。；]{0,16}?)\s*$",
    re.MULTILINE,
)


def unquoted_report_hits(view: str) -> list[Candidate]:
    """Reports named without 《》 where a publishing verb or 附: introduces them, or as a ranking
    table's caption; the name drops an inner (以下简称…) declaration."""
    out = []
    for m in [*_UNQUOTED_REPORT.finditer(view), *_REPORT_RELEASED.finditer(view), *_RANKING_CAPTION.finditer(view)]:
        name = _DECLARATION.sub("", m.group(1))
        out.append(Candidate(m.start(1), m.end(1), REPORT, "shape:report_unquoted", name, (name,),
                             weight=m.end(1) - m.start(1) + 1.0))
    return out


def select(cands: list[Candidate], taken: list[tuple[int, int]] | None = None) -> list[Candidate]:
    """Keep the longest of overlapping candidates (科大讯飞 over 中科大 in 中科大讯飞)."""
    chosen: list[Candidate] = []
    ends = [e for _, e in taken or []] + [c.end for c in cands]
    occupied = bytearray(max(ends, default=0))  # one flag per character: linear, however many names
    for s, e in taken or []:
        occupied[s:e] = b"\x01" * (e - s)
    for c in sorted(cands, key=lambda c: (-c.weight, c.start)):
        if c.end <= c.start or any(occupied[c.start:c.end]):
            continue
        chosen.append(c)
        occupied[c.start:c.end] = b"\x01" * (c.end - c.start)
    return sorted(chosen, key=lambda c: c.start)
