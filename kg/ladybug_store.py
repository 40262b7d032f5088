"""The embedded default store: Ladybug (the maintained Kùzu fork), one file on disk with its log
and lock files beside it."""
from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import logging
import os
import re
import shutil
import threading
import warnings
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO

import ladybug
import pyarrow as pa

from . import cypher
from .adjacency import Adjacency
from .name_index import NameIndex
from .serving_index import ServingIndex, ensure, index_dir
from .ontology import RELATION_TYPES
from .store import (DiskFull, GraphStore, QueryRows, QueryTimeout, ReadOnlyError, StoreDamaged, StoreError, T, damaged,
                    refuse_unless_empty)

SCHEMA_VERSION = "3"
#: The statements that take a store from the version named to the next one, in order.
MIGRATIONS = {"1": "migrate_v2", "2": "migrate_v3"}
#: Ladybug's page cache in a read-only process (its default, 80% of the machine's memory, is
#: private memory each server process would fill with the evidence it reads).
READ_POOL_BYTES = 256 * 1024 * 1024
#: The files Ladybug keeps beside a store's own while it writes (its log, and a checkpoint's).
_LADYBUG_FILES = (".wal", ".wal.checkpoint", ".shadow", ".checkpoint.apply.lock", ".checkpoint.intent.lock")
#: What Ladybug says when a write finds the disk full, or when a write came up short (then its
#: error code is stale: "Error: Success", "No such file or directory"; _out_of_space decides).
_NO_SPACE = "No space left on device"
_SHORT_WRITE = "Cannot write to file"
#: Databases that found the disk full, never closed (LadybugStore.close says why).
ABANDONED: list[tuple] = []
#: Free space below which a short write is taken for a full disk.
_NEARLY_FULL = 1 << 20
_LOCK = re.compile(r"Lock is held by PID (\d+)")
_COPY = re.compile(r"\s*COPY\s+(\w+)\s+FROM\s+\$(\w+)\s*$")
#: Rows held in memory (LadybugStore._copy), because Ladybug 0.22 reads them slowly by id
#: (most of all a list column such as aliases): kind -> (whole-table read, read by ids, its
#: parameter, id column). They are re-read by id for the rows each commit wrote.
_COPIES = {"entities": ("all_entities", "entities_by_key", "keys", "key"),
           "articles": ("article_refs", "articles_by_id", "ids", "id")}
_ARROW = {"STRING": pa.string(), "INT64": pa.int64(), "DOUBLE": pa.float64(),
          "STRING[]": pa.list_(pa.string()), "INT64[]": pa.list_(pa.int64()), "DOUBLE[]": pa.list_(pa.float64())}


class _Tx:
    def __init__(self, conn: ladybug.Connection, schemas: dict[str, pa.Schema]) -> None:
        self.conn = conn
        self.schemas = schemas
        self.rows: dict[str, set[str]] = defaultdict(set)  # kind -> ids written (GraphStore._rows_written)

    def run(self, statement: str, params: dict) -> list[dict]:
        copy = _COPY.match(statement)
        if copy:  # bulk creation: rows become an Arrow table typed as the table's columns
            table, param = copy.groups()
            params = {param: pa.Table.from_pylist(params[param], schema=self._schema(table))}
        result = self.conn.execute(statement, params)
        cols = result.get_column_names()
        rows = []
        while result.has_next():
            rows.append(dict(zip(cols, result.get_next())))
        return rows

    def _schema(self, table: str) -> pa.Schema:
        if table not in self.schemas:
            # `table` is named by one of our own COPY statements, never by a user.
            info = self.run(cypher.text("table_columns", "ladybug").replace("{TABLE}", table), {})
            cols = [pa.field(c["name"], _ARROW[c["type"]]) for c in info]
            if table in RELATION_TYPES or table == "MENTIONS":  # a relationship table: its ends first
                cols = [pa.field("from", pa.string()), pa.field("to", pa.string()), *cols]
            self.schemas[table] = pa.schema(cols)
        return self.schemas[table]


