"""Both trained stages measured on sites of the training part they did not learn from: the
development figure a change is chosen on before the blind part is measured once.

    python bench/heldout_sites.py [--sites 35] [--seed 5] [--crf PATH]
    python bench/heldout_sites.py --folds 5 [--seed 5] [--jobs 2] [--crf PATH] [--gold-names]

Draws `--sites` pool2 articles of the training part (each its own site; random.Random(seed),
the draw docs/quality.md reports as "35 held-out training sites"), trains the name tagger and the
relation model on the rest of the training part exactly as `kg train` does (the threshold by
cross-validation over their sites), and scores the held-out articles (pooled and per relation type) with the rules of
../shared/eval/score.py. The blind part is never read. `--crf PATH` reuses a tagger trained
before (written there when it does not exist yet), for changes that leave names alone.

`--folds K` holds out every pool2 article of the training part once instead (K folds of its
120 sites, each scored by stages trained without it, the predictions pooled): three times the
articles of one draw of 35, so a change's figure moves less by which sites were drawn. `--seed`
then draws which sites share a fold; the figure moves with it too (docs/quality.md compares a
change with its base on --seed 5, 6 and 7).

`--gold-names` reads the held-out articles with their gold's names in place of the rules' and
the tagger's (every gold name and alias where the text writes it, typed as the gold types it;
the rules' places kept): what the relation stage, trained as without it, reaches on new sites
when the names are the gold's. Not a strict bound: the model learnt from the extractor's names,
and a gold name written only inside a longer gold name stays unnamed.

Then, where the missed facts were lost, per relationship type: an end the extractor does not
name as the gold does (entity recall), both ends named but never a candidate pair (no sentence
speaks of them together), or a candidate the model did not keep (below its threshold, or
another type chosen).

Last, what each hand-written rule's findings are worth on the held-out articles: per rule, how
many facts it found there (counted as the scorer counts facts, once per file; none with a place
at an end, nor LOCATED_IN to a name the gold does not hold, which the scorer skips), how many of
them the gold states, marks optional or does not state, and how many of each the extractor's
output keeps (the model decides every pair but those a name or a place settles, so a rule is a
feature of the pair, not its verdict). The rules were first written on the pool's few sites;
later ones were chosen on this measure's figures, so these sites are not wholly new to them.
"""
from __future__ import annotations

import argparse
import functools
import json
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from extract import tagger as name_tagger, training  # noqa: E402
from extract.evaluation import score  # noqa: E402
from extract.extractor import Extractor  # noqa: E402
from extract.lexicon import Lexicon  # noqa: E402
from extract.names import Candidate  # noqa: E402
from extract.relations import decide  # noqa: E402
from extract.relations.model import RelationModel  # noqa: E402
from kg.ontology import REGION, SIGNATURES, SYMMETRIC  # noqa: E402

CAUSES = ("an end not named", "no candidate pair", "candidate not kept")
#: What the gold says of a rule's finding, and whether the output keeps it.
VERDICTS = ("stated", "optional", "not stated", "kept", "stated, kept", "optional, kept")

MEASURES = ("entity+type", "relation", "entity:Enterprise", "entity:Park", "entity:Chain", "entity:Institute")


#: Gold names write brackets as ASCII where the normalised text keeps them full-width.
_FULL_WIDTH = str.maketrans("()", "（）")


class GoldNames:
    """Stands in for the name tagger with one article's gold names: each gold entity wherever the
    simplified view writes one of its names exactly (with either kind of bracket), longest first
    and never overlapping (`tagger.gold_tags`: a gold name written only inside a longer one stays
    unnamed), all its names as aliases so that its mentions make one entity; the rules' places
    where no gold name is."""

    def __init__(self, gold_path: Path) -> None:
        doc = json.loads(gold_path.read_text(encoding="utf-8"))
        forms = [(f, e) for e in doc["entities"] for n in [e["name"], *e.get("aliases", [])]
                 for f in dict.fromkeys((n, n.translate(_FULL_WIDTH)))]
        self.names = [(f, e["type"]) for f, e in forms]
        self.entity = {f: (e["name"], (e["name"], *e.get("aliases", []))) for f, e in forms}

    def candidates(self, view: str, words: Sequence[tuple[int, int]], cands: Sequence[Candidate],
                   lex: Lexicon) -> list[Candidate]:
        found = []
        for s, e, typ in name_tagger.spans(name_tagger.gold_tags(view, view, self.names)):
            name, names = self.entity[view[s:e]]  # each span is one of the forms gold_tags was given
            found.append(Candidate(s, e, typ, "gold", name, names))
        places = [c for c in cands if c.type == REGION and not any(g.start < c.end and c.start < g.end for g in found)]
        return sorted(found + places, key=lambda c: (c.start, c.end))


