"""The `kg` command.

    kg extract PATH... | -            JSON Lines, one object per article (../shared/spec/extract-jsonl.md)
    kg eval [GOLD...] [--part P]      extract each gold file's text and score it (P/R/F1)
    kg train [--corpus DIR]           rebuild the relation model from annotated texts
    kg ingest PATH... | -             extract and load into the graph (embedded ./kg-data by default)
    kg retract ARTICLE_ID...          remove articles' support from the graph
    kg stats                          counts by label and relationship type
    kg query CYPHER|NAME [--param]    a read-only query, yours or a named one from cypher/queries/
    kg query [NAME --help]            the named queries and their parameters (or one's)
    kg export --format graphml|json|csv
    kg serve [--host 127.0.0.1] [--port 8000]   the query API and the explorer page
    kg backup FILE / kg restore FILE  the whole graph as one checksummed file, and back
    kg reextract                      rebuild the graph from the stored texts with today's extractor
    kg check                          read everything and check that it hangs together
"""
from __future__ import annotations

import argparse
import csv
import json
import logging
import os
import re
import socket
import sys
from collections.abc import Iterator, MutableSequence, Sequence

from .cypher import QueryError
from .store import DEFAULT_STORE, DiskFull, StoreError, UpsertResult

LOG_LEVELS = ("debug", "info", "warning", "error")


def _date(value: str) -> str:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD): {value!r}")
    return value


def _existing_dir(value: str) -> str:
    if not os.path.isdir(value):
        raise argparse.ArgumentTypeError(f"not a directory: {value!r}")
    return value


