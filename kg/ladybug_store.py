"""The embedded default store: Ladybug (the maintained Kùzu fork), one file on disk with its log
and lock files beside it."""
from __future__ import annotations

import fcntl
import os
import re
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
from .serving_index import ServingIndex, ensure
from .ontology import RELATION_TYPES
from .store import GraphStore, QueryRows, QueryTimeout, ReadOnlyError, StoreError, T

SCHEMA_VERSION = "1"
#: Ladybug's page cache in a read-only process (its default, 80% of the machine's memory, is
#: private memory each server process would fill with the evidence it reads).
READ_POOL_BYTES = 256 * 1024 * 1024
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
        if read_only and not self.path.exists():
            raise StoreError(f"no graph at {self.path}: ingest some articles first (kg ingest PATH --store {self.path})")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._held = _take(self.path, read_only)
        try:
            try:
                self.db = self._database(read_only)
            except RuntimeError as exc:
                if not (read_only and "recovery is pending" in str(exc)):
                    raise
                # A writer was killed mid-checkpoint: only a read-write open replays its log.
                ladybug.Database(str(self.path)).close()
                self.db = self._database(True)
        except RuntimeError as exc:
            if self._held:
                self._held.close()
            raise StoreError(_explain(self.path, exc)) from None
        # The writer runs single-threaded: ladybug 0.22 deadlocks now and then in a parallel COPY
        # of ~100k+ rows (0% CPU, forever; 4 in 8 runs of 200k alias rows), and a batch is COPYs.
        self.conn = ladybug.Connection(self.db, num_threads=1)  # readers get one per thread
        self.read_only = read_only
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
        if not read_only:
            self._ensure_schema()
        self._check_version()

    def _database(self, read_only: bool) -> ladybug.Database:
        if read_only:
            return ladybug.Database(str(self.path), read_only=True, buffer_pool_size=READ_POOL_BYTES)
        return ladybug.Database(str(self.path))

    def _ensure_schema(self) -> None:
        tx = _Tx(self.conn, self._schemas)
        for statement in cypher.split(cypher.text("schema", self.dialect)):
            for rel_type in (RELATION_TYPES if "{TYPE}" in statement else [None]):
                tx.run(statement.replace("{TYPE}", rel_type) if rel_type else statement, {})
        meta = {r["k"]: r["v"] for r in tx.run(cypher.text("meta_get", self.dialect), {})}
        if not meta:
            tx.run(cypher.text("meta_set", self.dialect), {"rows": [
                {"k": "ladybug_version", "v": ladybug.__version__}, {"k": "schema_version", "v": SCHEMA_VERSION}]})

    def _check_version(self) -> None:
        meta = {r["k"]: r["v"] for r in _Tx(self.conn, self._schemas).run(cypher.text("meta_get", self.dialect), {})}
        written = meta.get("ladybug_version")
        if written and written != ladybug.__version__:
            raise StoreError(f"the graph at {self.path} was written by ladybug {written}, this is ladybug "
                             f"{ladybug.__version__}; its storage format differs: install ladybug=={written}, "
                             f"or export it with that version and ingest into a new store")
        if meta.get("schema_version", SCHEMA_VERSION) != SCHEMA_VERSION:
            raise StoreError(f"the graph at {self.path} has schema version {meta['schema_version']}, "
                             f"this parkgraph expects {SCHEMA_VERSION}")

    def write(self, work: Callable[[_Tx], T]) -> T:
        if self.read_only:
            raise StoreError(f"the graph at {self.path} is open read-only")
        with self._write_lock:
            tx = _Tx(self.conn, self._schemas)
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
        self._names = self._links = None
        self._copies = {}

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
        if self._wrote:  # the next server maps an index of what is stored now
            ensure(self.path, self.version(), self._table)
        for conn in self._readers:
            conn.close()
        if not self.read_only:
            self.conn.execute("CHECKPOINT")
        self.conn.close()
        self.db.close()
        if self._held:
            self._held.close()


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


def _explain(path: Path, exc: RuntimeError) -> str:
    msg = str(exc)
    held = _LOCK.search(msg)
    if held:
        return _writing(path, held.group(1))
    return f"cannot open the graph at {path}: {msg.splitlines()[0]}"


def _writing(path: Path, pid: str) -> str:
    return (f"the graph at {path} is open for writing by process {pid}; wait for it to finish "
            f"or stop it (kill {pid}), or use --store to choose another path")
