"""The spaCy pipeline: jieba-segmented `zh` Docs through the parkgraph components.

    gazetteer ruler → shape ruler → list expander → name resolver

Components are registered as spaCy factories, so the pipeline is an ordinary `Language` a
user can inspect, extend or serialise. They find names at character level (see names.py) and
split jieba tokens where a name boundary falls inside one, so every entity is a real Span.
"""
from __future__ import annotations

import re
from functools import lru_cache

import spacy
from spacy.attrs import IDX, LENGTH, SPACY
from spacy.language import Language
from spacy.tokens import Doc

from kg.ontology import CHAIN, ENTERPRISE, INSTITUTE, LAB, PARK, PRODUCT, REGION, SETTLED_IN, UNIVERSITY

from . import lexicon, tokenizer
from .lexicon import common_phrase, function_words, parent_prefix
from .tables import find_tables
from .tokenizer import TEXT
from .names import (Candidate, Words, gazetteer_hits, quoted_hits, select, shape_hits, strip_place, suffix_pattern,
                    unquoted_report_hits)

CANDIDATES = "parkgraph_candidates"
INFO = "parkgraph_info"  # (start_char, end_char) -> Candidate for every entity span
SPANS_KEY = "parkgraph"  # doc.spans key of the entity spans

#: Types a list passes on to its unknown members. Not chains: industry lists mix in phrases
#: (研发设计、中试成果转化); chains come from the 等…主导产业 cue instead.
_LIST_TYPES = frozenset({ENTERPRISE, UNIVERSITY, INSTITUTE, PARK, LAB})
#: What closes an enumeration and says what its members are: 等 or a count (A、B等11家龙头企业;
#: 智能网联汽车、低空经济等主导产业; 轨道交通、通用航空两大千亿级产业集群), a short modifier, then the
#: kind of thing. The nearest kind word wins (芯片、传感器等产业链上下游龙头企业: chains).
_ENUMERATION = re.compile(
    r"(?:等|(?P<role>作为|均为|均是|都是|是|为)(?=[^，。；]{0,6}?(?:龙头|链主))"
    r"|(?<![\d一二三四五六七八九十百千两几多数余])(?=[\d一二三四五六七八九十百千两几多数]+(?:余|多)?(?:家|个|大|条|户|所|项)))"
    r"(?P<count>[\d一二三四五六七八九十百千两几多数]+(?:余|多)?(?:家|个|大|条|户|所|项)|一大?批|多家|众多|诸多)?"
)
_KIND = re.compile(r"产业链|产业集群|产业(?![园区])|集群|企业|公司|厂商|龙头|链主|巨头|项目|高校|院校|大学|科研院所|院所"
                   r"|研究所|研究机构|创新机构|机构")
_KIND_REACH = 30
#: An industry word that only qualifies another noun names no industry (一批产业链党建品牌).
_NOT_INDUSTRY_HEAD = re.compile(r"党建|品牌|人才|政策|资金|基金|工作|专班|招商|项目|示范|服务|(?:龙头|链主|头部|骨干|领军|重点|知名)?企业|龙头|链主")
_KIND_TYPES = {"产业链": CHAIN, "产业集群": CHAIN, "产业": CHAIN, "集群": CHAIN,
               "企业": ENTERPRISE, "公司": ENTERPRISE, "厂商": ENTERPRISE, "龙头": ENTERPRISE, "链主": ENTERPRISE,
               "巨头": ENTERPRISE, "项目": ENTERPRISE, "高校": UNIVERSITY, "院校": UNIVERSITY, "大学": UNIVERSITY,
               "科研院所": INSTITUTE, "院所": INSTITUTE, "研究所": INSTITUTE, "研究机构": INSTITUTE,
               "创新机构": INSTITUTE, "机构": INSTITUTE}
#: An industry's modifier is a few words (千亿级, 战略性新兴, 先导); a longer one describes members
#: of another kind (…等一批汽车零部件制造、检测认证和工业设计的骨干企业).
_CHAIN_MOD_MAX = 8
#: Project lists name companies by short name (苏州瑞芯、中科微测等36个项目); longer items are
#: the projects themselves (瑞芯晶圆封测基地项目).
#: Members of an industry list that name a structure or a count, not an industry (8个产业生态圈).
_NOT_AN_INDUSTRY = re.compile(r"产业|企业|链|生态圈|\d|[一二三四五六七八九十两几多数][个条家项]|[亿万]")
#: 全省8座城市、20所重点高校; 分列第二、三位: counts and ranks, not names.
#: Words that end a firm's short name (基石药业, 长城信息, 华工科技): a name of ordinary words
#: ending so is a firm.
_FIRM_WORD = re.compile(r"(?:药业|制药|医药|科技|信息|电子|股份|集团|控股|生物|光电|电气|电器|智能|能源|通信|网络|软件|机械|重工|"
                        r"汽车|动力|材料|化工|实业|微电子|半导体|激光|光纤|传感|装备|机器人|航空|航天|数据|云|物流|轮胎)$")