def _param(value: str) -> tuple[str, object]:
    key, sep, raw = value.partition("=")
    if not sep or not re.fullmatch(r"[A-Za-z_]\w*", key):
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {value!r}")
    try:
        parsed = json.loads(raw)  # numbers, lists and quoted strings as JSON
    except json.JSONDecodeError:
        parsed = raw
    return key, parsed


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="kg", description="园区链图 parkgraph: a knowledge graph of Chinese industrial parks from news text.")
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def with_store(p: argparse.ArgumentParser) -> None:
        p.add_argument("--store", default=None, metavar="URI",
                       help=f"a file for the embedded store (default: $KG_STORE or {DEFAULT_STORE}) "
                            "or bolt://HOST:PORT / neo4j://… (credentials from NEO4J_USER/NEO4J_PASSWORD or the URI)")
        p.add_argument("--database", default=None, help="Neo4j database name (default: the server's default)")

    def with_input(p: argparse.ArgumentParser) -> None:
        p.add_argument("paths", nargs="+", metavar="PATH", help="a text file, a directory of them, or - for standard input")
        p.add_argument("--date", type=_date, help="publication date (YYYY-MM-DD) for articles that state none")
        p.add_argument("--workers", type=int, default=1, help="extraction processes (default: 1)")

    ex = sub.add_parser("extract", help="print the entities and relations of each article (JSON Lines or a table)",
                        description="Read text files, directories or - (standard input) and print one line per article.")
    with_input(ex)
    ex.add_argument("--format", choices=("jsonl", "table"), default="jsonl", help="output format (default: jsonl)")
    ex.set_defaults(run=_extract)

    ev = sub.add_parser("eval", help="extract the texts of gold annotations and score the result",
                        description="Score the extraction of each gold file's text (its \"file\", beside the gold "
                                    "file, in --texts DIR or in ../shared/corpus) by the rules of "
                                    "../shared/eval/score.py. With no GOLD, the parts of eval/split.tsv: the "
                                    "training part and the blind part, each scored on its own.")
    ev.add_argument("golds", nargs="*", metavar="GOLD", help="a gold annotation (NNN.gold.json)")
    ev.add_argument("--part", choices=("train", "blind", "both"), default="both",
                    help="with no GOLD: which part of eval/split.tsv to score (default: both)")
    ev.add_argument("--texts", metavar="DIR", help="where the texts are (default: beside each gold file, then ../shared/corpus)")
    ev.add_argument("--format", choices=("table", "json"), default="table", help="output format (default: table)")
    ev.add_argument("--errors", action="store_true",
                    help="also list the false positives and negatives (never for the blind part)")
    ev.set_defaults(run=_eval)

    tr = sub.add_parser("train", help="rebuild the relation model from annotated texts",
                        description="Extract annotated texts, label every candidate pair by the gold, fit one "
                                    "logistic regression per relationship type and write DIR/relations.json. "
                                    "Deterministic: the same gold gives the same file.")
    tr.add_argument("--corpus", metavar="DIR", type=_existing_dir,
                    help="a directory of NNN.gold.json files with their texts beside them (default: the "
                         "training part of eval/split.tsv, texts in ../shared/corpus)")
    tr.add_argument("--out", metavar="DIR",
                    help="where relations.json is written (default: the checkout's data/model, the model kg extract uses)")
    tr.set_defaults(run=_train)

    ing = sub.add_parser("ingest", help="extract articles and load them into the graph",
                         description="Extract every article and load it; articles already in the graph are skipped.")
    with_input(ing)
    with_store(ing)
    ing.add_argument("--batch", type=int, default=500, help="articles per transaction (default: 500)")
    ing.add_argument("--quiet", "-q", action="store_true",
                     help="print only the summary, not a line per article (doc_id, title, counts)")
    ing.add_argument("--extracted", action="store_true",
                     help="the PATHs hold articles already extracted: kg extract's JSON Lines, or directories of "
                          "*.jsonl files (extract/distributed.py writes them), loaded as they are")
    ing.set_defaults(run=_ingest)

    rt = sub.add_parser("retract", help="remove articles' support from the graph")
    rt.add_argument("ids", nargs="+", metavar="ARTICLE_ID", help="doc_id as kg ingest prints it for each article (or kg extract)")
    with_store(rt)
    rt.set_defaults(run=_retract)

    st = sub.add_parser("stats", help="counts by label and relationship type")
    with_store(st)
    st.add_argument("--format", choices=("table", "json"), default="table")
    st.set_defaults(run=_stats)

    q = sub.add_parser("query", add_help=False,
                       help="run a read-only Cypher query, or a named one from cypher/queries/ (no NAME: list them)",
                       description="Run your own read-only Cypher, or a named query by its NAME. With neither, "
                                   "list the named queries with their parameters; NAME --help shows one.")
    q.add_argument("query", metavar="CYPHER|NAME", nargs="?", help="Cypher, or a named query's name")
    q.add_argument("-h", "--help", action="store_true", help="show this help; after a NAME, that query's parameters")
    q.add_argument("--param", type=_param, action="append", default=[], metavar="NAME=VALUE",
                   help="a query parameter; VALUE is read as JSON when it parses (5, true, [1,2], \"2024\"), "
                        "else as the string it is")
    q.add_argument("--format", choices=("table", "json", "csv"), default="table")
    q.add_argument("--max-rows", type=int, default=100_000, help="rows at most (default: 100000)")
    with_store(q)
    q.set_defaults(run=_query, usage=q.format_help)

    exp = sub.add_parser("export", help="write the graph as GraphML, JSON (node-link) or CSV")
    exp.add_argument("--format", choices=("graphml", "json", "csv"), required=True)
    exp.add_argument("--output", "-o", default="-", help="file (or directory for csv) to write; - for standard output")
    with_store(exp)
    exp.set_defaults(run=_export)

    bk = sub.add_parser("backup", help="write the whole graph to one file (a consistent snapshot, checksummed)",
                        description="Readers (a read-only kg serve) may go on; on Neo4j, writers wait until it is done.")
    bk.add_argument("file", metavar="FILE", help="the backup file to write (gzip-compressed JSON Lines)")
    with_store(bk)
    bk.set_defaults(run=_backup)

    rs = sub.add_parser("restore", help="replace the graph with a backup, after checking its checksum",
                        description="Refuses a store that holds a graph unless --force; either store takes a backup "
                                    "of either.")
    rs.add_argument("file", metavar="FILE", help="a file written by kg backup")
    rs.add_argument("--force", action="store_true", help="replace a graph that is not empty (or is damaged)")
    with_store(rs)
    rs.set_defaults(run=_restore)

    rx = sub.add_parser("reextract", help="rebuild the graph from the stored article texts with today's extractor",
                        description="Resumable: rerun after a kill and it goes on where it stopped; on a graph "
                                    "already extracted by this extractor it changes nothing.")
    with_store(rx)
    rx.add_argument("--batch", type=int, default=100, help="articles per transaction (default: 100)")
    rx.add_argument("--workers", type=int, default=1, help="extraction processes (default: 1)")
    rx.set_defaults(run=_reextract)

    ck = sub.add_parser("check", help="read the whole graph and check that it hangs together",
                        description="The embedded store's file is checked against the checksum its last writer "
                                    "recorded; then every entity, alias, article, mention and relationship is read "
                                    "and every support's evidence is found in its article.")
    with_store(ck)
    ck.set_defaults(run=_check)

    sv = sub.add_parser("serve", help="serve the query API and the explorer page",
                        description="Writes (POST/DELETE /articles) are enabled only when KG_API_KEY is set; "
                                    "otherwise the store is opened read-only.")
    sv.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    sv.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    sv.add_argument("--query-timeout", type=float, default=10.0, metavar="SECONDS",
                    help="time limit of a POST /cypher query (default: 10)")
    sv.add_argument("--log-level", choices=LOG_LEVELS, default="info",
                    help="info (default): the ready line with the URLs and an access log (method, path, status, "
                         "ms); warning: only problems; debug: also the HTTP server's own messages")
    sv.add_argument("--quiet", "-q", action="store_const", const="warning", dest="log_level",
                    help="the same as --log-level warning")
    sv.add_argument("--workers", type=int, default=1, metavar="N",
                    help="server processes (default: 1); one per core serves more requests at once, all "
                         "mapping the embedded store's one serving index; read-only servers only on "
                         "the embedded store, which has one writer")
    with_store(sv)
    sv.set_defaults(run=_serve)
    return ap