def _gold_named(rows: list[tuple[Path, str]], base: Extractor, dirs: list[Path]) -> list[training.Example]:
    """The held-out articles read with their gold's names (GoldNames)."""
    out = []
    for row in rows:
        out += training.load_examples([row], training.tagged_extractor(base, GoldNames(row[0])), dirs)
    return out


def held_out(held: set[str], crf: Path | None, gold_names: bool = False
             ) -> tuple[list[dict], list, float, float, Counter, Counter]:
    """Both stages trained on the training part without `held` (gold paths), and their output
    on `held`: predictions, golds, threshold, cross-validated relation F1, missed facts by cause,
    the rules' findings by verdict."""
    rows = training.corpus_rows(None)
    learn = [r for r in rows if str(r[0]) not in held]
    test = [r for r in rows if str(r[0]) in held]
    dirs = training.corpus_text_dirs()
    base = training.rules_extractor()
    with tempfile.TemporaryDirectory() as tmp:
        crf = crf or Path(tmp) / "names.crfsuite"
        if not crf.exists():
            name_tagger.train(training.tagger_items(learn, base, dirs), crf)
        ex = training.tagged_extractor(base, name_tagger.Tagger(crf))
        learnt = training.load_examples(learn, ex, dirs)
        tested = _gold_named(test, base, dirs) if gold_names else training.load_examples(test, ex, dirs)
    threshold, cv = training.choose_threshold(learnt)
    model = training.model_of(training.fit(learnt), threshold)
    preds = training.predict(model, tested)
    return preds, training._golds(tested), threshold, cv, lost(tested, preds), rule_findings(tested, model)


def rule_findings(tested: list[training.Example], model: RelationModel) -> Counter:
    """(rule, verdict) of each fact a rule found on the held-out articles (VERDICTS), counted as
    the scorer counts facts, once per file, so that a rule's precision here is what it would add
    to the scored figure if the model believed it alone."""
    found: dict[tuple, set[str]] = {}  # (file, rule, scorer's key) -> verdicts
    for ex in tested:
        g, ents = ex.gold, ex.ctx.entities
        kept = {(r.source, r.type, r.target) for r in decide(ex.ctx, model, ex.rules, ex.cands)}
        for r in ex.rules:
            key = g.relation_key(r.type, *([ents[i].name, *ents[i].aliases] for i in (r.source, r.target)))
            if key is None:
                continue  # left out of the scored figure (a place at an end)
            verdict = "stated" if key in g.accept else "optional" if key in g.optional_relations else "not stated"
            marks = found.setdefault((ex.file, r.method, key), set())
            marks.add(verdict)
            if (r.source, r.type, r.target) in kept or (r.type in SYMMETRIC and (r.target, r.type, r.source) in kept):
                marks.add("kept")
    out: Counter = Counter()
    for (_, rule, _), marks in found.items():
        verdict = next(v for v in VERDICTS[:3] if v in marks)
        out[(rule, verdict)] += 1
        if "kept" in marks:
            out[(rule, "kept")] += 1
            if verdict != "not stated":
                out[(rule, f"{verdict}, kept")] += 1
    return out


