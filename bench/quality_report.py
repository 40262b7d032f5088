"""The figures of docs/quality.md, measured now: `kg eval` on each part, as markdown.

    python bench/quality_report.py > /tmp/figures.md

Prints the figures table that tests/test_eval.py guards (entity F1 with type and relation F1 per
part) and the per-type tables of the sample page, the tuning part, the check part and the
articles written for the tests. Paste it over the "Figures" section of docs/quality.md when the
extractor changes. Parts whose texts are in ../shared are skipped, with a note, when it is absent.
"""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POOL = ROOT.parent / "shared" / "corpus" / "pool"
TUNING = "001 002 003 004 005 008 009 011 013 015 018 019 023 024 025 026 028 029 033 037".split()
CHECK = "006 012 014 016 021 022 030 032".split()
ARTICLES = sorted((ROOT / "tests" / "data" / "articles").glob("*.gold.json"))
SAMPLE = [ROOT / "data" / "samples" / "seed-page.gold.json"]
PARTS = {
    "pool": [POOL / f"{i}.gold.json" for i in TUNING + CHECK],
    "tuning": [POOL / f"{i}.gold.json" for i in TUNING],
    "check": [POOL / f"{i}.gold.json" for i in CHECK],
    "sample page": SAMPLE,
    "test articles": ARTICLES,
}
DETAILED = ("sample page", "tuning", "check", "test articles")


def evaluate(golds: list[Path]) -> dict:
    kg = Path(sys.executable).parent / "kg"
    out = subprocess.run([str(kg), "eval", *map(str, golds), "--format", "json"], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)["pooled"]


def main() -> None:
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    measured = {part: evaluate(golds) for part, golds in PARTS.items() if golds and golds[0].is_file()}
    print(f"Measured {date.today().isoformat()} at commit {commit} (`python bench/quality_report.py`):\n")
    print("| part | files | entity F1 | relation F1 |\n|---|---|---|---|")
    for part, pooled in measured.items():
        print(f"| {part} | {len(PARTS[part])} | {pooled['entity+type']['f1']:.3f} | {pooled['relation']['f1']:.3f} |")
    for part in DETAILED:
        if part not in measured:
            print(f"\n({part}: not measured, ../shared is absent)")
            continue
        print(f"\n### {part} ({len(PARTS[part])} files)\n\n| measure | P | R | F1 | tp | fp | fn |\n|---|---|---|---|---|---|---|")
        for measure, c in measured[part].items():
            if measure != "entity":
                print(f"| {measure} | {c['precision']:.3f} | {c['recall']:.3f} | {c['f1']:.3f} | {c['tp']} | {c['fp']} | {c['fn']} |")


if __name__ == "__main__":
    main()