def _serve(args: argparse.Namespace) -> int:
    from .store import open_store

    if args.workers < 1:
        raise SystemExit("kg serve: --workers must be at least 1")
    if args.workers == 1:
        _serve_one(args.store, args.database, args.query_timeout, args.host, args.port, args.log_level, None, None)
        return 0
    with open_store(args.store, read_only=True, database=args.database) as store:  # a clear error now
        if os.environ.get("KG_API_KEY") and store.dialect == "ladybug":
            raise SystemExit("kg serve: --workers > 1 needs a read-only server on the embedded store (one "
                             "process may write to it): unset KG_API_KEY, or serve with one worker")
    return _serve_many(args)


def _serve_one(store: str | None, database: str | None, query_timeout: float, host: str, port: int, log_level: str,
               sock: socket.socket | None, share: tuple[MutableSequence[int], int] | None) -> None:
    """One server process; `share` (connections open in each process, and which one this is)
    when it is one of several on a port. The first process announces the URLs."""
    import uvicorn

    from api.app import create_app
    from api.balance import Balance
    from api.serving import AnnouncingServer

    _quiet_jieba()
    _serve_logging(log_level)
    app = create_app(store, database=database, query_timeout=query_timeout)
    served = Balance(app, *share, live=lambda: len(server.server_state.connections)) if share else app
    # uvicorn's own info lines ("Started server process", its URL) would repeat the ready line.
    config = uvicorn.Config(served, host=host, port=port, access_log=False,
                            log_level=log_level if log_level in ("debug", "error") else "warning")
    server = AnnouncingServer(config, announce=not share or share[1] == 0)
    server.run(sockets=[sock] if sock else None)


def _serve_logging(log_level: str) -> None:
    """The ready line as `kg serve: …` and the access log with the time of each request, both on
    stderr at `log_level` (set here, not only in main(): a spawned worker process starts bare)."""
    _report_store_warnings("serve")
    level = getattr(logging, log_level.upper())
    logging.getLogger("parkgraph.serve").setLevel(level)
    access = logging.getLogger("parkgraph.access")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%Y-%m-%d %H:%M:%S"))
    access.handlers[:] = [handler]
    access.setLevel(level)
    access.propagate = False


