"""The jieba tokenizer of the parkgraph pipeline, registered with spaCy.

spaCy's own `zh` jieba segmenter runs jieba's HMM, which guesses words inside runs of
characters its dictionary does not know. Names are found on characters here (names.py), and the
guessed words are exactly the ones a name boundary cuts, so the pipeline segments with the
dictionary alone (every gazetteer name is in it): the same words where jieba knows them,
single characters where it does not, and faster.
"""
from __future__ import annotations

import jieba
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab


NAME = "parkgraph.jieba_tokenizer.v1"
TEXT = "parkgraph_text"  # user_data key: the text, kept because spaCy rebuilds doc.text on each access


class JiebaTokenizer:
    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        tokens = jieba.lcut(text, HMM=False)
        if " " not in text:
            words, spaces = tokens, [False] * len(tokens)
        else:
            words, spaces = [], []
            for w in tokens:
                if w == " " and words and not spaces[-1]:
                    spaces[-1] = True
                else:
                    words.append(w)
                    spaces.append(False)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        doc.user_data[TEXT] = text
        return doc


@registry.tokenizers(NAME)
def create_tokenizer():
    def make(nlp: Language) -> JiebaTokenizer:
        return JiebaTokenizer(nlp.vocab)

    return make