class LadybugStore(GraphStore):
    dialect = "ladybug"
    bulk_first_load = True

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = Path(path)
        _check_present(self.path)  # else a writer would start a new, empty graph in its place
        if read_only and not self.path.exists():
            raise StoreError(f"no graph at {self.path}: ingest some articles first (kg ingest PATH --store {self.path})")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._held = _take(self.path, read_only)
        # A write that found the disk full may have left half a log record; replay stops there.
        torn = _torn_log(self.path)
        strict = not torn.exists()
        try:
            verify(self.path)
            try:
                self.db = self._database(read_only, strict)
            except RuntimeError as exc:
                if not (read_only and "recovery is pending" in str(exc)):
                    raise
                # A writer was killed mid-checkpoint: only a read-write open replays its log.
                ladybug.Database(str(self.path), compression=False, throw_on_wal_replay_failure=strict).close()
                torn.unlink(missing_ok=True)
                self.db = self._database(True)
        except StoreError:
            if self._held:
                self._held.close()
            raise
        except RuntimeError as exc:
            if self._held:
                self._held.close()
            if _out_of_space(self.path, exc):
                raise DiskFull(str(self.path)) from None
            raise _explain(self.path, exc) from None
        if not read_only:
            _checksum_file(self.path).unlink(missing_ok=True)  # the file changes now; close() records it again
            torn.unlink(missing_ok=True)  # the log is replayed
        # The writer runs single-threaded: ladybug 0.22 deadlocks now and then in a parallel COPY
        # of ~100k+ rows (0% CPU, forever; 4 in 8 runs of 200k alias rows), and a batch is COPYs.
        self.conn = ladybug.Connection(self.db, num_threads=1)  # readers get one per thread
        self.read_only = read_only
        self._closed = False
        self._disk_full = False  # a write found the disk full: close() checkpoints nothing more
        self._local = threading.local()
        self._readers: list[ladybug.Connection] = []
        self._write_lock = threading.Lock()
        self._schemas: dict[str, pa.Schema] = {}
        self._names: NameIndex | None = None  # built on the first search
        self._links: Adjacency | None = None  # built on the first neighbourhood or path
        self._copies: dict[str, dict[str, dict]] = {}  # kind of _COPIES -> rows by id, built on first use
        self._index_lock = threading.Lock()
        self._served: ServingIndex | None = None  # a read-only store's, mapped on first use
        self._wrote = False  # a writer rebuilds the serving index when it closes the store
        try:
            if not read_only:
                self._ensure_schema()
            self._check_version()
        except (RuntimeError, StoreError) as exc:
            self._disk_full = _out_of_space(self.path, exc)
            self.close()
            if self._disk_full:
                raise DiskFull(str(self.path)) from None
            raise

    @property
    def location(self) -> str:
        return str(self.path)

    def _database(self, read_only: bool, strict: bool = True) -> ladybug.Database:
        """`strict`: refuse a log whose replay fails (not after a full disk cut its last record)."""
        if read_only:
            return ladybug.Database(str(self.path), read_only=True, buffer_pool_size=READ_POOL_BYTES,
                                    throw_on_wal_replay_failure=strict)
        # Uncompressed: with compression, ladybug 0.22 now and then loses values of a DOUBLE[] list
        # that an update appends to (a support's confidence; kg reextract stored one the extractor
        # never gave). tests/test_store.py replays such appends; the file grows about 5%.
        return ladybug.Database(str(self.path), compression=False, throw_on_wal_replay_failure=strict)

    def _ensure_schema(self) -> None:
        tx = _Tx(self.conn, self._schemas)
        meta = {r["k"]: r["v"] for r in tx.run(cypher.text("meta_get", self.dialect), {})} if self._has_meta(tx) else {}
        version = meta.get("schema_version")
        if version in MIGRATIONS:
            for name in list(MIGRATIONS.values())[list(MIGRATIONS).index(version):]:
                for statement in cypher.split(cypher.text(name, self.dialect)):
                    tx.run(statement, {})
            tx.run(cypher.text("meta_set", self.dialect), {"rows": [{"k": "schema_version", "v": SCHEMA_VERSION}]})
        for statement in cypher.split(cypher.text("schema", self.dialect)):
            for rel_type in (RELATION_TYPES if "{TYPE}" in statement else [None]):
                tx.run(statement.replace("{TYPE}", rel_type) if rel_type else statement, {})
        if not meta:
            tx.run(cypher.text("meta_set", self.dialect), {"rows": [
                {"k": "ladybug_version", "v": ladybug.__version__}, {"k": "schema_version", "v": SCHEMA_VERSION},
                {"k": "compression", "v": "off"}]})
        elif meta.get("compression") != "off":
            # Written compressed (before compression was turned off): appends to its lists may still
            # lose values, as the database keeps the compressed columns; a restore writes them anew.
            logging.getLogger("parkgraph.ladybug").warning(
                f"the graph at {self.path} was written by an earlier parkgraph with compression on, under "
                f"which ladybug {ladybug.__version__} can lose confidences that later writes append: rebuild "
                f"it once with `kg backup --store {self.path} FILE` and `kg restore --force --store "
                f"{self.path} FILE`")

    @staticmethod
    def _has_meta(tx: _Tx) -> bool:
        """Has this store its tables yet (a new file has none)?"""
        return any(r["name"] == "Meta" for r in tx.run(cypher.text("tables", "ladybug"), {}))

    def _check_version(self) -> None:
        meta = {r["k"]: r["v"] for r in _Tx(self.conn, self._schemas).run(cypher.text("meta_get", self.dialect), {})}
        written = meta.get("ladybug_version")
        if written and written != ladybug.__version__:
            raise StoreError(f"the graph at {self.path} was written by ladybug {written}, this is ladybug "
                             f"{ladybug.__version__}; its storage format differs: install ladybug=={written}, "
                             f"or export it with that version and ingest into a new store")
        if meta.get("schema_version", SCHEMA_VERSION) != SCHEMA_VERSION:
            raise StoreError(f"the graph at {self.path} has schema version {meta['schema_version']}, "
                             f"this parkgraph expects {SCHEMA_VERSION}: any write upgrades it (kg reextract "
                             f"--store {self.path})")

    def write(self, work: Callable[[_Tx], T]) -> T:
        if self.read_only:
            raise StoreError(f"the graph at {self.path} is open read-only")
        with self._write_lock:
            tx = _Tx(self.conn, self._schemas)
            try:
                tx.run("BEGIN TRANSACTION", {})
                try:
                    out = work(tx)
                except BaseException:
                    try:
                        tx.run("ROLLBACK", {})
                    except RuntimeError:
                        pass  # the failed statement already ended the transaction
                    raise
                # Ladybug keeps COPY's rows out of its log: they are durable only once the commit's
                # checkpoint has run, which auto_checkpoint (left on) forces. With it off, a process
                # killed after COMMIT loses the batch's new rows but keeps its updates (seen in
                # tests/test_faults.py); so every batch pays for a checkpoint.
                tx.run("COMMIT", {})
            except RuntimeError as exc:
                if _out_of_space(self.path, exc):
                    self._disk_full = True
                    raise DiskFull(str(self.path)) from None
                raise
            self._wrote = True
            self._follow(tx, {kind: sorted(ids) for kind, ids in tx.rows.items() if ids})
            return out

    def _rows_written(self, tx: _Tx, kind: str, ids: Iterable[str]) -> None:
        tx.rows[kind].update(ids)

    def _follow(self, tx: _Tx, written: dict[str, list[str]]) -> None:
        """Bring what this process holds in memory in step with a commit: what it wrote is read
        back by id and replaces what was held for those ids."""
        def read(name: str, param: str, ids: list[str]) -> list[dict]:
            return self._execute(tx.run, cypher.text(name, self.dialect), {param: ids})

        for kind, ids in written.items():
            if kind in self._copies:
                _, by_ids, param, id_ = _COPIES[kind]
                rows = self._copies[kind]
                for i in ids:
                    rows.pop(i, None)
                rows.update((r[id_], r) for r in read(by_ids, param, ids))
        if self._names is not None and "aliases" in written:
            self._names.remove(written["aliases"])
            self._names.add((r["id"], r["key"]) for r in read("alias_lookup", "ids", written["aliases"]))
        if self._links is not None and "relations" in written:
            self._links.refresh(written["relations"], read("relations_from", "keys", written["relations"]))

    def warm(self) -> None:
        if self.read_only:
            self._serving()
            return
        self._name_index()
        self._adjacency()
        for kind in _COPIES:
            self._copy(kind)

    def entities(self, keys: list[str]) -> list[dict]:
        if self.read_only:
            return self._serving().entities(keys)
        rows = self._copy("entities")
        return [rows[k] for k in dict.fromkeys(keys) if k in rows]

    def article_refs(self, ids: Iterable[str]) -> list[dict]:
        if self.read_only:
            return self._serving().article_refs(ids)
        rows = self._copy("articles")
        return [rows[i] for i in sorted(set(ids)) if i in rows]

    def search_keys(self, text: str, type_: str | None, limit: int) -> list[str]:
        return self._name_index().search(text, type_, limit)

    def _alias_owners(self, ids: list[str]) -> list[str]:
        return self._name_index().owners(ids)

    def _near(self, keys: list[str], types: list[str], limit: int) -> list[tuple[str, str]]:
        return self._adjacency().near(keys, types, limit)

    def _among(self, keys: list[str], evidence: bool) -> list[dict]:
        return super()._among(keys, evidence) if evidence else self._adjacency().among(keys)

    def entity_relations(self, key: str) -> list[dict]:
        return [r for t, side in self._adjacency().sides_at(key)
                for r in self._execute(self.read_rows, cypher.for_type(f"entity_relations_{side}", self.dialect, t),
                                       {"key": key})]

    def within(self, key: str, radius: int) -> set[str]:
        return self._adjacency().within(key, radius)

    def _serving(self) -> ServingIndex:
        """A read-only process answers from the serving index of the store's version, shared
        with every other server process (kg/serving_index.py); nothing can write meanwhile."""
        with self._index_lock:
            if self._served is None:
                self._served = ensure(self.path, self.version(), self._table)
            return self._served

    def _table(self, name: str) -> pa.Table:
        """A whole-graph read as one Arrow table."""
        return self._reader().execute(cypher.text(name, self.dialect)).get_as_arrow(chunk_size=100_000)

    def _name_index(self) -> NameIndex | ServingIndex:
        if self.read_only:
            return self._serving()
        with self._index_lock:
            if self._names is None:
                self._names = NameIndex((r["id"], r["key"]) for r in self._stream("all_aliases"))
            return self._names

    def _adjacency(self) -> Adjacency | ServingIndex:
        if self.read_only:
            return self._serving()
        with self._index_lock:
            if self._links is None:
                self._links = Adjacency(self._stream("all_edges"))
            return self._links

    def _copy(self, kind: str) -> dict[str, dict]:
        with self._index_lock:
            if kind not in self._copies:
                whole, _, _, id_ = _COPIES[kind]
                self._copies[kind] = {r[id_]: r for r in self._stream(whole)}
            return self._copies[kind]

    def _stream(self, name: str) -> Iterator[dict]:
        """A whole-graph read as rows, fetched in Arrow batches (a million dicts at once would
        take ~500 MB)."""
        result = self._reader().execute(cypher.text(name, self.dialect))
        for batch in result.get_as_arrow(chunk_size=50_000).to_batches():
            yield from batch.to_pylist()

    def clear(self) -> None:
        super().clear()
        self._forget()

    def clear_facts(self, limit: int = 20_000) -> int:
        deleted = super().clear_facts(limit)
        self._forget()
        return deleted

    def _forget(self) -> None:
        """Drop the in-memory indexes and copies after a bulk delete (rebuilt on next use)."""
        self._names = self._links = None
        self._copies = {}

    def snapshot(self, work: Callable[[Callable[[str], Iterator[dict]]], T]) -> T:
        """One READ ONLY transaction on a connection of its own: it sees the graph as of its
        start (a store open for writing in this process may go on committing meanwhile)."""
        conn = ladybug.Connection(self.db)
        conn.execute("BEGIN TRANSACTION READ ONLY")

        def read(name: str) -> Iterator[dict]:
            result = conn.execute(cypher.text(name, self.dialect))
            for batch in result.get_as_arrow(chunk_size=50_000).to_batches():
                yield from batch.to_pylist()

        try:
            return work(read)
        finally:
            try:
                conn.execute("ROLLBACK")
            finally:
                conn.close()

    def check(self) -> dict[str, int]:
        verify(self.path, always=True)
        return super().check()

    def _reader(self) -> ladybug.Connection:
        """This thread's read connection (a Ladybug connection serves one thread at a time)."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = ladybug.Connection(self.db)
            self._readers.append(conn)
        return conn

    def read_rows(self, statement: str, params: dict) -> list[dict]:
        return _Tx(self._reader(), self._schemas).run(statement, params)

    def _readonly(self, query: str, params: dict, max_rows: int, timeout: float) -> QueryRows:
        """In a READ ONLY transaction, so Ladybug itself refuses writes; prepared, because a
        prepared statement is one statement (no `COMMIT; CREATE …` to escape the transaction)."""
        conn = self._reader()
        conn.set_query_timeout(max(1, int(timeout * 1000)))
        conn.execute("BEGIN TRANSACTION READ ONLY")
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)  # prepare() is how to get one statement
                result = conn.execute(conn.prepare(query), params)
            cols = result.get_column_names()
            rows = []
            while result.has_next() and len(rows) <= max_rows:
                rows.append(dict(zip(cols, result.get_next())))
        except RuntimeError as exc:
            msg = str(exc).splitlines()[0]
            if "read-only" in msg:  # a READ ONLY transaction, or a store opened read-only
                raise ReadOnlyError("the query tries to write; researchers' queries are read-only") from None
            if "Interrupted" in msg:
                raise QueryTimeout(f"the query ran longer than {timeout:g} s and was stopped") from None
            raise StoreError(msg) from None
        except (ValueError, TypeError, OverflowError) as exc:  # a parameter Ladybug cannot take
            raise StoreError(f"a parameter cannot be used: {exc}") from None
        finally:
            try:
                conn.execute("ROLLBACK")
            except RuntimeError:
                pass  # the failed statement already ended the transaction
            conn.set_query_timeout(0)
        return QueryRows(rows[:max_rows], len(rows) > max_rows)

    def close(self) -> None:
        """Close, and for a writer record the file's checksum, so the next open can tell whether
        anything changed it since. After a full disk nothing more is written: the log keeps
        what was committed, and the next open replays it (up to a record the full disk cut)."""
        if self._closed:
            return
        self._closed = True
        if self._wrote and not self._disk_full:  # the next server maps an index of what is stored now
            ensure(self.path, self.version(), self._table)
        if self._disk_full:
            # Ladybug 0.22 aborts the process (a C++ IOException out of a destructor) when it closes
            # a database whose log write failed, so the database is left open, held here, for the
            # process to end without closing it (kg's command line ends with os._exit on DiskFull).
            ABANDONED.append((self.db, self.conn, *self._readers))
            if self._held:
                self._held.close()
            return
        try:
            for conn in self._readers:
                conn.close()
            clean = not self.read_only
            if clean:
                try:
                    self.conn.execute("CHECKPOINT")
                except RuntimeError as exc:
                    if not _out_of_space(self.path, exc):
                        raise
                    self._disk_full, self._closed = True, False
                    self.close()
                    return
            self.conn.close()
            self.db.close()
            if clean:
                record_checksum(self.path)
        finally:
            if self._held:
                self._held.close()


def replace_store(path: Path, fill: Callable[[GraphStore], None], force: bool) -> None:
    """Build a new graph with `fill` in a file beside `path`, then put it in place of `path` in
    one rename, so a failure (a full disk) leaves `path` as it was. `path` must hold no graph,
    or `force` (a damaged one too); no other process may have it open when the rename comes."""
    if path.exists() or _checksum_file(path).exists():
        try:
            with LadybugStore(path, read_only=True) as current:
                refuse_unless_empty(current, force)
        except StoreDamaged:
            if not force:
                raise
    new = path.with_name(path.name + ".restoring")
    _remove(new)  # what an earlier restore that was killed left
    try:
        _fill_aside(new, fill, path)
        held = _take(path, read_only=False)
        try:
            # In this order, a kill anywhere leaves the old graph or the new one, each with no
            # checksum record or its own.
            _checksum_file(path).unlink(missing_ok=True)
            for suffix in _LADYBUG_FILES:
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            os.replace(new, path)
            shutil.rmtree(index_dir(path), ignore_errors=True)  # the old graph's; the next reader builds one
            _torn_log(path).unlink(missing_ok=True)
            if _checksum_file(new).exists():
                os.replace(_checksum_file(new), _checksum_file(path))
        finally:
            if held:
                held.close()
    finally:
        _remove(new)


def _fill_aside(new: Path, fill: Callable[[GraphStore], None], path: Path) -> None:
    """Build the new graph at `new` in a child process. Ladybug 0.22 aborts the process (SIGABRT,
    a C++ IOException in the checkpoint's shadow-file write) when a commit finds the disk full,
    so the abort is read here, from the child's end, its standard error and the room left, as a
    full disk. The child dies with this process (PR_SET_PDEATHSIG) and is ended with it on any
    exception here (Ctrl+C), so no orphan goes on writing `new` while a rerun starts again."""
    import ctypes
    import multiprocessing
    import signal
    import tempfile

    ctx = multiprocessing.get_context("fork")
    told, tell = ctx.Pipe(duplex=False)
    with tempfile.TemporaryFile() as err:
        def build() -> None:
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
            os.dup2(err.fileno(), 2)
            try:
                with LadybugStore(new) as store:
                    fill(store)
            except DiskFull:
                outcome = ("full", "")
            except BaseException as exc:  # noqa: BLE001 - said to the parent, which raises it
                outcome = ("error", str(exc) if isinstance(exc, StoreError) else f"{type(exc).__name__}: {exc}")
            else:
                outcome = ("ok", "")
            tell.send(outcome)
            os._exit(0)  # a full disk's database is left unclosed (LadybugStore.close says why)

        child = ctx.Process(target=build)
        child.start()
        tell.close()
        try:
            try:
                kind, message = told.recv()
            except EOFError:  # it died before it could say (the abort)
                kind, message = "died", ""
            child.join()
        finally:
            if child.is_alive():
                child.kill()
                child.join()
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    if kind == "ok" and child.exitcode == 0:
        return
    # Ladybug's errors on a full disk vary (an abort, a failed write, a short read of a page it
    # could not write), and its standard error may be lost on the same disk: the room left decides.
    room = os.statvfs(new.parent)
    if kind == "full" or _NO_SPACE in stderr or room.f_bavail * room.f_frsize < _NEARLY_FULL:
        raise DiskFull(str(path))
    if kind == "error":
        raise StoreError(message)
    raise StoreError(f"the process building the new graph at {new} ended with status {child.exitcode}: "
                     + (stderr.strip().splitlines() or ["no message"])[-1])


def _remove(path: Path) -> None:
    """A store's file and the files Ladybug and kg keep beside it, its serving index among them."""
    for suffix in ("", *_LADYBUG_FILES, ".kg-lock", ".kg-sum", ".kg-torn"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    shutil.rmtree(index_dir(path), ignore_errors=True)


def _out_of_space(path: Path, exc: Exception) -> bool:
    """Did Ladybug fail for want of disk space where the store is? If so, the write may have
    left half a record at the end of the log: noted beside the store (an empty file, which a
    full disk still takes), so the next open replays the log up to it. Ladybug otherwise refuses
    the store ("Checksum verification failed, the WAL file is corrupted"), and without the note
    a torn log is taken for damage, as it should be."""
    msg = str(exc)
    if _NO_SPACE not in msg:
        if _SHORT_WRITE not in msg:
            return False
        room = os.statvfs(path.parent)
        if room.f_bavail * room.f_frsize >= _NEARLY_FULL:
            return False
    try:
        _torn_log(path).touch()
    except OSError:
        pass  # no inode left either: the next open refuses the torn log as damage
    return True


def _torn_log(path: Path) -> Path:
    return Path(f"{path}.kg-torn")


def _checksum_file(path: Path) -> Path:
    return Path(f"{path}.kg-sum")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def record_checksum(path: Path) -> None:
    """Beside a store just closed by its writer: its size, modification time and SHA-256
    (`STORE.kg-sum`). Ladybug itself does not notice pages overwritten with other bytes: a
    store with 8 KB of random bytes in its middle opened and answered queries."""
    st = path.stat()
    sums = _checksum_file(path)
    tmp = sums.with_name(sums.name + ".tmp")
    try:
        tmp.write_text(json.dumps({"size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": _sha256(path)}))
        os.replace(tmp, sums)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if exc.errno != errno.ENOSPC:
            raise
        # No room for the record: the store is fine, it just opens unverified next time.


def _check_present(path: Path) -> None:
    """A store whose file is gone while its checksum record is still there was deleted, not
    never made."""
    sums = _checksum_file(path)
    if not path.exists() and sums.exists():
        raise damaged(str(path), f"its file is missing, though {sums.name} beside it records one")


def verify(path: Path, always: bool = False) -> None:
    """Refuse a store whose file is missing, or differs from the checksum its last writer
    recorded when it closed it (truncated, overwritten). The file is hashed only when its size
    or modification time changed since (or `always`, for kg check). A store with no record (its
    last writer was killed, or it predates the record) opens unverified."""
    sums = _checksum_file(path)
    try:
        recorded = json.loads(sums.read_text())
    except (OSError, ValueError):
        return
    st = path.stat()
    if not always and (st.st_size, st.st_mtime_ns) == (recorded["size"], recorded["mtime_ns"]):
        return
    if _sha256(path) != recorded["sha256"]:
        size = (f"{st.st_size} bytes where it had {recorded['size']}" if st.st_size != recorded["size"]
                else "same size, other bytes")
        raise damaged(str(path), f"its file differs from the checksum recorded when it was last closed: {size}")


def _take(path: Path, read_only: bool) -> IO[str] | None:
    """Readers share, and a writer holds alone, a lock on a file beside the store. Ladybug lets
    a writer open a store that another process has open read-only, and that reader then fails
    on the pages the writer rewrote ("String dictionary index is outside the offset table").
    The writer leaves its process id in the file, so whoever waits on it can be told. A reader
    that may not create the file (a store in a directory it cannot write) reads without it."""
    try:
        held = open(f"{path}.kg-lock", "a+", encoding="ascii")
    except PermissionError:
        if read_only:
            return None
        raise StoreError(f"cannot write beside the graph at {path}: no permission") from None
    try:
        fcntl.flock(held, (fcntl.LOCK_SH if read_only else fcntl.LOCK_EX) | fcntl.LOCK_NB)
    except BlockingIOError:
        held.seek(0)
        writer = held.read().strip()
        held.close()
        if writer:
            raise StoreError(_writing(path, writer)) from None
        raise StoreError(f"the graph at {path} is open read-only by another process (a kg serve without "
                         f"KG_API_KEY, or a kg query); writing now would break what it reads: stop it, write, "
                         f"then start it again") from None
    held.seek(0)
    held.truncate()  # no writer now: a reader leaves it empty
    if not read_only:
        held.write(str(os.getpid()))
        held.flush()
    return held


def _explain(path: Path, exc: RuntimeError) -> StoreError:
    """Why Ladybug would not open a store: another process writes to it, or else it is damaged."""
    msg = str(exc)
    held = _LOCK.search(msg)
    if held:
        return StoreError(_writing(path, held.group(1)))
    return damaged(str(path), f"it cannot be opened: {msg.splitlines()[0]}")


def _writing(path: Path, pid: str) -> str:
    return (f"the graph at {path} is open for writing by process {pid}; wait for it to finish "
            f"or stop it (kill {pid}), or use --store to choose another path")