_INDUSTRY_MOD = re.compile(r"领域")
_COUNTED_ITEM = re.compile(r"(?:\d+|(?<![\u4e00-\u9fff])第?[一二三四五六七八九十两几]+)(?:余|多)?[座个家所条项位名场次批]")
_PROJECT_ITEM = re.compile(r"(?:项目|基地|中心|工程|园|城|厂房|产线|生产线|剧院|大厦|街区|广场|公园|场馆|医院|学校)$")
_CLAUSE = re.compile(r"[^，。；：！？\n]+")
_QUOTE_TAIL = re.compile(r"[“\"「][^”\"」]{0,12}[”\"」]$")
_PRODUCT = re.compile(
    r"(?:也|还|则|又|近日|日前)?(?:正式|成功|首次|率先|重磅)?(?:发布|推出|首发|亮相|研制出|研发出)了?"
    r"(?:全新|新一代|新款|首款|全球首款|国内首款|首台|首套|自主研发的|最新的?)?"
    r"([A-Za-z0-9\u4e00-\u9fff\-]{1,20}?(?:仪|机|器|芯片|系统|平台|大模型|模型|软件|设备|机器人|电池|汽车|车型|手机"
    r"|终端|传感器|服务器|显示屏|疫苗|试剂盒|新药|装备|卫星|火箭|无人机|飞行器|电机|模组|组件|材料))"
)
_ITEM = re.compile(r"^[A-Za-z0-9\u4e00-\u9fff]{2,12}$")


@Language.factory("parkgraph_gazetteer")
def make_gazetteer(nlp: Language, name: str) -> "GazetteerRuler":
    return GazetteerRuler()


@Language.factory("parkgraph_shapes")
def make_shapes(nlp: Language, name: str) -> "ShapeRuler":
    return ShapeRuler()


@Language.factory("parkgraph_lists")
def make_lists(nlp: Language, name: str) -> "ListExpander":
    return ListExpander()


class GazetteerRuler:
    """Known names (gazetteers in data/) and names in book-title marks."""

    def __call__(self, doc: Doc) -> Doc:
        lex = lexicon.load()
        edges = _token_edges(doc)
        text = text_of(doc)
        doc.user_data[CANDIDATES] = (gazetteer_hits(text, lex, edges) + quoted_hits(text) + unquoted_report_hits(text)
                                     + _table_cells(text))
        return doc


#: Column roles whose cells are names, and the type they have.
_CELL_TYPES = {PARK: PARK, ENTERPRISE: ENTERPRISE, CHAIN: CHAIN, UNIVERSITY: UNIVERSITY, REGION: REGION}
_CELL_MAX = 40


def _table_cells(text: str) -> list[Candidate]:
    """A table cell under a 园区/企业/产业链 header is a name of that type, whatever its shape. It
    gives way to a known name of exactly the same span (which brings its aliases)."""
    out = []
    for table in find_tables(text):
        for role, typ in _CELL_TYPES.items():
            for cell in table.cells(role):
                if 2 <= len(cell.text) <= _CELL_MAX and not cell.text.isdigit():
                    out.append(Candidate(cell.start, cell.end, typ, "table:cell", weight=cell.end - cell.start + 0.25))
    return out


class ShapeRuler:
    """Names by suffix shape; then overlapping candidates are resolved into entity spans."""

    def __init__(self) -> None:
        self.pattern = suffix_pattern(lexicon.load())

    def __call__(self, doc: Doc) -> Doc:
        lex = lexicon.load()
        known = doc.user_data.get(CANDIDATES, [])
        cands = known + shape_hits(words_of(doc), lex, self.pattern, known)
        return set_entities(doc, select(cands))


