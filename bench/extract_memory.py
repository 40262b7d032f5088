"""Peak memory and time of `kg extract` on a 10 MB input, as a separate process.

    python bench/extract_memory.py [--megabytes 10]

Two inputs are built in a temporary directory from the sample page: the page repeated (many
articles) and the same text with every line break removed (one 10 MB line, which the splitter
cuts into bounded pieces). Prints the output lines, wall time and peak RSS of each run.
"""
from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--megabytes", type=float, default=10)
    args = ap.parse_args()
    page = (ROOT / "data" / "samples" / "seed-page.txt").read_text(encoding="utf-8")
    copies = int(args.megabytes * 1_000_000 / len(page.encode("utf-8"))) + 1
    with tempfile.TemporaryDirectory() as tmp:
        inputs = {"pages": page * copies, "one line": page.replace("\n", "") * copies}
        for label, text in inputs.items():
            path = Path(tmp) / f"{label.replace(' ', '-')}.txt"
            path.write_text(text, encoding="utf-8")
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            t = time.perf_counter()
            proc = subprocess.run([sys.executable, "-m", "kg.cli", "extract", str(path)], cwd=ROOT,
                                  capture_output=True, check=True)
            wall = time.perf_counter() - t
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            lines = proc.stdout.count(b"\n")
            print(f"{label:9s} {path.stat().st_size / 1e6:6.1f} MB  {lines:5d} lines  {wall:6.1f} s  "
                  f"peak RSS of the runs so far {max(peak, before) / 1024:6.0f} MiB")


if __name__ == "__main__":
    main()