def _serve_many(args: argparse.Namespace) -> int:
    """One server process per worker, each listening on its own socket bound with SO_REUSEPORT,
    so the kernel deals new connections among them (by a hash of their addresses; api/balance.py
    evens out what that leaves uneven). (uvicorn's own workers share one socket, and under load
    one of two accepted 30 of 32 connections.) A first bind without
    SO_REUSEPORT makes a port already in use an error instead of a silent share."""
    import multiprocessing
    import multiprocessing.connection
    import signal

    family, _, _, _, address = socket.getaddrinfo(args.host, args.port, type=socket.SOCK_STREAM)[0]
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        try:
            probe.bind(address)
        except OSError as exc:
            raise SystemExit(f"kg serve: cannot listen on {args.host}:{args.port}: {exc.strerror}") from None
    spawn = multiprocessing.get_context("spawn")
    counts = spawn.RawArray("i", args.workers)  # connections open in each process (api/balance.py)
    workers = [spawn.Process(target=_worker, args=(args.store, args.database, args.query_timeout, args.host,
                                                   args.port, args.log_level, family, address, (counts, i)))
               for i in range(args.workers)]
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # stop the workers too, below
    try:
        for w in workers:
            w.start()
        ended = multiprocessing.connection.wait([w.sentinel for w in workers])  # one stopped: stop them all
        return next(w.exitcode for w in workers if w.sentinel in ended) or 0
    except KeyboardInterrupt:
        return 0
    finally:
        for w in workers:
            if w.is_alive():
                w.terminate()
        for w in workers:
            w.join(20)


def _worker(store: str | None, database: str | None, query_timeout: float, host: str, port: int, log_level: str,
            family: int, address: tuple, share: tuple[MutableSequence[int], int]) -> None:
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind(address)
    _serve_one(store, database, query_timeout, host, port, log_level, sock, share)


def _quiet_jieba() -> None:
    import jieba

    jieba.setLogLevel(logging.WARNING)


def _extracted(args: argparse.Namespace, command: str) -> Iterator[dict]:
    """Extracted articles as contract dicts; unreadable inputs reported on stderr as they occur."""
    _quiet_jieba()
    from extract.batch import Failure, extract_all, jobs

    for item in extract_all(jobs(args.paths, args.date), max(1, args.workers)):
        if isinstance(item, Failure):
            args.failures += 1
            print(f"kg {command}: {item.source}: {item.message}", file=sys.stderr, flush=True)
        else:
            yield item.to_dict()


def _extract(args: argparse.Namespace) -> int:
    out = sys.stdout
    for d in _extracted(args, "extract"):
        out.write(json.dumps(d, ensure_ascii=False) + "\n" if args.format == "jsonl" else _table(d))
        out.flush()
    return 1 if args.failures else 0


def _eval(args: argparse.Namespace) -> int:
    """Exit 2, before extracting anything, when a gold file or its text is missing or malformed."""
    from pathlib import Path

    from extract.training import read_split

    if args.golds:
        status, doc = _score_part(args, [Path(p) for p in args.golds], None, args.errors)
        if doc is not None:
            print(json.dumps(doc, ensure_ascii=False, indent=1))
        return status
    rows = read_split()
    parts = ("train", "blind") if args.part == "both" else (args.part,)
    if args.errors and parts == ("blind",):
        print("kg eval: the blind part's errors are not listed: it is never read while building", file=sys.stderr)
        return 2
    docs = {}
    for part in parts:
        golds = [g for g, p, _ in rows if p == part]
        status, docs[part] = _score_part(args, golds, f"{part} part ({len(golds)} files)", args.errors and part == "train")
        if status:
            return status
    if args.format == "json":
        print(json.dumps({"parts": docs}, ensure_ascii=False, indent=1))
    return 0


def _score_part(args: argparse.Namespace, paths: list, heading: str | None, errors: bool) -> tuple[int, dict | None]:
    """Scores one set of gold files: printed as a table, or returned as a JSON object."""
    from pathlib import Path

    from extract.evaluation import Counts, GoldError, load_gold, score
    from extract.training import corpus_text_dirs, find_text

    dirs = [Path(args.texts)] if args.texts else corpus_text_dirs()
    golds, args.paths = [], []
    for path in paths:
        try:
            gold = load_gold(path)
        except GoldError as exc:
            print(f"kg eval: {path}: {exc}", file=sys.stderr)
            return 2, None
        text = find_text(Path(path), gold, dirs)
        if text is None:
            print(f"kg eval: {path}: its text {gold.file} is neither beside it nor in "
                  + ", ".join(map(str, dirs)) + ("" if args.texts else " (--texts DIR to look elsewhere)"), file=sys.stderr)
            return 2, None
        golds.append(gold)
        args.paths.append(str(text))
    args.date, args.workers = None, 1
    articles = list(_extracted(args, "eval"))
    if args.failures:
        return 2, None
    scores = score(golds, articles)
    blind = bool(heading and heading.startswith("blind"))  # read as pooled figures only
    if args.format == "json":
        doc = scores.to_dict(errors)
        if blind:
            del doc["files"]
        return 0, doc
    if heading:
        print(f"## {heading}")
    print(f"{'measure':<26}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}")
    for measure, c in scores.pooled.items():
        print(f"{measure:<26}{c.precision:>7.3f}{c.recall:>7.3f}{c.f1:>7.3f}{c.tp:>6}{c.fp:>6}{c.fn:>6}")
    if blind:
        print()
        return 0, None
    print(f"\n{'file':<26}{'entity+type P/R/F1':>24}{'relation P/R/F1':>24}")
    for file, m in scores.by_file.items():
        print(f"{file:<26}" + "".join(f"{c.precision:>10.3f}{c.recall:>7.3f}{c.f1:>7.3f}"
                                      for c in (m.get("entity+type", Counts()), m.get("relation", Counts()))))
    if errors:
        print()
        for e in scores.errors:
            print("\t".join((e.file, e.kind, e.what, e.type)).rstrip())
    print()
    return 0, None