class ListExpander:
    """What lists tell about their members.

    A shared prefix distributes over a list (中国科学院A、B、C重点实验室); members of one list
    share a type (科大讯飞“…”、华远智造“…”); `A、B等11家龙头企业` names enterprises; an
    enterprise that 发布 something names a product.
    """

    def __call__(self, doc: Doc) -> Doc:
        lex = lexicon.load()
        info: dict[tuple[int, int], Candidate] = doc.user_data[INFO]
        ents = sorted(info.values(), key=lambda c: c.start)
        words = words_of(doc)
        text = words.text
        self._distribute_prefix(text, ents, lex)
        _distribute_park_suffix(text, ents, lex)
        _mark_chain_context(text, ents)
        dropped = Replacements()
        new = self._list_members(words, ents, lex, dropped) + self._products(text, ents) \
            + _settling(words, ents, lex, dropped) + _industry_named(text, ents, lex, dropped) \
            + _named_as_leader(words, ents, lex)
        new += _mentioned_again(text, new, ents, dropped)
        new += _short_forms(text, ents + new, lex, dropped)
        return set_entities(doc, dropped.apply(ents, new))

    @staticmethod
    def _distribute_prefix(text: str, ents: list[Candidate], lex: lexicon.Lexicon) -> None:
        for i, head in enumerate(ents):
            if head.type not in (LAB, INSTITUTE) or head.rule == "list:prefix":
                continue
            parent = parent_prefix(text[head.start:head.end], lex)
            if not parent:
                continue
            j = i + 1
            while j < len(ents) and text[ents[j - 1].end:ents[j].start] in ("、", "和", "及", "以及") \
                    and ents[j].type == head.type:
                member = text[ents[j].start:ents[j].end]
                if not parent_prefix(member, lex):
                    ents[j].canonical = parent + member
                    ents[j].aliases = tuple(dict.fromkeys((*ents[j].aliases, member)))
                    ents[j].rule = "list:prefix"
                j += 1

    @staticmethod
    def _list_members(words: Words, ents: list[Candidate], lex: lexicon.Lexicon,
                      dropped: Replacements) -> list[Candidate]:
        text = words.text
        by_span = {(c.start, c.end): c for c in ents}
        out: list[Candidate] = []
        for clause in _CLAUSE.finditer(text):
            if "、" not in clause.group():
                continue
            typed = _enumerated(words, clause.start(), clause.end(), by_span, lex, dropped) \
                + _introduced(words, clause.start(), clause.end(), by_span, lex)
            out += typed
            if typed:
                continue  # a cue already said what the members are
            items = _items(words, clause.start(), clause.end(), lex)
            types = {by_span[(s, e)].type for s, e in items if (s, e) in by_span}
            if len(types) != 1 or not types <= _LIST_TYPES:
                continue
            typ = types.pop()
            for s, e in items:
                if (s, e) not in by_span and _plausible(text[s:e], lex) and len(text[s:e]) <= 8 \
                        and not re.search(r"\d", text[s:e]) and not _COUNTED_ITEM.search(text[s:e]) \
                        and not common_phrase(words.between(s, e), lex, ("n", "v")):
                    out.append(Candidate(s, e, typ, "list:type"))
        return out

    @staticmethod
    def _products(text: str, ents: list[Candidate]) -> list[Candidate]:
        out = []
        for c in ents:
            if c.type != ENTERPRISE:
                continue
            m = _PRODUCT.match(text, c.end)
            if m:
                out.append(Candidate(m.start(1), m.end(1), PRODUCT, "context:product"))
        return out


def _mentioned_again(text: str, found: list[Candidate], ents: list[Candidate], dropped: Replacements) -> list[Candidate]:
    """A name found by its context once is a name wherever the article writes it again
    (新型显示与智能终端 in a list, then 新型显示与智能终端领域，华星光电…); it takes the place of
    the shorter known names inside it there."""
    out = []
    spans = {(c.start, c.end) for c in found}
    for c in {text[c.start:c.end]: c for c in found}.values():
        name = text[c.start:c.end]
        for m in re.finditer(re.escape(name), text):
            if (m.start(), m.end()) in spans:
                continue
            inside = [x for x in ents if m.start() < x.end and x.start < m.end()]
            if all(m.start() <= x.start and x.end <= m.end() and x.type in (REGION, c.type) for x in inside):
                out.append(Candidate(m.start(), m.end(), c.type, c.rule, c.canonical, c.aliases))
                dropped.add(out[-1], inside)
    return out


#: A registered firm name's tail, and the business words before it, which its short name drops
#: (海光信息技术股份有限公司 → 海光信息; 锦瑞天成（成都）光电科技有限公司 → 锦瑞天成).
_FIRM_TAIL = re.compile(r"(?:股份有限公司|有限责任公司|有限公司|集团)$")


def _short_hits(text: str, core: str, taken: list[tuple[int, int]]) -> list[re.Match[str]]:
    """Heads of `core` (four characters at least, or all of a shorter core) written on their own:
    not followed by the rest of the name, not inside another name; longest first (甬湾智驾科技
    负责人, then 甬湾智驾则是…)."""
    hits: list[re.Match[str]] = []
    for k in range(len(core), min(4, len(core)) - 1, -1):
        for m in re.finditer(re.escape(core[:k]), text):
            if (k == len(core) or text[m.end():m.end() + 1] != core[k]) \
                    and not any(a < m.end() and m.start() < b for a, b in [*taken, *(h.span() for h in hits)]):
                hits.append(m)
    return hits


