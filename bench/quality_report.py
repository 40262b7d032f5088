"""The figures of docs/quality.md, measured now: `kg eval` on each part, as markdown.

    python bench/quality_report.py > /tmp/figures.md

Prints the figures table that tests/test_eval.py guards (entity F1 with type and relation F1 per
part: the blind part first, then the training part of eval/split.tsv, the development pool, the
sample page and the articles written for the tests) and their per-type tables. Paste it over the
"Figures" section of docs/quality.md when the extractor changes. Parts whose texts are in
../shared are skipped, with a note, when it is absent.
"""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from extract.evaluation import Counts  # noqa: E402
from extract.training import read_split, shared_dir  # noqa: E402

SPLIT = read_split()
POOL = sorted((shared_dir() / "corpus" / "pool").glob("*.gold.json"))
ARTICLES = sorted((ROOT / "tests" / "data" / "articles").glob("*.gold.json"))
SAMPLE = [ROOT / "data" / "samples" / "seed-page.gold.json"]
PARTS = {
    "blind": [g for g, part, _ in SPLIT if part == "blind"],
    "train": [g for g, part, _ in SPLIT if part == "train"],
    "pool": [ROOT / "eval" / "gold" / g.name for g in POOL],
    "sample page": SAMPLE,
    "test articles": ARTICLES,
}
DETAILED = ("blind", "train", "sample page", "test articles")


def evaluate(golds: list[Path]) -> dict:
    kg = Path(sys.executable).parent / "kg"
    out = subprocess.run([str(kg), "eval", *map(str, golds), "--format", "json"], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)["pooled"]


def ratios(c: dict) -> Counts:
    """The counts of a measure: their ratios recomputed, not read from the JSON's, which are
    rounded to four places (0.6955 there would print 0.696 where `kg eval` prints 0.695)."""
    return Counts(c["tp"], c["fp"], c["fn"])


def main() -> None:
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    have_texts = (shared_dir() / "corpus" / "pool2").is_dir()
    measured = {part: evaluate(golds) for part, golds in PARTS.items()
                if golds and (have_texts or part in ("sample page", "test articles"))}
    print(f"Measured {date.today().isoformat()} at commit {commit} (`python bench/quality_report.py`):\n")
    print("| part | files | entity F1 | relation F1 |\n|---|---|---|---|")
    for part, pooled in measured.items():
        print(f"| {part} | {len(PARTS[part])} | {ratios(pooled['entity+type']).f1:.3f} | {ratios(pooled['relation']).f1:.3f} |")
    for part in DETAILED:
        if part not in measured:
            print(f"\n({part}: not measured, ../shared is absent)")
            continue
        print(f"\n### {part} ({len(PARTS[part])} files)\n\n| measure | P | R | F1 | tp | fp | fn |\n|---|---|---|---|---|---|---|")
        for measure, c in measured[part].items():
            if measure != "entity":
                k = ratios(c)
                print(f"| {measure} | {k.precision:.3f} | {k.recall:.3f} | {k.f1:.3f} | {k.tp} | {k.fp} | {k.fn} |")


if __name__ == "__main__":
    main()