def _train(args: argparse.Namespace) -> int:
    from pathlib import Path

    from extract.relations.model import DEFAULT_PATH
    from extract.training import main_train

    try:
        return main_train(args.corpus and Path(args.corpus), Path(args.out) if args.out else DEFAULT_PATH.parent)
    except FileNotFoundError as exc:
        print(f"kg train: {exc}", file=sys.stderr)
        return 2


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


def _open(args: argparse.Namespace, read_only: bool = False):
    from .store import open_store

    return open_store(args.store, read_only=read_only, database=args.database)


def _ingest(args: argparse.Namespace) -> int:
    from extract.version import extractor_version

    from .ingest import NotLoaded, ingest, read_extracted

    progress = _Progress() if sys.stderr.isatty() else None

    def stored(batch: list[dict]) -> None:
        if progress:
            progress.clear()
        for d in batch:  # an article without a title goes by its opening words
            title = d["title"] or " ".join(d["text"].split())[:24] + "…"
            print(f"{d['doc_id']}  {title}  {_count(len(d['entities']), 'entity', 'entities')}, "
                  f"{_count(len(d['relations']), 'relationship', 'relationships')}", flush=True)

    lines = read_extracted(args.paths) if args.extracted else _extracted(args, "ingest")
    try:
        with _open(args) as store:
            # Lines extracted elsewhere (--extracted) were made by an extractor of unknown version.
            total = ingest(store, lines, max(1, args.batch), progress, None if args.quiet else stored,
                           None if args.extracted else extractor_version())
    except NotLoaded as exc:
        if progress:
            progress.done()
        _summary(exc.loaded, args.failures)
        print(f"kg ingest: {exc}. {len(exc.missing)} article(s) were not loaded (the first {exc.in_flight} were "
              "in the batch being written: the store may have it); rerun the same command to load them "
              "(articles already loaded are skipped):", file=sys.stderr)
        for doc_id, source in exc.missing:
            print(f"  {doc_id}  {source}", file=sys.stderr)
        return 3
    if progress:
        progress.done()
    _summary(total, args.failures)
    return 1 if args.failures else 0


def _summary(total: UpsertResult, failures: int) -> None:
    print(f"articles: {total.articles_new} new, {total.articles_unchanged} unchanged; "
          f"entities: {total.entities_added} added, {total.entities_updated} updated; "
          f"relationships: {total.relations_added} added, {total.relations_supported} more supported"
          + (f"; {failures} input(s) not read" if failures else ""), flush=True)


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


class _Progress:
    """One status line on a terminal, rewritten after every batch."""

    def __call__(self, total) -> None:
        sys.stderr.write(f"\r{total.articles_new + total.articles_unchanged} articles, "
                         f"{total.relations_added} relationships added …")
        sys.stderr.flush()

    def clear(self) -> None:
        """Wipe the status line, so the lines printed next start at the left edge."""
        sys.stderr.write("\r\x1b[K")

    def done(self) -> None:
        sys.stderr.write("\n")


def _retract(args: argparse.Namespace) -> int:
    missing = 0
    with _open(args) as store:
        for article_id in args.ids:
            r = store.retract(article_id)
            if not r.found:
                missing += 1
                print(f"kg retract: {article_id}: no such article in the graph", file=sys.stderr)
                continue
            print(f"{article_id}: {r.relations_deleted} relationships deleted, {r.relations_kept} kept with other "
                  f"support, {r.entities_deleted} entities deleted")
    return 1 if missing else 0