def _short_forms(text: str, ents: list[Candidate], lex: lexicon.Lexicon, dropped: Replacements) -> list[Candidate]:
    """A firm named once in full is then written by its short name: the longest head of its name
    (at least three characters) that the article writes elsewhere as a word of its own."""
    out: list[Candidate] = []
    taken = sorted((c.start, c.end) for c in ents if c.type not in (REGION, CHAIN))
    places = [c for c in ents if c.type in (REGION, CHAIN)]  # words a firm's name may hold
    for c in ents:
        name = text[c.start:c.end]
        if c.type != ENTERPRISE or not _FIRM_TAIL.search(name):
            continue
        whole = re.split(r"[（(]", name[: _FIRM_TAIL.search(name).start()], maxsplit=1)[0]
        for core in dict.fromkeys((whole, strip_place(whole, lex))):  # 湖南九典制药 → 九典制药
            if len(core) < 3:
                continue  # 集团, A集团: no head of such a name is a name
            hits = _short_hits(text, core, taken)
            if hits:
                for m in hits:
                    out.append(Candidate(m.start(), m.end(), ENTERPRISE, "short_form", None, (name,)))
                    dropped.add(out[-1], [p for p in places if m.start() <= p.start and p.end <= m.end()])  # 四川芯辰半导体
                taken += [m.span() for m in hits]
                break
    return out


def _enumerated(words: Words, start: int, end: int, by_span: dict[tuple[int, int], Candidate],
                lex: lexicon.Lexicon, dropped: Replacements) -> list[Candidate]:
    """Members of the lists in one clause that a closing cue types (see `_ENUMERATION`); the
    shorter names a member holds are noted in `dropped`, to give way if the member is kept."""
    text = words.text
    out: list[Candidate] = []
    pos = start
    for m in _ENUMERATION.finditer(text, start, end):
        if "、" not in text[pos:m.start()]:
            continue
        kind = _kind(text, m, end)
        if kind is None:
            continue
        typ = _KIND_TYPES[kind.group()]
        if typ == ENTERPRISE and "上下游" in text[m.end():kind.start()]:
            continue  # 设计、制造、封测等上下游企业: stages of an industry, not firms
        if kind.group() == "企业" and _INDUSTRY_MOD.fullmatch(text, m.end(), kind.start()):
            typ = CHAIN  # 氢能、智能家居等领域企业: the members are the industries (not 等行业龙头企业)
        items = _items(words, pos, m.start(), lex, split_last=typ != CHAIN)
        pos = m.end()
        for s, e in items:
            name = text[s:e]
            known = by_span.get((s, e))
            if known is not None:
                known.context = True  # 数字产业、智能制造…三大主导产业: named as an industry
                continue
            if typ == CHAIN:  # 新能源与节能环保: the industries inside a member are named as industries
                for c in by_span.values():
                    if c.type == CHAIN and s <= c.start and c.end <= e:
                        c.context = True
            inside = [c for c in by_span.values() if s < c.end and c.start < e]
            if any(c.start < s or c.end > e or not (c.type in (REGION, typ) or _short_inner(c, typ, e - s)) for c in inside):
                continue
            if _plausible(name, lex) and not _COUNTED_ITEM.search(name) \
                    and _fits_kind(words.between(s, e), kind.group(), typ, lex):
                out.append(Candidate(s, e, typ, "list:enumeration"))
                dropped.add(out[-1], inside)  # 上海超导, 一汽解放: a place or a firm's short name inside a member
    return out


#: An industry list introduced by what it is (主导产业为A、B和C; 产业链包括A、B).
_INDUSTRIES_ARE = re.compile(r"(?:主导|重点|优势|支柱|特色|首位|战略性新兴|新兴|未来|先导)产业(?:集群|链)?(?:主要)?(?:为|是|包括|有|涵盖)[:：]?")


def _introduced(words: Words, start: int, end: int, by_span: dict[tuple[int, int], Candidate],
                lex: lexicon.Lexicon) -> list[Candidate]:
    """Chains listed after a cue that says they are the park's industries."""
    text = words.text
    cue = _INDUSTRIES_ARE.search(text, start, end)
    if cue is None or "、" not in text[cue.end():end]:
        return []
    out = []
    for s, e in _items(words, cue.end(), end, lex, split_last=True):
        known = by_span.get((s, e))
        if known is not None:
            known.context = True
        elif _plausible(text[s:e], lex) and _fits_kind(words.between(s, e), "产业", CHAIN, lex) \
                and not any(s < c.end and c.start < e for c in by_span.values()):
            out.append(Candidate(s, e, CHAIN, "list:introduced"))
    return out


#: What may stand between newcomers and the verb that settles them (…等企业将正式签约落户).
_SETTLE_FILLER = re.compile(r"(?:等[^，。；、]{0,10}?(?:企业|公司|项目))?(?:将|已|已经|正式|成功|也|均|先后|分别|拟|计划|近日|日前|共同|集中|"
                            r"率先|顺利|相继|陆续|集体|今年|去年)*(?:签约)?$")
_SETTLE_AT = re.compile(r"(?:在|于)$")


