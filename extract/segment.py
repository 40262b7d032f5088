"""A page of news → its articles → their sentences.

A newspaper page or a scraped web page holds several articles, menus, share buttons and
photo captions. Facts are only tied together inside one article (its year, its park), so the
split decides what document-level context means.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .dates import find_dates

_BYLINE = re.compile(
    r"^(?:本报讯|本报[^\n，。]{0,12}电|新华社[^\n，。]{0,16}电|中新[网社][^\n，。]{0,16}电|"
    r"[（(]\s*记者|记者[^\n，。]{1,12}(?:报道|摄)|通讯员|[^\n，。]{0,6}讯\s*[（(]记者)"
)
_META = re.compile(r"(?:发布时间|发布日期|时间|日期|来源|作者|编辑|责任编辑)[:：]")
_RESIDUE = re.compile(
    r"当前位置|您的位置|现在位置|首页\s*[>＞»›]|[>＞»›]\s*正文|版权所有|Copyright|©|ICP备|公网安备|"
    r"主办单位|承办单位|技术支持[:：]|分享到|扫一扫|打印本页|关闭窗口|【\s*字[体号]|字号[:：]|"
    r"上一篇|下一篇|相关新闻|相关阅读|点击量|浏览次数|阅读量|返回顶部|网站地图|联系我们",
    re.IGNORECASE,
)
_MENU_SEP = re.compile(r"[|丨｜/»›>]")
_ARTICLE_END = re.compile(r"^[（(]\s*完\s*[）)]$|^[（(]?\s*(?:责任)?编辑[:：]")
_TABLE_ROW = re.compile(r"\|[^\n]*\|[^\n]*\|")
_CAPTION_CUE = re.compile(r"^(?:图为|▲|△|图[:：]|图片[:：])|[（(]\s*(?:记者\s*)?[^\s（）()]{0,8}\s*摄\s*[）)]$")
_SENTENCE_END = re.compile(r"[。！？!?]+[”’」』）)]*|\n")

TITLE_MAX = 40
CAPTION_MAX = 60
#: Longer articles are cut at paragraph or sentence ends, so a 10 MB file with no article
#: structure is processed in bounded pieces instead of as one enormous Doc.
ARTICLE_MAX = 20_000


@dataclass(frozen=True)
class ArticleSpan:
    """One article of a page: where it lies in the page text and what frames it."""

    start: int
    end: int
    title: str | None = None
    kind: str = "article"  # or "captions"
    date: str | None = None  # from a dateline or publication line, when one is full
    skip: tuple[tuple[int, int], ...] = field(default=())  # residue inside, article offsets


@dataclass
class _Para:
    start: int
    end: int
    text: str
    role: str  # body, byline, title, residue, meta, caption, end


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Non-empty paragraphs as offsets (paragraphs are the lines of normalised text)."""
    spans = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if line.strip():
            spans.append((pos, end))
        pos = end + 1
    return spans


def _role(p: str) -> str:
    if _ARTICLE_END.search(p):
        return "end"
    if _BYLINE.search(p):
        return "byline"
    if _META.search(p) and len(p) <= 120 and not re.search(r"[。！？]", p):
        return "meta"
    if _TABLE_ROW.fullmatch(p.strip()):
        return "body"  # a row of a table (| 1 | 苏州工业园区 | 江苏 |), not a menu
    if _RESIDUE.search(p) and len(p) <= 200:
        return "residue"
    if len(_MENU_SEP.findall(p)) >= 2 and not re.search(r"[，。！？]", p):
        return "residue"
    if _CAPTION_CUE.search(p) and len(p) <= CAPTION_MAX * 2:
        return "caption"
    if len(p) <= TITLE_MAX and not re.search(r"[。！？!?；;]$", p) and not re.search(r"[，。]", p[:-1]):
        return "title"
    return "body"


