"""`kg backup` and `kg restore`: the whole graph as one file, the same for both stores.

A backup is gzip-compressed JSON Lines: a header, one record per entity, alias, article (with
its text, extractor version and place in the order of ingest), mention and relationship (with
every support), and a last line giving the number of records and the SHA-256 of every line
before it. It is read from one snapshot of the store (`GraphStore.snapshot`), so it is
consistent while readers (and, on Neo4j, writers, who wait) go on. Being logical rather than a
copy of the database's files, it restores into either store and into another Ladybug version.

Restore checks the whole file against its checksum before it writes anything. The embedded
store is restored into a new file beside the target, which then replaces the target in one
rename, so a failed restore leaves the target as it was; Neo4j is restored in batches, and a
failed restore deletes what it had written.
"""
from __future__ import annotations

import errno
import gzip
import hashlib
import json
import os
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from .ontology import RELATION_TYPES
from .store import DiskFull, GraphStore, StoreError, is_neo4j_uri, open_store, refuse_unless_empty

FORMAT = "parkgraph-backup"
VERSION = 1
#: Record kinds in the order a backup holds them (and a restore must create them): the
#: statement that reads them whole, and the one that creates them.
KINDS = {"entity": ("all_entities", "create_entities"), "alias": ("all_aliases", "create_aliases"),
         "article": ("all_articles", "create_articles"), "mention": ("all_mentions", "create_mentions"),
         "relation": ("all_relations", "create_relations")}
_PLURAL = {"entity": "entities", "alias": "aliases", "article": "articles", "mention": "mentions",
           "relation": "relations"}
_BATCH = 20_000  # records per restore transaction


class BackupError(StoreError):
    """A file that is not a whole, unaltered parkgraph backup; nothing was restored from it."""


@dataclass
class Summary:
    counts: dict[str, int] = field(default_factory=dict)  # records by kind, plural (entities, …)
    bytes: int = 0
    sha256: str = ""


def backup(store: GraphStore, path: Path) -> Summary:
    """Write the store's graph to `path` (through `PATH.partial`, renamed when whole, so `path`
    is never a half-written backup)."""
    partial = path.with_name(path.name + ".partial")
    try:
        summary = store.snapshot(lambda read: _write(partial, read, store.dialect))
        os.replace(partial, path)
    except BaseException as exc:
        partial.unlink(missing_ok=True)
        if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
            raise DiskFull(str(path)) from None
        if isinstance(exc, OSError):
            raise StoreError(f"cannot write {path}: {exc.strerror or exc}") from None
        raise
    summary.bytes = path.stat().st_size
    return summary


def _write(path: Path, read: Callable[[str], Iterator[dict]], dialect: str) -> Summary:
    summary = Summary()
    digest = hashlib.sha256()
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        def put(record: dict) -> None:
            line = json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"
            digest.update(line)
            out.write(line)

        put({"format": FORMAT, "version": VERSION, "store": dialect,
             "created": datetime.now(timezone.utc).isoformat(timespec="seconds")})
        for kind, (statement, _) in KINDS.items():
            summary.counts[_PLURAL[kind]] = 0
            for row in read(statement):
                put({kind: row})
                summary.counts[_PLURAL[kind]] += 1
        summary.sha256 = digest.hexdigest()
        out.write(json.dumps({"end": {"records": sum(summary.counts.values()), "sha256": summary.sha256}})
                  .encode("utf-8") + b"\n")
        out.flush()
        raw.flush()
        os.fsync(raw.fileno())
    return summary


def verify(path: Path) -> Summary:
    """Read the whole backup and check it against its checksum; BackupError says what is wrong."""
    summary = Summary(counts=dict.fromkeys(_PLURAL.values(), 0), bytes=path.stat().st_size)
    for kind, _ in _records(path, summary):
        summary.counts[_PLURAL[kind]] += 1
    return summary


def _records(path: Path, summary: Summary) -> Iterator[tuple[str, dict]]:
    """Each record of a backup as (kind, row); the checksum is checked at the end, so a caller
    must consume them all before it trusts any (restore reads the file twice)."""
    digest = hashlib.sha256()
    records = 0
    try:
        with gzip.open(path, "rb") as f:
            first = f.readline()
            header = _json(first, path)
            if not isinstance(header, dict) or header.get("format") != FORMAT:
                raise BackupError(f"{path} is not a parkgraph backup")
            if header.get("version") != VERSION:
                raise BackupError(f"{path} is a version {header.get('version')} backup; this parkgraph reads "
                                  f"version {VERSION}")
            digest.update(first)
            for line in f:
                record = _json(line, path)
                if isinstance(record, dict) and set(record) == {"end"}:
                    end = record["end"]
                    if f.readline() or digest.hexdigest() != end.get("sha256") or records != end.get("records"):
                        raise BackupError(f"{path} is damaged: its contents do not match the checksum it ends with")
                    summary.sha256 = end["sha256"]
                    return
                digest.update(line)
                (kind, row), = record.items()
                if kind not in KINDS:
                    raise BackupError(f"{path} is damaged: a record of unknown kind {kind!r}")
                records += 1
                yield kind, row
    except (EOFError, gzip.BadGzipFile, zlib.error, OSError, ValueError) as exc:
        if isinstance(exc, OSError) and not isinstance(exc, gzip.BadGzipFile) and exc.errno is not None:
            raise StoreError(f"cannot read {path}: {exc.strerror or exc}") from None
        raise BackupError(f"{path} is damaged or not a parkgraph backup ({exc or type(exc).__name__})") from None
    raise BackupError(f"{path} is incomplete: it ends before its checksum (truncated?)")


def _json(line: bytes, path: Path) -> object:
    try:
        return json.loads(line)
    except ValueError:
        raise BackupError(f"{path} is damaged or not a parkgraph backup (a line that is not JSON)") from None


def restore(uri: str | None, path: Path, force: bool = False, database: str | None = None) -> Summary:
    """Replace the graph at `uri` (which must be empty, or `force`) with the backup at `path`,
    after checking the whole backup against its checksum."""
    summary = verify(path)
    if uri and is_neo4j_uri(uri):
        with open_store(uri, database=database) as store:
            refuse_unless_empty(store, force)
            store.clear()
            try:
                _load(store, path)
            except BaseException:
                store.clear()
                raise
        return summary
    from .ladybug_store import replace_store

    replace_store(Path(uri or os.environ.get("KG_STORE") or "./kg-data"), lambda store: _load(store, path), force)
    return summary


def _load(store: GraphStore, path: Path) -> None:
    batch: list[dict] = []
    kind_of_batch = None
    for kind, row in _records(path, Summary()):
        if kind != kind_of_batch or len(batch) >= _BATCH:
            if batch:
                store.load(KINDS[kind_of_batch][1], _rows(kind_of_batch, batch))
            batch, kind_of_batch = [], kind
        batch.append(row)
    if batch:
        store.load(KINDS[kind_of_batch][1], _rows(kind_of_batch, batch))


def _rows(kind: str, rows: list[dict]) -> dict[str, list[dict]]:
    """A batch of records as the create statement's rows: by relationship type for relations
    (one statement per type), keyed from/to as the create statements take a relationship's ends."""
    if kind != "relation":
        return {"": rows}
    by_type: dict[str, list[dict]] = {t: [] for t in RELATION_TYPES}
    for r in rows:
        by_type[r["type"]].append({"from": r["src"], "to": r["dst"],
                                   **{k: v for k, v in r.items() if k not in ("src", "type", "dst")}})
    return {t: v for t, v in by_type.items() if v}