def _settling(words: Words, ents: list[Candidate], lex: lexicon.Lexicon, dropped: Replacements) -> list[Candidate]:
    """Newcomers named by what they do: 华兴源创、国芯科技在苏州工业园区签约落地 / A落户合肥高新区.
    The words before a settling verb with a park, back to the clause start, are firms' names when
    they look like names (not ordinary words, not projects)."""
    text = words.text
    settle = lex.triggers[(SETTLED_IN, "settle")]
    places = {c.end: c for c in ents if c.type in (PARK, REGION)}
    starts = {c.start: c for c in ents if c.type in (PARK, REGION)}
    out: list[Candidate] = []
    for cue in settle.finditer(text):
        head = text[max(0, cue.start() - 60):cue.start()]
        filler = _SETTLE_FILLER.search(head)
        end = cue.start() - (len(filler.group()) if filler else 0)
        park = places.get(end)
        if park is not None and _SETTLE_AT.search(text, max(0, park.start - 1), park.start):
            end = park.start - 1  # A在P落户
        elif starts.get(cue.end() + (1 if text[cue.end():cue.end() + 1] in "于到在至" else 0)) is None:
            continue  # no park named with the verb
        start = max(text.rfind(ch, 0, end) for ch in "，。；：！？\n") + 1
        if end - start < 2 or end - start > 40:
            continue
        for s, e in _items(words, start, end, lex):
            name = text[s:e]
            inside = [c for c in ents if s < c.end and c.start < e]
            if 2 <= len(name) <= _MEMBER_MAX and _plausible(name, lex) and not _PROJECT_ITEM.search(name) \
                    and not common_phrase(words.between(s, e), lex) and not function_words(words.between(s, e), lex) \
                    and all(s <= c.start and c.end <= e and c.type in (REGION, CHAIN) for c in inside):
                out.append(Candidate(s, e, ENTERPRISE, "context:settles"))
                dropped.add(out[-1], inside)  # 湖北劲锋锂能新能源电池: a firm's name holds a place and an industry
    return out


#: One industry named as what a park develops or a project belongs to (发展海洋生物产业; 属于高端装备
#: 产业领域).
_INDUSTRY_NAMED = re.compile(r"(?:发展|聚焦|培育|打造|壮大|主攻|布局|深耕|属于|做强|做大)([\u4e00-\u9fff]{2,8}?)产业(?:领域|集群)?(?![链园区基])")
_CHAIN_MODIFIER = re.compile(r"(?:重点|优势|新兴|主导|特色|支柱|首位|未来|先导|传统|相关|各|全|该|本|当地|地方|我国|全国|全省|全市)")


def _industry_named(text: str, ents: list[Candidate], lex: lexicon.Lexicon, dropped: Replacements) -> list[Candidate]:
    out = []
    for m in _INDUSTRY_NAMED.finditer(text):
        s, e = m.span(1)
        name = m.group(1)
        inside = [c for c in ents if s < c.end and c.start < e]
        if name in lex.generic or _CHAIN_MODIFIER.search(name) or _NOT_AN_INDUSTRY.search(name) \
                or not _plausible(name, lex) or any(c.start < s or c.end > e or c.type != CHAIN for c in inside):
            continue
        if any(c.start == s and c.end == e for c in inside):
            continue
        out.append(Candidate(s, e, CHAIN, "context:industry", None, (name + "产业",)))
        dropped.add(out[-1], inside)  # 海洋生物医药 over 生物医药: the finer industry the text names
    return out


def _short_inner(c: Candidate, typ: str, size: int) -> bool:
    """北大 in 北大软件: a short known name opening a firm's name is part of it."""
    return typ == ENTERPRISE and c.type in (UNIVERSITY, INSTITUTE, ENTERPRISE) and c.end - c.start <= 3 and size >= c.end - c.start + 2


#: A firm introduced by its role (龙头企业凌峰储能此次…, 链主企业华朗终端).
_LEADER_ROLE = re.compile(r"(?:龙头企业|链主企业|头部企业|领军企业|(?<!产业)链主)(?=[\u4e00-\u9fff])")
_NAME_END_TAGS = ("v", "d", "p", "c", "u", "r", "m", "t", "f", "q", "i", "l")


def _named_as_leader(words: Words, ents: list[Candidate], lex: lexicon.Lexicon) -> list[Candidate]:
    text = words.text
    out = []
    for m in _LEADER_ROLE.finditer(text):
        end = m.end()
        for tok in words.between(m.end(), min(len(text), m.end() + 10)):
            if not re.fullmatch(r"[\u4e00-\u9fffA-Za-z0-9]+", tok) or tok in lex.boundaries \
                    or (len(tok) > 1 and lex.pos.get(tok, "x")[:1] in _NAME_END_TAGS):
                break
            end += len(tok)
        s, e = m.end(), end
        name = text[s:e]
        if 2 <= len(name) <= 8 and _plausible(name, lex) and not common_phrase(words.between(s, e), lex) \
                and not any(cue.search(name) for cue in lex.triggers.values()) \
                and not any(s < c.end and c.start < e for c in ents):
            out.append(Candidate(s, e, ENTERPRISE, "context:leader"))
    return out


def _kind(text: str, head: re.Match[str], end: int) -> re.Match[str] | None:
    """The word after an enumeration's 等 or count that says what its members are. An industry
    follows closely with no list of its own in between and is not counted in firms (多家行业
    龙头企业 are firms)."""
    stop = min(end, head.end() + _KIND_REACH)
    firms = (head.group("count") or "").endswith(("家", "户", "所")) or bool(head.group("role"))
    for kind in _KIND.finditer(text, head.end(), stop):
        if _KIND_TYPES[kind.group()] == CHAIN:
            gap = text[head.end():kind.start()]
            if firms or len(gap) > _CHAIN_MOD_MAX or "、" in gap or _NOT_INDUSTRY_HEAD.match(text, kind.end()):
                continue
        return kind
    return None


def _fits_kind(tokens: list[str], kind: str, typ: str, lex: lexicon.Lexicon) -> bool:
    """A member can be what the cue says it is: industries are short, projects are firms only
    when named like a firm rather than like a thing (电驱动总成、汽车座椅等12个配套项目)."""
    name = "".join(tokens)
    if typ == CHAIN:
        return len(name) <= 12 and not _NOT_AN_INDUSTRY.search(name)
    if kind == "项目":
        return len(name) <= 6 and not _PROJECT_ITEM.search(name) and not common_phrase(tokens, lex)
    if typ == ENTERPRISE and common_phrase(tokens, lex, ("n", "v")) and not _FIRM_WORD.search(name):
        return False  # 芯片设计、制造、封装测试等上下游企业: stages of an industry, not firms
    return len(name) <= 12


#: What follows an industry word that the text uses as an industry (…产业, …集群, firms of it
#: counted: 人工智能企业600余家); not a kind of firm (一批创新药企业) nor a thing made of it
#: (医疗器械的一套产业链).
_CHAIN_AFTER = re.compile(r"(?:等|及其|相关)?(?:(?![的一])[\u4e00-\u9fff]){0,4}?(?:产业|行业|集群|领域|赛道|企业(?=\d))")
#: The kind words of an industry: a list whose last member is written with one (集成电路、
#: 生物医药产业, the gazetteer's alias taking in its 产业) is named as industries.
_CHAIN_KINDS = tuple(k for k, t in _KIND_TYPES.items() if t == CHAIN)
_CHAIN_BEFORE = re.compile(r"(?:聚焦|围绕|发展|培育|打造|壮大|做强|做大|引育|深耕|主攻)$")


def _mark_chain_context(text: str, ents: list[Candidate]) -> None:
    """An industry word is a chain only where the text treats it as an industry.

    集成电路、新能源汽车等主导产业 and 生物医药产业 are chains; 医疗器械注册证 is not.
    A whole list shares the cue that follows its last member, or that its last member is
    written with (集成电路、生物医药产业).
    """
    chains = [c for c in ents if c.type == CHAIN]
    cells = {(cell.start, cell.end) for table in find_tables(text) for cell in table.cells(CHAIN)}
    for k, c in enumerate(chains):
        if c.rule == "shape:chain" or (c.start, c.end) in cells:  # a cell under 产业链 names an industry
            continue
        run = [c]
        while k + len(run) < len(chains) and text[run[-1].end:chains[k + len(run)].start] in ("、", "和", "及", "与"):
            run.append(chains[k + len(run)])
        last = run[-1]
        c.context = bool(text.endswith(_CHAIN_KINDS, last.start, last.end) or _CHAIN_AFTER.match(text, last.end)
                         or _CHAIN_BEFORE.search(text, max(0, c.start - 4), c.start)
                         or (k > 0 and chains[k - 1].context and text[chains[k - 1].end:c.start] in ("、", "和", "及")))


_COUNTED_PARKS = re.compile(r"[两二三四五六七八九十\d]+家")
_LIST_JOINS = ("、", "和", "及", "以及")