def _stats(args: argparse.Namespace) -> int:
    """The store's counts, and how many articles have facts from an extractor older than this
    one (`older_extractor`; kg reextract brings them up to date)."""
    from extract.version import extractor_version

    with _open(args, read_only=True) as store:
        s = {**store.stats(), "extractors": store.extractors()}
    current = extractor_version()
    s["older_extractor"] = sum(n for v, n in s["extractors"].items() if v != current)
    if args.format == "json":
        print(json.dumps(s, ensure_ascii=False, indent=1))
        return 0
    print(f"articles  {s['articles']}\nsupports  {s['supports']}")
    for group in ("entities", "relations"):
        print(f"{group}  {sum(s[group].values())}")
        for k, v in s[group].items():
            print(f"  {k:<18}{v:>8}")
    print(f"extractor  {current} (this one); articles with facts from an older one: {s['older_extractor']}"
          + (" (kg reextract updates them)" if s["older_extractor"] else ""))
    return 0


def _backup(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .backup import backup
    from .store import is_neo4j_uri

    # Opened read-only, the embedded store lets readers (a read-only kg serve) go on meanwhile.
    with _open(args, read_only=not is_neo4j_uri(args.store or os.environ.get("KG_STORE") or "")) as store:
        done = backup(store, Path(args.file))
    print(f"{args.file}: {_counts(done.counts)}; {done.bytes} bytes, sha256 {done.sha256}")
    return 0


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {kind}" for kind, n in counts.items())


def _restore(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .backup import restore

    path = Path(args.file)
    if not path.is_file():
        raise StoreError(f"no backup at {path}")
    done = restore(args.store, path, args.force, args.database)
    print(f"restored {_counts(done.counts)} from {path} (sha256 {done.sha256} checked)")
    return 0


def _reextract(args: argparse.Namespace) -> int:
    from extract.batch import Failure, Job, extract_all
    from extract.version import extractor_version

    from .reextract import Reextracted, reextract

    _quiet_jieba()
    version = extractor_version()

    def extract(rows: list[dict]) -> list[dict]:
        """One `kg extract` line per stored article: its text as one article, with its stored id,
        source, title, date and page residue (so it reads as its first ingest did). One the
        extractor fails on keeps no facts, and is reported."""
        jobs = [Job(r["text"], r["source"], r["title"], r["date"], "article",
                    tuple((start, end) for start, end in json.loads(r["residue"] or "[]"))) for r in rows]
        lines = []
        for row, item in zip(rows, extract_all(jobs, max(1, args.workers))):
            if isinstance(item, Failure):
                args.failures += 1
                print(f"kg reextract: {row['id']} ({row['source']}): {item.message}", file=sys.stderr, flush=True)
                line = {"doc_id": row["id"], "source": row["source"], "title": row["title"], "date": row["date"],
                        "text": row["text"], "entities": [], "relations": []}
            else:
                line = {**item.to_dict(), "doc_id": row["id"]}
            lines.append(line)
        return lines

    def progress(run: Reextracted) -> None:
        sys.stderr.write(f"\r{run.done} of {run.waiting} articles re-extracted …")
        sys.stderr.flush()

    with _open(args) as store:
        run = reextract(store, extract, version, max(1, args.batch), progress if sys.stderr.isatty() else None)
    if run.done and sys.stderr.isatty():
        sys.stderr.write("\n")
    if not run.done:
        print(f"all articles are on extractor {version}: nothing to do")
        return 0
    c = run.changes
    print(f"re-extracted {run.done} articles with extractor {version}: {c.entities_added} entities, "
          f"{c.relations_added} relationships, {c.relations_added + c.relations_supported} relationship "
          f"supports by batch" + (f"; {args.failures} article(s) the extractor failed on keep no facts"
                                  if args.failures else ""), flush=True)
    return 1 if args.failures else 0


def _check(args: argparse.Namespace) -> int:
    with _open(args, read_only=True) as store:
        counts = store.check()
        where = store.location
    print(f"the graph at {where} is whole: {_counts(counts)} read, every support's evidence found in its article")
    return 0


def _query(args: argparse.Namespace) -> int:
    """No query: the named queries and their parameters; NAME --help: that one's."""
    from . import queries

    if args.help and args.query and re.fullmatch(r"[a-z_]+", args.query):
        print(queries.get(args.query).describe())
        return 0
    if args.help:
        print(args.usage(), end="")
        return 0
    if args.query is None:
        print("The named queries (cypher/queries/). Run one with kg query NAME --param NAME=VALUE …; "
              "entities are given by name or alias.\n")
        print("\n\n".join(q.describe() for q in queries.catalog().values()))
        return 0
    params = dict(args.param)
    with _open(args, read_only=True) as store:
        found = store.query(args.query, params, max_rows=args.max_rows)
    if found.truncated:
        print(f"kg query: more than {args.max_rows} rows; showing the first {args.max_rows} "
              f"(--max-rows to change)", file=sys.stderr)
    _print_rows(found.rows, args.format)
    return 0


def _print_rows(rows: list[dict], fmt: str) -> None:
    if fmt == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=1, default=str))
        return
    cols = list(rows[0]) if rows else []
    if fmt == "csv":
        w = csv.writer(sys.stdout)
        w.writerow(cols)
        for r in rows:
            w.writerow([_cell(r[c]) for c in cols])
        return
    print(table(rows))


