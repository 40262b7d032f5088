"""Both trained stages measured on sites of the training part they did not learn from: the
development figure a change is chosen on before the blind part is measured once.

    python bench/heldout_sites.py [--sites 35] [--seed 5] [--crf PATH]

Draws `--sites` pool2 articles of the training part (each its own site; random.Random(seed),
the draw docs/quality.md reports as "35 held-out training sites"), trains the name tagger and the
relation model on the rest of the training part exactly as `kg train` does (the threshold by
cross-validation over their sites), and scores the held-out articles (pooled and per relation type) with the rules of
../shared/eval/score.py. The blind part is never read. `--crf PATH` reuses a tagger trained
before (written there when it does not exist yet), for changes that leave names alone.
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from extract import tagger as name_tagger, training  # noqa: E402
from extract.evaluation import score  # noqa: E402
from extract.extractor import Extractor  # noqa: E402
from extract.relations.model import RelationModel  # noqa: E402

MEASURES = ("entity+type", "relation", "entity:Enterprise", "entity:Park", "entity:Chain", "entity:Institute")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sites", type=int, default=35)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--crf", type=Path, help="the name tagger to reuse (trained and written here if missing)")
    args = ap.parse_args()
    rows = training.corpus_rows(None)
    pool2 = [str(g) for g, _ in rows if g.name[:3].isdigit() and int(g.name[:3]) >= 200]  # split order
    held = set(random.Random(args.seed).sample(pool2, args.sites))
    learn = [r for r in rows if str(r[0]) not in held]
    test = [r for r in rows if str(r[0]) in held]
    dirs = training.corpus_text_dirs()
    t = time.perf_counter()
    untrained = RelationModel({}, "untrained")
    base = Extractor(model=untrained, rules_only=True)
    with tempfile.TemporaryDirectory() as tmp:
        crf = args.crf or Path(tmp) / "names.crfsuite"
        if not crf.exists():
            name_tagger.train(training.tagger_items(learn, base, dirs), crf)
        ex = Extractor(nlp=base.nlp, model=untrained, tagger=name_tagger.Tagger(crf))
        learnt = training.load_examples(learn, ex, dirs)
        tested = training.load_examples(test, ex, dirs)
    threshold, cv = training.choose_threshold(learnt)
    model = training.model_of(training.fit(learnt), threshold)
    scores = score(training._golds(tested), training.predict(model, tested)).pooled
    print(f"{len(test)} held-out sites, trained on {len(learn)} articles; threshold {threshold} "
          f"(cross-validated relation F1 {cv:.3f}); {time.perf_counter() - t:.0f} s")
    print(f"{'measure':<20} {'P':>6} {'R':>6} {'F1':>6}")
    for name in MEASURES + tuple(sorted(k for k in scores if k.startswith("relation:"))):
        c = scores[name]
        print(f"{name:<20} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f}")


if __name__ == "__main__":
    main()