def _distribute_park_suffix(text: str, ents: list[Candidate], lex: lexicon.Lexicon) -> None:
    """昆山、江宁、南京经济技术开发区 / 镇江、淮安两家经济技术开发区: a park suffix right after a list
    of places names a park of each place."""
    suffixes = sorted((sh.suffix for sh in lex.shapes.values() if sh.type == PARK), key=len, reverse=True)
    by_end = {c.end: c for c in ents}
    for m in re.finditer("|".join(map(re.escape, suffixes)), text):
        suffix, head_end = m.group(), m.start()
        counted = _COUNTED_PARKS.search(text, max(0, head_end - 4), head_end)
        if counted and counted.end() == head_end:
            head_end = counted.start()
        park = by_end.get(m.end())
        known_only = False
        if park is not None and park.type == PARK and park.start < head_end:
            last = park  # 淮安经济技术开发区 itself is known: the places listed before it
            # 北京、上海和苏州工业园区: after a listed park, only places whose park is listed too
            known_only = park.rule == "gazetteer" and not counted
        else:
            last = by_end.get(head_end)
            if last is None or last.type != REGION or (last.canonical or "").endswith(("省", "自治区")):
                continue  # the suffix is not attached to a place (…西安市及高新区), or to a province (云南省开发区)
            _make_park(last, text, suffix, lex)
        while True:
            join = next((j for j in _LIST_JOINS if text.endswith(j, 0, last.start)), None)
            if join is None:
                break
            prev = by_end.get(last.start - len(join)) or _district(text, last.start - len(join), lex)
            if prev is None or prev.type != REGION:
                break
            if known_only and text[prev.start:prev.end] + suffix not in lex.gazetteer:
                break
            if prev.rule == "district":
                ents.append(prev)
                by_end[prev.end] = prev
            _make_park(prev, text, suffix, lex)
            last = prev


def _district(text: str, end: int, lex: lexicon.Lexicon) -> Candidate | None:
    """江宁 in 昆山、江宁、南京经济技术开发区: a district written without 区, as a list member."""
    for n in (2, 3):
        name = text[end - n:end]
        if end - n == 0 or any(text.endswith(j, 0, end - n) for j in _LIST_JOINS):
            entry = next((lex.gazetteer[name + k] for k in "区县市" if name + k in lex.gazetteer), None)
            if entry is not None and entry.type == REGION:
                return Candidate(end - n, end, REGION, "district", entry.canonical)
    return None


def _make_park(c: Candidate, text: str, suffix: str, lex: lexicon.Lexicon) -> None:
    name = text[c.start:c.end] + suffix
    known = lex.gazetteer.get(name)
    if known is not None and known.type == PARK:  # 江宁经济技术开发区 is 南京江宁经济技术开发区
        c.canonical, c.aliases = known.canonical, (name, known.name, *known.aliases)
    else:
        c.canonical, c.aliases = name, (name,)
    c.type, c.rule = PARK, "list:suffix"


def _items(words: Words, start: int, end: int, lex: lexicon.Lexicon, split_last: bool = True) -> list[tuple[int, int]]:
    """The members of a 、-separated list, each without a trailing quoted nickname.

    The last member may be two joined by 和/及/与 (A、B和C); a chain keeps them together, since
    industries are named that way (新能源与节能环保).
    """
    text = words.text
    spans = []
    pos = start
    word_starts = set(words.starts)
    parts = text[start:end].split("、")
    for k, part in enumerate(parts):
        s, e = pos, pos + len(part)
        pos = e + 1
        pieces = [(s, e)]
        if k == len(parts) - 1:
            copula = next((c for c in re.finditer(r"是|均为|都是|则是|作为", part) if s + c.start() in word_starts), None)
            if copula:  # 生物医药、人工智能是园区重点培育的三大产业: the rest is said of the list (not 是德科技)
                part = part[:copula.start()]
                e = s + len(part)
                pieces = [(s, e)]
            cut = re.search(r"等|以及|和|及|与", part)
            if cut and cut.group() == "等":
                pieces = [(s, s + cut.start())]
            elif cut and split_last:
                pieces = [(s, s + cut.start()), (s + cut.end(), e)]
        for ps, pe in pieces:
            q = _QUOTE_TAIL.search(text[ps:pe])
            if q:
                pe = ps + q.start()
            if k == 0 and ps == s:
                ps = _trim_head(words, ps, pe, lex, inner_conj=not split_last)
            elif pe > ps and (opener := words.between(ps, pe)[0]) in _MEMBER_OPENERS \
                    and _MEMBER_OPENERS[opener].match(text, pe):
                ps += len(opener)  # A、由B、C和D组成的…: the preposition opens a phrase, not a name
            if pe > ps:
                spans.append((ps, pe))
    return spans


_MEMBER_MAX = 12
#: Prepositions that open a phrase a list runs into (…、由A、B组成的…, …、以C为龙头的…), each with
#: the word that closes the phrase later in its clause: only then is the preposition no part of
#: the member's name (以岭药业、石药集团等企业 keeps its 以).
_MEMBER_OPENERS = {"由": re.compile(r"[^，。；！？\n]*?(?:组成|构成)"), "以": re.compile(r"[^，。；！？\n]*?为")}
#: Words that open a list without being part of its first member (涉及华骏动力、铭泰轮胎…).
_OPENER_TAGS = ("v", "p", "u", "c", "r", "d", "m", "q", "t")


