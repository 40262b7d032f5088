"""The spaCy pipeline itself: its tokenizer, its components and the spans they leave."""
from __future__ import annotations

from extract.pipeline import SPANS_KEY, build


def test_components_are_registered_spacy_factories():
    assert build().pipe_names == ["parkgraph_gazetteer", "parkgraph_shapes", "parkgraph_lists"]


def test_tokenizer_keeps_the_text_exactly():
    text = "西安高新区 与 Intel 公司\n签约  合作。"
    assert build()(text).text == text


def test_entities_are_spans_even_where_jieba_cut_through_a_name():
    doc = build()("园区企业中科大讯飞近日获得中国专利金奖。")
    spans = [(s.text, s.label_) for s in doc.spans[SPANS_KEY]]
    assert spans == [("科大讯飞", "Enterprise"), ("中国专利金奖", "Award")]
    assert all(s.start_char == s[0].idx for s in doc.spans[SPANS_KEY])
