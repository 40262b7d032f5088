#!/usr/bin/env python3
"""Rewrites what the README and docs/querying.md show of the sample graph, as `kg ingest
data/samples/` builds it today:

- every ```cypher block followed by a ```text block gets the rows that query gives, as `kg query`
  prints them;
- every ```console block gets, after each `$ COMMAND` line, what that command prints (standard
  output and error), run as the reader would in a checkout holding the sample graph;
- the table between `<!-- named queries: … -->` and `<!-- end of named queries -->` is written
  from the headers of cypher/queries/ (the source `kg query` and `GET /queries` read too).

The extractor changes what the sample page yields now and then; run this after such a change
and read the diff. tests/test_querying_doc.py fails while the docs and the graph disagree, and
tests/test_docs_commands.py runs every command of their ```bash blocks.

    .venv/bin/python scripts/render_querying.py           # rewrite README.md and docs/querying.md
    .venv/bin/python scripts/render_querying.py --check   # exit 1 if either would change
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg import queries  # noqa: E402
from kg.cli import table  # noqa: E402
from kg.store import GraphStore, open_store  # noqa: E402

GUIDE = ROOT / "docs" / "querying.md"
README = ROOT / "README.md"
DOCS = (README, GUIDE)
EXAMPLE = re.compile(r"(```cypher\n)(?P<query>(?:[^`]|`(?!``))*?)(\n```\n+```text\n)(?P<answer>(?:[^`]|`(?!``))*)(```)")
CONSOLE = re.compile(r"(```console\n)((?:[^`]|`(?!``))*)(```)")
NAMED = re.compile(r"(<!-- named queries: written by scripts/render_querying.py -->\n)(.*?)(<!-- end of named queries -->)",
                   re.S)


def examples(guide: str) -> list[str]:
    """The queries of the guide's examples, in order."""
    return [m["query"] for m in EXAMPLE.finditer(guide)]


def render(doc: str, store: GraphStore, checkout: Path) -> str:
    """The document with every example's answer as `store` gives it, every console command's
    output as `checkout` (see `sample_checkout`) prints it, and the named queries' table."""
    doc = EXAMPLE.sub(lambda m: f"{m[1]}{m['query']}{m[3]}{table(store.cypher_readonly(m['query']).rows)}\n{m[5]}", doc)
    doc = CONSOLE.sub(lambda m: m[1] + "".join(f"{line}\n{shell(line[2:], checkout, merged=True).stdout}"
                                               for line in m[2].splitlines() if line.startswith("$ ")) + m[3], doc)
    return NAMED.sub(lambda m: m[1] + named_queries() + m[3], doc)


def named_queries() -> str:
    """The named queries as a Markdown table: name, what it answers, parameters (type, default,
    examples), from the same headers `kg query` and `GET /queries` describe them by."""
    def param(p: queries.Param) -> str:
        need = "" if p.required else f", default {p.default}" if p.default != "" else ", optional"
        return f"`{p.name}` ({p.kind}{need}; e.g. {', '.join(p.examples)})"

    rows = [f"| `{q.name}` | {q.description} | {'; '.join(map(param, q.params))} |" for q in queries.catalog().values()]
    return "\n".join(["| query | what it answers | parameters |", "|---|---|---|", *rows, ""])


def sample_checkout(tmp: Path) -> Path:
    """A directory laid out as the README's reader has it after the quick start: `data/` and
    `.venv/` (the running Python's environment) of this checkout, `../shared` beside it, and
    the sample graph in `./kg-data`. Commands run there touch no store of the real checkout."""
    checkout = tmp / "parkgraph"
    checkout.mkdir()
    for name in ("data", "docs", "scripts"):
        (checkout / name).symlink_to(ROOT / name)
    (checkout / ".venv").symlink_to(Path(sys.prefix))
    if (ROOT.parent / "shared").exists():
        (tmp / "shared").symlink_to(ROOT.parent / "shared")
    ingest_sample(str(checkout / "kg-data"))
    return checkout


def ingest_sample(store: str) -> None:
    """`kg ingest data/samples/` into `store`, from the checkout, as the README's quick start runs it
    (article sources are stored as given, so the path is the same relative one)."""
    subprocess.run([sys.executable, "-m", "kg.cli", "ingest", "--quiet", "data/samples/", "--store", store], cwd=ROOT,
                   check=True, stdout=subprocess.DEVNULL)


def shell(command: str, checkout: Path, *, merged: bool = False, timeout: float = 600) -> subprocess.CompletedProcess:
    """`command` run by bash in `checkout` as a reader runs it: `kg` and `python` are the
    environment's, and no KG_STORE or KG_API_KEY of the caller's applies. `merged`: standard
    error goes into standard output, as a terminal shows them."""
    return subprocess.run(["bash", "-c", command], cwd=checkout, env=reader_env(), text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT if merged else subprocess.PIPE)


def reader_env() -> dict[str, str]:
    """The environment a reader's commands run in: this one, with the environment's `bin` first
    on PATH and without a KG_STORE or KG_API_KEY of the caller's."""
    env = {k: v for k, v in os.environ.items() if k not in ("KG_STORE", "KG_API_KEY")}
    env["PATH"] = f"{Path(sys.prefix) / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return env


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only say whether the docs are up to date")
    args = parser.parse_args()
    stale = []
    with tempfile.TemporaryDirectory() as tmp:
        checkout = sample_checkout(Path(tmp))
        with open_store(str(checkout / "kg-data"), read_only=True) as store:
            for doc in DOCS:
                text = doc.read_text(encoding="utf-8")
                fresh = render(text, store, checkout)
                if fresh != text:
                    stale.append(doc.relative_to(ROOT))
                    if not args.check:
                        doc.write_text(fresh, encoding="utf-8")
    if args.check:
        print(f"out of date: {', '.join(map(str, stale))}: run scripts/render_querying.py" if stale
              else "README.md and docs/querying.md are up to date", file=sys.stderr)
        return int(bool(stale))
    return 0


if __name__ == "__main__":
    sys.exit(main())