def split_articles(text: str) -> list[ArticleSpan]:
    """Split a normalised page into articles, titles, captions and residue."""
    paras = [_Para(s, e, text[s:e], _role(text[s:e])) for s, e in paragraphs(text)]
    _mark_tables(paras)
    _mark_trailing_captions(paras)
    groups: list[list[_Para]] = []
    current: list[_Para] = []

    def close() -> None:
        nonlocal current
        if any(p.role in ("body", "byline") for p in current):
            groups.append(current)
        elif groups and current:
            groups[-1].extend(p for p in current if p.role != "title")
        current = []

    for p in paras:
        if p.role == "caption":
            continue
        if p.role == "byline" and _has_body(current):
            heading = []
            while current and current[-1].role in ("title", "meta"):
                heading.insert(0, current.pop())
            close()
            current = heading
        current.append(p)
        if p.role == "end":
            close()
    close()
    articles = [piece for g in groups for piece in _bounded(text, _article(text, g))]
    captions = [p for p in paras if p.role == "caption"]
    if captions:
        articles.append(ArticleSpan(captions[0].start, captions[-1].end, None, "captions",
                                    skip=_skips([p for p in paras if captions[0].start <= p.start <= captions[-1].start
                                                 and p.role != "caption"], captions[0].start)))
    return articles


def _mark_tables(paras: list[_Para]) -> None:
    """Consecutive lines cut by the same number of pipes are a table's rows (1|昆明…|昆明市|92.36),
    not a site menu, which is one line."""
    for a, b in zip(paras, paras[1:]):
        pipes = a.text.count("|")
        if pipes >= 2 and b.text.count("|") == pipes:
            for p in (a, b):
                if p.role in ("residue", "title"):
                    p.role = "body"


def _has_body(paras: list[_Para]) -> bool:
    return any(p.role in ("body", "byline") for p in paras)


def _mark_trailing_captions(paras: list[_Para]) -> None:
    """Short one-line paragraphs after the last article body are photo captions."""
    tail = []
    for p in reversed(paras):
        if p.role in ("residue", "meta"):
            continue
        if len(p.text) <= CAPTION_MAX and p.role in ("title", "body", "caption") and len(_SENTENCE_END.findall(p.text)) <= 1:
            tail.append(p)
            continue
        break
    body = [len(p.text) for p in paras if p.role in ("body", "byline") and p not in tail]
    # Only where article paragraphs are long (a newspaper page) do short one-liners at the end
    # read as captions; on the web, short closing paragraphs are ordinary text.
    typical = sorted(body)[len(body) // 2] if body else 0
    if tail and len(tail) <= 6 and len(body) >= 3 and typical >= 120 and all(len(p.text) * 3 <= typical for p in tail):
        for p in tail:
            p.role = "caption"


def _article(text: str, group: list[_Para]) -> ArticleSpan:
    content = [p for p in group if p.role not in ("residue", "meta", "end")]
    first, last = content[0], content[-1]
    title = first.text.strip() if first.role == "title" else None
    date = None
    for p in group:
        if p.role in ("meta", "byline", "title") or p is first:
            full = [d for d in find_dates(p.text) if d.year]
            if full:
                date = full[0].iso(None)
                break
    inside = [p for p in group if p.role in ("residue", "meta") and first.start < p.start < last.start]
    return ArticleSpan(first.start, last.end, title, "article", date, _skips(inside, first.start))


def _bounded(text: str, art: ArticleSpan) -> list[ArticleSpan]:
    if art.end - art.start <= ARTICLE_MAX:
        return [art]
    pieces = []
    start = art.start
    while art.end - start > ARTICLE_MAX:
        limit = start + ARTICLE_MAX
        cut = max(text.rfind("\n", start, limit), text.rfind("。", start, limit) + 1)
        if cut <= start + ARTICLE_MAX // 2:
            cut = limit
        pieces.append((start, cut))
        start = cut + 1 if text[cut:cut + 1] == "\n" else cut
    pieces.append((start, art.end))
    return [ArticleSpan(s, e, art.title if k == 0 else None, art.kind, art.date,
                        tuple((a - (s - art.start), b - (s - art.start)) for a, b in art.skip
                              if s <= a + art.start < e))
            for k, (s, e) in enumerate(pieces) if text[s:e].strip()]


def _skips(paras: list[_Para], base: int) -> tuple[tuple[int, int], ...]:
    return tuple((p.start - base, p.end - base) for p in paras)


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans: up to 。！？ (with closing quotes) or a paragraph end."""
    spans = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end() if m.group() != "\n" else m.start()
        if text[start:end].strip():
            spans.append((start, end))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans
