"""The relation threshold's cross-validated F1 on the training part, draw by draw: how near the
tie is that `kg train` decides (docs/quality.md, the paragraph on the near tie).

    python bench/threshold_curve.py [--draws 5] [--thresholds 0.35 0.4 0.45 0.5]

Extracts the training part as `kg train` does (the committed name tagger), then for each fold
draw (fold seed 23, 24, …: `extract.training.SEED` plus the draw) prints the relation F1 of the
held-out folds at each threshold, and last the mean over the first three draws (what `kg train`
chooses on) and over all. The blind part is never read.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from extract import tagger as name_tagger  # noqa: E402
from extract import training  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--draws", type=int, default=5, help="fold draws (default 5)")
    ap.add_argument("--thresholds", type=float, nargs="+", default=[0.35, 0.4, 0.45, 0.5])
    args = ap.parse_args()
    ex = training.tagged_extractor(training.rules_extractor(), name_tagger.Tagger())
    examples = training.load_examples(training.corpus_rows(None), ex, training.corpus_text_dirs())
    per_draw = [training.held_out_f1(examples, draw=d) for d in range(args.draws)]
    print("| fold seed | " + " | ".join(f"{t:.2f}" for t in args.thresholds) + " |")
    print("|---|" + "---|" * len(args.thresholds))
    for d, f1 in enumerate(per_draw):
        print(f"| {training.SEED + d} | " + " | ".join(f"{f1[t]:.4f}" for t in args.thresholds) + " |")
    first = min(training.CV_DRAWS, len(per_draw))
    for label, draws in ((f"mean of the first {first}", per_draw[:first]),
                         (f"mean of all {len(per_draw)}", per_draw)):
        print(f"| {label} | " + " | ".join(f"{sum(f[t] for f in draws) / len(draws):.4f}" for t in args.thresholds) + " |")


if __name__ == "__main__":
    main()