def _trim_head(words: Words, s: int, e: int, lex: lexicon.Lexicon, inner_conj: bool = False) -> int:
    """The first list member starts after the last word that introduces the list (来自高端装备制造,
    涉及华骏动力, 聚集着华为); a verb ending the member is its own (高端装备制造)."""
    tokens = words.between(s, e)
    pos = s
    start = s
    prev = ""
    for tok in tokens[:-1]:
        pos += len(tok)
        tag = lex.pos.get(tok, "x")
        verb_complement = len(tok) == 1 and tag[:1] == "a" and len(prev) == 1 and lex.pos.get(prev, "x") == "v"  # 做强, 做大
        opener = tag[:1] in _OPENER_TAGS and (len(tok) > 1 or tag[:1] in ("p", "c", "u"))  # 思/必/驰: an unknown name
        if inner_conj and tok in ("与", "及"):
            continue  # 发展半导体及集成电路、光子…: an industry's name holds its 及
        if tok in lex.boundaries or opener or verb_complement:
            start = pos
        prev = tok
    return max(start, e - _MEMBER_MAX)


def _plausible(name: str, lex: lexicon.Lexicon) -> bool:
    return bool(_ITEM.match(name)) and name not in lex.generic and not name.isdigit() \
        and not any(w in name for w in ("企业", "党", "工作", "品牌", "示范", "基地", "平台", "项目"))


class Replacements:
    """Known names that a new, longer candidate holds (上海 in 上海超导): they give way only if the
    candidate is kept when overlapping candidates are resolved, else they stay."""

    def __init__(self) -> None:
        self.owners: dict[int, list[Candidate]] = {}  # id(inner) -> the candidates holding it
        self.inner: dict[int, Candidate] = {}

    def add(self, owner: Candidate, inside: list[Candidate]) -> None:
        for c in inside:
            self.owners.setdefault(id(c), []).append(owner)
            self.inner[id(c)] = c

    def apply(self, ents: list[Candidate], new: list[Candidate]) -> list[Candidate]:
        """The known candidates and the new ones chosen, each inner name kept unless one of its
        holders was chosen."""
        base = [c for c in ents if id(c) not in self.inner]
        chosen = select(new, [(c.start, c.end) for c in base])
        kept = {id(c) for c in chosen}
        back = [c for key, c in self.inner.items() if not any(id(o) in kept for o in self.owners[key])]
        return base + select(back, [(c.start, c.end) for c in base + chosen]) + chosen


def set_entities(doc: Doc, cands: list[Candidate]) -> Doc:
    """Entity spans for the candidates, in `doc.spans["parkgraph"]`.

    Where a name boundary falls inside a jieba token, the Doc is rebuilt with that token
    split, so every name is a real Span; the rebuilt Doc is returned and replaces the old one.
    """
    doc = _split_tokens(doc, {b for c in cands for b in (c.start, c.end)})
    spans = []
    for c in cands:
        span = doc.char_span(c.start, c.end, label=c.type)
        if span is not None:
            spans.append(span)
    doc.spans[SPANS_KEY] = spans
    doc.user_data[INFO] = {(c.start, c.end): c for c in cands}
    return doc


def text_of(doc: Doc) -> str:
    """The Doc's text, joined from its tokens once (spaCy rebuilds `doc.text` on every access)."""
    text = doc.user_data.get(TEXT)
    if text is None:
        text = doc.user_data[TEXT] = doc.text
    return text


def words_of(doc: Doc) -> Words:
    return Words(text_of(doc), doc.to_array(IDX).tolist() if len(doc) else [])


def _token_edges(doc: Doc) -> frozenset[int]:
    arr = doc.to_array([IDX, LENGTH])
    return frozenset(arr[:, 0].tolist()) | frozenset((arr[:, 0] + arr[:, 1]).tolist())


def _split_tokens(doc: Doc, boundaries: set[int]) -> Doc:
    if not len(doc):
        return doc
    arr = doc.to_array([IDX, LENGTH, SPACY])
    starts = arr[:, 0].tolist()
    edges = set(starts) | set((arr[:, 0] + arr[:, 1]).tolist())
    text = text_of(doc)
    cuts = sorted(b for b in boundaries if b not in edges and 0 < b < len(text))
    if not cuts:
        return doc
    words: list[str] = []
    spaces: list[bool] = []
    k = 0
    for start, length, space in arr.tolist():
        end = start + length
        pos = start
        while k < len(cuts) and cuts[k] <= start:
            k += 1
        while k < len(cuts) and cuts[k] < end:
            words.append(text[pos:cuts[k]])
            spaces.append(False)
            pos = cuts[k]
            k += 1
        words.append(text[pos:end])
        spaces.append(bool(space))
    new = Doc(doc.vocab, words=words, spaces=spaces)
    new.user_data.update(doc.user_data)
    return new


@lru_cache(maxsize=1)
def build() -> Language:
    """The extraction pipeline (one per process: loading the lexicon takes about a second)."""
    lexicon.load()
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": tokenizer.NAME}}})
    nlp.add_pipe("parkgraph_gazetteer")
    nlp.add_pipe("parkgraph_shapes")
    nlp.add_pipe("parkgraph_lists")
    return nlp
