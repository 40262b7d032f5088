#!/usr/bin/env python3
"""Rewrites the answers in docs/querying.md from the sample graph, as `kg ingest data/samples/`
builds it today: every ```cypher block followed by a ```text block gets the rows that query
gives, as `kg query` prints them. The extractor changes what the sample page yields now and
then; run this after such a change and read the diff. tests/test_querying_doc.py fails while the
guide and the graph disagree.

    .venv/bin/python scripts/render_querying.py           # rewrite docs/querying.md
    .venv/bin/python scripts/render_querying.py --check   # exit 1 if it would change
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.cli import table  # noqa: E402
from kg.store import GraphStore, open_store  # noqa: E402

GUIDE = ROOT / "docs" / "querying.md"
EXAMPLE = re.compile(r"(```cypher\n)(?P<query>(?:[^`]|`(?!``))*?)(\n```\n+```text\n)(?P<answer>(?:[^`]|`(?!``))*)(```)")


def examples(guide: str) -> list[str]:
    """The queries of the guide's examples, in order."""
    return [m["query"] for m in EXAMPLE.finditer(guide)]


def render(guide: str, store: GraphStore) -> str:
    """The guide with every example's answer as `store` gives it."""
    return EXAMPLE.sub(lambda m: f"{m[1]}{m['query']}{m[3]}{table(store.cypher_readonly(m['query']).rows)}\n{m[5]}", guide)


def ingest_sample(store: str) -> None:
    """`kg ingest data/samples/` into `store`, from the checkout, as the README's quick start runs it
    (article sources are stored as given, so the path is the same relative one)."""
    subprocess.run([sys.executable, "-m", "kg.cli", "ingest", "data/samples/", "--store", store], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only say whether the guide is up to date")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        graph = str(Path(tmp) / "graph")
        ingest_sample(graph)
        with open_store(graph, read_only=True) as store:
            guide = GUIDE.read_text(encoding="utf-8")
            fresh = render(guide, store)
    if args.check:
        print("docs/querying.md is up to date" if fresh == guide else "docs/querying.md is out of date: "
              "run scripts/render_querying.py", file=sys.stderr)
        return int(fresh != guide)
    GUIDE.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
