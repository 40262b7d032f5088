"""Page text in, extracted articles out: the one entry point the CLI, the graph loader and the
API use, so they all see the same articles, ids and offsets."""
from __future__ import annotations

from collections.abc import Iterator

from spacy.language import Language

from kg.ontology import CHAIN

from . import lexicon, tagger as name_tagger
from .dates import article_year, find_dates
from .names import Candidate
from .normalize import normalize, simplified_view
from .pipeline import INFO, build, set_entities
from .relations import Context, RelationModel, extract_relations, model as relation_model
from .resolve import declared_aliases, resolve
from .result import Article, doc_id
from .segment import sentences, split_articles
from .tagger import Tagger


class Extractor:
    """Holds the loaded pipeline; build one per process and feed it pages."""

    def __init__(self, nlp: Language | None = None, model: RelationModel | None = None,
                 tagger: Tagger | None = None, rules_only: bool = False) -> None:
        """`rules_only`: names from the rules alone, no tagger (what the tagger is trained over)."""
        self.nlp = nlp or build()
        self.lex = lexicon.load()
        self.model = model or relation_model.default()
        self.tagger = None if rules_only else tagger or name_tagger.default()

    def extract(self, raw: str, source: str, date: str | None = None) -> Iterator[Article]:
        """Every article of a page of decoded text, in page order."""
        page = normalize(raw).text
        for span in split_articles(page):
            text = page[span.start:span.end]
            yield self.article(text, source, span.title, span.date or date, span.kind, span.skip)

    def article(self, text: str, source: str, title: str | None = None, date: str | None = None,
                kind: str = "article", skip: tuple[tuple[int, int], ...] = ()) -> Article:
        ctx = self.context(text, date, skip)
        return Article(doc_id(text), source, title, date, text, kind, ctx.entities, extract_relations(ctx, self.model),
                       skip)

    def context(self, text: str, date: str | None = None, skip: tuple[tuple[int, int], ...] = ()) -> Context:
        """An article's entities, sentences and dates: what relations are found in (and trained on)."""
        view, cands, words = self.names(text, skip)
        if self.tagger is not None:
            cands = self.tagger.candidates(view, words, cands, self.lex)
        entities = resolve(view, text, cands, self.lex)
        sents = sentences(view)
        year = int(date[:4]) if date else article_year(view)
        lead = None
        if sents:
            found = find_dates(view[sents[0][0]:sents[0][1]])
            lead = found[0] if found else None
        return Context(view, entities, sents, year, lead)

    def names(self, text: str, skip: tuple[tuple[int, int], ...] = ()) -> tuple[str, list[Candidate], list[tuple[int, int]]]:
        """The simplified view of an article, the rules' name candidates in it and jieba's words."""
        view = simplified_view(text) or text
        doc = self.nlp(view)
        cands = list(doc.user_data[INFO].values())
        extra = declared_aliases(view, cands)
        if extra:
            doc = set_entities(doc, sorted(cands + extra, key=lambda c: c.start))
            cands = list(doc.user_data[INFO].values())
        # An industry the rules read from context or shape must look like a name, as a tagged one
        # must: not 了一批, a verb alone (助推) (dev sites: Chain precision 0.53 → 0.60), 做大做强汽车
        # or 五大. 双方 and 做大 still pass (tagger.plausible reads them as nouns).
        cands = [c for c in cands if not any(s <= c.start < e for s, e in skip)
                 and (c.type != CHAIN or c.rule == "gazetteer" or name_tagger.plausible(view[c.start:c.end], c.type, self.lex))]
        return view, cands, [(t.idx, t.idx + len(t.text)) for t in doc]


