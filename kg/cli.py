"""The `kg` command: extract entities and relations from Chinese news text.

    kg extract PATH... | -       JSON Lines, one object per article (../shared/spec/extract-jsonl.md)
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence



def _date(value: str) -> str:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD): {value!r}")
    return value


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="kg", description="园区链图 parkgraph: a knowledge graph of Chinese industrial parks from news text.")
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")
    ex = sub.add_parser("extract", help="print the entities and relations of each article (JSON Lines or a table)",
                        description="Read text files, directories or - (standard input) and print one line per article.")
    ex.add_argument("paths", nargs="+", metavar="PATH", help="a text file, a directory of them, or - for standard input")
    ex.add_argument("--format", choices=("jsonl", "table"), default="jsonl", help="output format (default: jsonl)")
    ex.add_argument("--date", type=_date, help="publication date (YYYY-MM-DD) for articles that state none")
    ex.add_argument("--workers", type=int, default=1, help="extraction processes (default: 1)")
    ex.set_defaults(run=_extract)
    return ap


def _extract(args: argparse.Namespace) -> int:
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    from extract.batch import Failure, extract_all, jobs

    failed = 0
    out = sys.stdout
    for item in extract_all(jobs(args.paths, args.date), max(1, args.workers)):
        if isinstance(item, Failure):
            failed += 1
            print(f"kg extract: {item.source}: {item.message}", file=sys.stderr, flush=True)
            continue
        if args.format == "jsonl":
            out.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
        else:
            out.write(_table(item.to_dict()))
        out.flush()
    return 1 if failed else 0


def _table(d: dict) -> str:
    names = {e["id"]: e["name"] for e in d["entities"]}
    lines = [f"# {d['source']}  {d['doc_id']}  {d['title'] or '(no title)'}  {d['date'] or ''}".rstrip()]
    for e in d["entities"]:
        if e["type"] == "Region":
            continue
        alias = "、".join(e["aliases"][:4])
        lines.append(f"  {e['type']:<12} {e['name']}" + (f"  ({alias})" if alias else ""))
    for r in d["relations"]:
        props = " ".join(f"{k}={v}" for k, v in r["properties"].items())
        lines.append(f"  {names[r['source']]} -{r['type']}-> {names[r['target']]} {props}  [{r['method']} {r['confidence']}]".rstrip())
    return "\n".join(lines) + "\n\n"


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