def lost(tested: list[training.Example], preds: list[dict]) -> Counter:
    """(relationship type, cause) of each gold fact the predictions miss, by the scorer's errors."""
    named: dict[str, set[int]] = {}
    paired: dict[str, set[frozenset[int]]] = {}
    for ex in tested:
        ids = [ex.gold.resolve([e.name, *e.aliases]) for e in ex.ctx.entities]
        named.setdefault(ex.file, set()).update(i for i in ids if i is not None)
        paired.setdefault(ex.file, set()).update(frozenset((ids[c.source], ids[c.target])) for c in ex.cands)
    golds = training._golds(tested)
    missed = {(e.file, e.what) for e in score(golds, preds).errors if e.kind == "FN relation"}
    out: Counter = Counter()
    for g in golds:
        for r in g.relations:
            if (g.file, f"{r['source']} -{r['type']}-> {r['target']}") not in missed:
                continue
            ends = {g.resolve([r["source"]]), g.resolve([r["target"]])}
            cause = CAUSES[0] if not ends <= named[g.file] else CAUSES[1] if frozenset(ends) not in paired[g.file] else CAUSES[2]
            out[(r["type"], cause)] += 1
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sites", type=int, default=35)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--folds", type=int, help="hold out every pool2 training site once, in this many folds")
    ap.add_argument("--jobs", type=int, default=2, help="folds trained at once (with --folds)")
    ap.add_argument("--crf", type=Path, help="the name tagger to reuse (trained and written here if missing; "
                                             "with --folds, one per fold: PATH.1, PATH.2, …)")
    ap.add_argument("--gold-names", action="store_true", help="read the held-out articles with their gold's names")
    args = ap.parse_args()
    rows = training.corpus_rows(None)
    pool2 = [str(g) for g, _ in rows if g.name[:3].isdigit() and int(g.name[:3]) >= 200]  # split order
    t = time.perf_counter()
    if args.folds:
        order = random.Random(args.seed).sample(pool2, len(pool2))
        helds = [set(order[k::args.folds]) for k in range(args.folds)]
        crfs = [Path(f"{args.crf}.{k + 1}") if args.crf else None for k in range(args.folds)]
        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            runs = list(pool.map(functools.partial(held_out, gold_names=args.gold_names), helds, crfs))
        preds = [p for run in runs for p in run[0]]
        golds = [g for run in runs for g in run[1]]
        causes = sum((run[4] for run in runs), Counter())
        findings = sum((run[5] for run in runs), Counter())
        what = (f"{len(golds)} held-out sites in {args.folds} folds; thresholds "
                f"{', '.join(str(run[2]) for run in runs)} (cross-validated relation F1 "
                f"{', '.join(f'{run[3]:.3f}' for run in runs)})")
    else:
        held = set(random.Random(args.seed).sample(pool2, args.sites))
        preds, golds, threshold, cv, causes, findings = held_out(held, args.crf, args.gold_names)
        what = (f"{len(golds)} held-out sites, trained on {len(rows) - len(golds)} articles; threshold "
                f"{threshold} (cross-validated relation F1 {cv:.3f})")
    scores = score(golds, preds).pooled
    print(f"{what}; {time.perf_counter() - t:.0f} s")
    print(f"{'measure':<20} {'P':>6} {'R':>6} {'F1':>6}")
    for name in MEASURES + tuple(sorted(k for k in scores if k.startswith("relation:"))):
        c = scores[name]
        print(f"{name:<20} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f}")
    print(f"\nmissed facts by where they were lost\n{'type':<20} " + " ".join(f"{c:>18}" for c in CAUSES))
    for typ in sorted(SIGNATURES):
        print(f"{typ:<20} " + " ".join(f"{causes[(typ, c)]:>18}" for c in CAUSES))
    print(f"{'all':<20} " + " ".join(f"{sum(n for (_, k), n in causes.items() if k == c):>18}" for c in CAUSES))
    print(f"\nthe rules' findings (precision: stated / (stated + not stated))\n{'rule':<40} "
          + " ".join(f"{v:>14}" for v in VERDICTS) + f" {'precision':>10}")
    for rule in sorted({r for r, _ in findings}, key=lambda r: (-sum(findings[(r, v)] for v in VERDICTS[:3]), r)):
        right, wrong = findings[(rule, "stated")], findings[(rule, "not stated")]
        print(f"{rule:<40} " + " ".join(f"{findings[(rule, v)]:>14}" for v in VERDICTS)
              + f" {right / (right + wrong) if right + wrong else 0:>10.2f}")


if __name__ == "__main__":
    main()