def table(rows: list[dict]) -> str:
    """Rows as `kg query` prints them at a terminal (docs/querying.md shows its examples' answers
    this way, so scripts/render_querying.py formats them here)."""
    cols = list(rows[0]) if rows else []
    cells = [cols] + [[_cell(r[c]) for c in cols] for r in rows]
    widths = [max(len(str(row[i])) for row in cells) for i in range(len(cols))]
    lines = ["  ".join(str(v).ljust(w) for v, w in zip(row, widths)).rstrip() for row in cells if row]
    return "\n".join([*lines, f"({len(rows)} row{'s' if len(rows) != 1 else ''})"])


def _cell(v: object) -> str:
    if isinstance(v, list):
        return "|".join(map(str, v))
    return "" if v is None else str(v)


def _export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .export import as_csv, as_json, graphml, to_networkx

    with _open(args, read_only=True) as store:
        g = to_networkx(store)
    if args.format == "csv":
        nodes, edges = as_csv(g)
        if args.output == "-":
            sys.stdout.write(nodes + "\n" + edges)
        else:
            out = Path(args.output)
            out.mkdir(parents=True, exist_ok=True)
            (out / "nodes.csv").write_text(nodes, encoding="utf-8")
            (out / "edges.csv").write_text(edges, encoding="utf-8")
        return 0
    text = graphml(g) if args.format == "graphml" else as_json(g)
    if args.output == "-":
        sys.stdout.write(text + "\n")
    else:
        Path(args.output).write_text(text + "\n", encoding="utf-8")
    return 0


def _report_store_warnings(command: str) -> None:
    """The stores' own warnings (an outage being retried) as `kg COMMAND: …` lines on stderr."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(f"kg {command}: %(message)s"))
    log = logging.getLogger("parkgraph")
    log.handlers[:] = [handler]
    log.setLevel(logging.WARNING)
    log.propagate = False


#: What a full disk cost, by command (each write is a transaction, or a file renamed into place).
_DISK_FULL = {
    "ingest": "nothing committed before the disk filled is lost, the batch being written may not be stored",
    "reextract": "the batch being written was not stored, the ones before it were",
    "backup": "no backup was written (the partial file is removed)",
    "restore": "nothing was restored, the store is as it was",
    "retract": "nothing was retracted by the write that failed",
}


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    args.failures = 0
    _report_store_warnings(args.command)
    try:
        return args.run(args)
    except DiskFull as exc:
        print(f"kg {args.command}: {exc}: {_DISK_FULL.get(args.command, 'nothing was written')}; free space "
              f"there, then rerun the same command", file=sys.stderr)
        embedded = sys.modules.get("kg.ladybug_store")
        if embedded and embedded.ABANDONED:  # end without closing them (LadybugStore.close says why)
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(1)
        return 1
    except (StoreError, QueryError) as exc:
        print(f"kg {args.command}: {exc}", file=sys.stderr)
        return 1
    except ValueError as exc:
        model = sys.modules.get("extract.relations.model")  # loaded by the commands that extract
        if model is None or not isinstance(exc, model.ModelError):
            raise
        print(f"kg {args.command}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
