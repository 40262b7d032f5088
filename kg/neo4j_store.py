"""The Neo4j store, through the official driver (py2neo is end-of-life)."""
from __future__ import annotations

import itertools
import logging
import os
import time
from collections.abc import Callable, Iterator
from urllib.parse import unquote, urlsplit, urlunsplit

import neo4j
from neo4j import GraphDatabase

from . import cypher
from .store import GraphStore, QueryRows, QueryTimeout, ReadOnlyError, StoreError, StoreUnavailable, T

log = logging.getLogger("parkgraph")
#: How long a write keeps retrying through an outage before it gives up (KG_RETRY_SECONDS).
RETRY_SECONDS = 120.0
_LOST = (neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.SessionExpired, neo4j.exceptions.TransientError)


class _Tx:
    def __init__(self, tx: neo4j.ManagedTransaction) -> None:
        self.tx = tx

    def run(self, statement: str, params: dict) -> list[dict]:
        return [record.data() for record in self.tx.run(statement, params)]


class Neo4jStore(GraphStore):
    dialect = "neo4j"

    def __init__(self, uri: str, database: str | None = None, read_only: bool = False) -> None:
        parts = urlsplit(uri)
        user = unquote(parts.username) if parts.username else os.environ.get("NEO4J_USER")
        password = unquote(parts.password) if parts.password else os.environ.get("NEO4J_PASSWORD")
        bare = urlunsplit((parts.scheme, parts.hostname + (f":{parts.port}" if parts.port else ""), "", "", ""))
        self.uri = bare
        self.database = database or os.environ.get("NEO4J_DATABASE") or None
        self.read_only = read_only
        auth = (user or "neo4j", password) if password else None
        try:
            self.retry_seconds = float(os.environ.get("KG_RETRY_SECONDS", RETRY_SECONDS))
        except ValueError:
            raise StoreError(f"KG_RETRY_SECONDS must be a number of seconds, not "
                             f"{os.environ['KG_RETRY_SECONDS']!r}") from None
        # The driver retries conflicts between writers briefly itself; outages are retried below,
        # where they can be reported.
        self.driver = GraphDatabase.driver(bare, auth=auth, notifications_min_severity="OFF",
                                           max_transaction_retry_time=5.0)
        try:
            self.driver.verify_connectivity()
        except (neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.AuthError, OSError) as exc:
            self.driver.close()
            raise StoreError(f"cannot reach Neo4j at {bare}: {exc}") from None
        if not read_only:
            with self.driver.session(database=self.database) as session:
                for statement in cypher.split(cypher.text("schema", self.dialect)):
                    session.run(statement).consume()

    def write(self, work: Callable[[_Tx], T]) -> T:
        if self.read_only:
            raise StoreError(f"the store at {self.uri} is open read-only")
        give_up = time.monotonic() + self.retry_seconds
        wait = 0.5
        while True:
            try:
                with self.driver.session(database=self.database) as session:
                    return session.execute_write(lambda tx: work(_Tx(tx)))
            except _LOST as exc:
                # Safe to repeat: a batch whose commit did land is found by its article ids and skipped.
                reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                if time.monotonic() + wait > give_up:
                    raise StoreUnavailable(f"Neo4j at {self.uri} stayed unreachable for {self.retry_seconds:g} s "
                                           f"({reason})") from None
                log.warning("Neo4j at %s is unreachable (%s); retrying in %.1f s", self.uri, reason, wait)
                time.sleep(wait)
                wait = min(wait * 2, 10.0)

    @property
    def location(self) -> str:
        return self.uri + (f" (database {self.database})" if self.database else "")

    def snapshot(self, work: Callable[[Callable[[str], Iterator[dict]]], T]) -> T:
        """Inside a transaction that holds the writers' lock (cypher/take_write_lock.cypher): Neo4j
        reads committed data statement by statement, so only keeping writers out for its length
        makes every read see the same graph. Readers go on meanwhile; writers wait. It takes the
        lock even on a store opened read-only: that node is all it writes."""
        def run(tx: neo4j.ManagedTransaction) -> T:
            graph = _Tx(tx)
            self._lock(graph)
            return work(lambda name: iter(self._execute(graph.run, self._untyped(name), {})))

        with self.driver.session(database=self.database) as session:
            return session.execute_write(run)

    def read_rows(self, statement: str, params: dict) -> list[dict]:
        with self.driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as session:
            return session.execute_read(lambda tx: _Tx(tx).run(statement, params))

    def _readonly(self, query: str, params: dict, max_rows: int, timeout: float) -> QueryRows:
        """In a READ access-mode session, so Neo4j itself refuses writes, with a server-side
        transaction timeout."""

        def work(tx: neo4j.ManagedTransaction) -> list[dict]:
            result = tx.run(query, params)
            return [record.data() for record in itertools.islice(result, max_rows + 1)]

        try:
            with self.driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as session:
                rows = session.execute_read(neo4j.unit_of_work(timeout=timeout)(work))
        except neo4j.exceptions.Neo4jError as exc:
            code = exc.code or ""
            if "AccessMode" in code or "ForbiddenOnReadOnlyDatabase" in code:
                raise ReadOnlyError("the query tries to write; researchers' queries are read-only") from None
            if "TransactionTimedOut" in code or "Terminated" in code:
                raise QueryTimeout(f"the query ran longer than {timeout:g} s and was stopped") from None
            raise StoreError(exc.message or str(exc)) from None
        except (ValueError, TypeError, OverflowError) as exc:  # a parameter the driver cannot send
            raise StoreError(f"a parameter cannot be used: {exc}") from None
        return QueryRows(rows[:max_rows], len(rows) > max_rows)

    def close(self) -> None:
        self.driver.close()
