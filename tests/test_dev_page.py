"""The dev page against its gold annotation: every gold fact found, nothing invented.

Scored by extract/evaluation.py, the project's copy of ../shared/eval/score.py's rules
(tests/test_eval.py checks that both count alike), so the suite needs nothing outside the repository.
"""
from __future__ import annotations

from conftest import GOLD

from extract.evaluation import load_gold, score


def test_entities_and_relations_match_gold(sample_articles):
    scores = score([load_gold(GOLD)], [dict(a, source=GOLD.name.replace(".gold.json", ".txt")) for a in sample_articles])
    assert [(e.kind, e.what) for e in scores.errors] == []
    for measure in ("entity+type", "relation", "property:rank", "property:date"):
        c = scores.get(measure)
        assert (c.fp, c.fn) == (0, 0), measure
