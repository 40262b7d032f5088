"""Requests per second and latency percentiles of `kg serve` over a graph of 1M+ relationships.

    python bench/api_latency.py [--relations 1000000] [--clients 32] [--seconds 60] [--workers N] [--store DIR]

Builds the graph in the embedded store (bench/synthetic.py with shared hubs: parks, chains,
universities and institutes each appear in many copies of the sample page), starts `kg serve`
on 127.0.0.1, and drives it from a second process with N concurrent clients for a bounded time.
Each client picks the next request from a fixed mix of what a researcher does:

    search 25%  ·  entity card 25%  ·  neighbours depth 2 20%  ·  a named query 20%  ·  a path 10%

over entities drawn at random from the corpus. A store directory given with --store is reused
when it already holds the graph, so a rerun measures without rebuilding.
"""
from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlencode

from machine import describe
from synthetic import copies

ROOT = Path(__file__).resolve().parent.parent
MIX = (("search", 25), ("card", 25), ("neighbours", 20), ("named_query", 20), ("path", 10))
#: Articles per transaction while building: each commit checkpoints the store, so big batches
#: load a big graph faster; the first goes through the bulk path (an empty store), and one batch
#: is what the building process holds at a time (the 1M graph is one: 180,184 articles).
BUILD_BATCH = 200_000
#: Entity occurrences kept (a uniform sample of the corpus's) to draw the requests from.
SAMPLE = 100_000
QUERIES = ("settled_in_park", "parks_with_chain", "partners", "enterprises_in_park_chains", "most_connected_to_park")


class EntitySample:
    """A uniform sample of a corpus's entity occurrences (reservoir sampling: each occurrence is
    kept with equal chance), to draw requests from without holding the corpus."""

    def __init__(self, size: int = SAMPLE, seed: int = 7) -> None:
        self.size, self.items, self.seen = size, [], 0
        self._rnd = random.Random(seed)

    def take(self, line: dict) -> None:
        for e in line["entities"]:
            self.seen += 1
            if len(self.items) < self.size:
                self.items.append(e)
            elif (k := self._rnd.randrange(self.seen)) < self.size:
                self.items[k] = e


def build(store: Path, lines: Iterator[dict]) -> list[dict]:
    """Load the corpus into `store` batch by batch as it is made (or check that the store already
    holds it); returns a sample of its entity occurrences for the requests."""
    from kg.ingest import ingest
    from kg.store import UpsertResult, open_store

    sample = EntitySample()

    def sampled(stream: Iterator[dict]) -> Iterator[dict]:
        for line in stream:
            sample.take(line)
            yield line

    t = time.perf_counter()
    with open_store(str(store)) as s:
        held = s.stats()
        if sum(held["relations"].values()) > 0:
            # The corpus is the extractor's output for the sample page: after the extractor
            # changes (or after a killed build), the store holds other names, and requests for
            # them would be cheap 404s.
            articles, keys = 0, set()
            for line in sampled(lines):
                articles += 1
                keys.update((e["type"], e["name"]) for e in line["entities"])
            if (held["articles"], sum(held["entities"].values())) != (articles, len(keys)):
                raise SystemExit(f"store {store} holds {held['articles']:,} articles and "
                                 f"{sum(held['entities'].values()):,} entities, this corpus {articles:,} and "
                                 f"{len(keys):,}: it was built from another corpus, or its build was cut short; remove it to rebuild")
            print(f"store {store} already holds this corpus; reusing it")
            return sample.items
        total = UpsertResult()
        stream = sampled(lines)
        while batch := list(itertools.islice(stream, BUILD_BATCH)):
            total.add(ingest(s, batch, BUILD_BATCH))
            print(f"  {total.relations_added:,} relationships after {time.perf_counter() - t:.0f} s", file=sys.stderr)
        loaded = time.perf_counter() - t
        stats = s.stats()
    size = sum(f.stat().st_size for f in store.parent.glob(f"{store.name}*") if f.is_file() and f.suffix != ".log")
    index = sum(f.stat().st_size for f in store.parent.glob(f"{store.name}.kg-index/*/*"))
    print(f"built {total.relations_added:,} relationships, {sum(stats['entities'].values()):,} entities "
          f"in {loaded:.0f} s, then the serving index in {time.perf_counter() - t - loaded:.0f} s; "
          f"store {size / 1e6:,.0f} MB, serving index {index / 1e6:,.0f} MB on disk")
    return sample.items


def requests(entities: list[dict], seed: int = 7) -> list[tuple[str, str, dict]]:
    """A shuffled list of (kind, path, params) in the MIX proportions, about entities drawn from
    the corpus's entity occurrences (or a uniform sample of them)."""
    from kg.model import entity_key
    from kg.ontology import CHAIN, PARK

    rnd = random.Random(seed)
    by_type = defaultdict(list)
    for e in entities:
        by_type[e["type"]].append(e)

    def key() -> str:
        e = rnd.choice(entities)
        return entity_key(e["type"], e["name"])

    def named() -> tuple[str, dict]:
        q = rnd.choice(QUERIES)
        if q == "parks_with_chain":
            return q, {"chain": rnd.choice(by_type[CHAIN])["name"]}
        if q == "partners":
            return q, {"entity": rnd.choice(entities)["name"]}
        return q, {"park": rnd.choice(by_type[PARK])["name"]}

    out = []
    for kind, weight in MIX:
        for _ in range(weight * 40):
            if kind == "search":
                out.append((kind, "/entities", {"q": rnd.choice(entities)["name"], "limit": 20}))
            elif kind == "card":
                out.append((kind, f"/entities/{key()}", {}))
            elif kind == "neighbours":
                out.append((kind, f"/entities/{key()}/neighbors", {"depth": 2}))
            elif kind == "named_query":
                q, params = named()
                out.append((kind, f"/queries/{q}", params))
            else:
                out.append((kind, "/paths", {"from": key(), "to": key(), "max_hops": 4}))
    rnd.shuffle(out)
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(store: Path, port: int, workers: int) -> subprocess.Popen:
    """Start `kg serve` as a researcher would, access log on: the log goes to a file beside the
    store, not a pipe, since a pipe nobody drains fills and stops the server mid-run."""
    env = {**os.environ, "KG_API_KEY": ""}
    log = store.parent / f"{store.name}.serve.log"
    with open(log, "wb") as out:  # the child holds its own copy of the descriptor
        proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--store", str(store), "--port", str(port),
                                 "--workers", str(workers)], env=env, stdout=subprocess.DEVNULL, stderr=out)
    import httpx

    started = time.monotonic()
    deadline = started + 600  # the first start over a store without its serving index builds it
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"kg serve exited: {log.read_text(errors='replace')}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                print(f"kg serve answered /health {time.monotonic() - started:.1f} s after it was started")
                break
        except httpx.TransportError:
            time.sleep(0.2)
    else:
        proc.kill()
        raise SystemExit("kg serve did not answer /health within 600 s")
    # One worker answering is not all of them ready: wait until none is still building its indexes.
    while time.monotonic() < deadline:
        before = _cpu_seconds(proc.pid)
        time.sleep(1)
        if _cpu_seconds(proc.pid) - before < 0.1:
            return proc
    proc.kill()
    raise SystemExit("kg serve's workers were still busy after 600 s")


def workers_of(server_pid: int) -> list[str]:
    """The server processes of a `kg serve --workers N` (or the one process itself)."""
    kids = Path(f"/proc/{server_pid}/task/{server_pid}/children").read_text().split()
    return [k for k in kids if b"spawn_main" in Path(f"/proc/{k}/cmdline").read_bytes()] or [str(server_pid)]


def memory_mb(pid: str) -> dict[str, float]:
    """A process's memory from /proc/PID/smaps_rollup: Anonymous (what it alone holds and the
    kernel cannot drop: its heap, Ladybug's page cache) and Rss (also the mapped index files'
    pages, which are shared page cache)."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:])
    return {k: int(fields[k].split()[0]) / 1024 for k in ("Anonymous", "Rss", "Shared_Clean")}


def held_connections(server_pid: int, port: int) -> list[int]:
    """How many connections to `port` each of the server's worker processes holds open (Linux
    /proc: the worker's socket inodes among the established TCP connections on that port)."""
    workers = workers_of(server_pid)
    established = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            f = line.split()
            if int(f[1].rsplit(":", 1)[1], 16) == port and f[3] == "01":
                established.add(f[9])
    held = []
    for w in workers:
        fds = Path(f"/proc/{w}/fd")
        sockets = {os.readlink(fd)[8:-1] for fd in fds.iterdir() if os.readlink(fd).startswith("socket:")}
        held.append(len(sockets & established))
    return held


async def drive_and_watch(base: str, work: list[tuple[str, str, dict]], clients: int, seconds: float,
                          server_pid: int) -> dict:
    """`drive`, noting half-way through how the clients' connections are spread over the
    server's processes (an uneven spread makes the busier process queue longer)."""
    running = asyncio.create_task(drive(base, work, clients, seconds))
    await asyncio.sleep(seconds / 2)
    spread = held_connections(server_pid, int(base.rpartition(":")[2]))
    result = await running
    return {**result, "connections": spread}


def _cpu_seconds(pid: int) -> float:
    """CPU time of a process and its children so far (Linux /proc)."""
    children = Path(f"/proc/{pid}/task/{pid}/children")
    kids = [int(c) for c in children.read_text().split()] if children.exists() else []
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK") + sum(map(_cpu_seconds, kids))


async def drive(base: str, work: list[tuple[str, str, dict]], clients: int, seconds: float) -> dict:
    """Each client sends its next request as soon as the last one answered, until time is up.

    The clients speak plain HTTP/1.1 over keep-alive connections (`_Connection`): a full HTTP
    library spent most of a core of this 2-core machine on the client side, so the benchmark
    measured its own client as much as the server."""
    host, port = base.removeprefix("http://").split(":")
    timings: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    stop = time.monotonic() + seconds

    async def client(n: int) -> None:
        conn = _Connection(host, int(port))
        i = n
        while time.monotonic() < stop:
            kind, path, params = work[i % len(work)]
            i += clients
            t = time.perf_counter()
            try:
                status = await conn.get(f"{path}?{urlencode(params)}" if params else path)
            except (OSError, asyncio.IncompleteReadError) as exc:
                errors[f"{kind} {type(exc).__name__}"] += 1
                continue
            timings[kind].append(time.perf_counter() - t)
            if status >= 400:  # every entity asked for is in the graph: a 404 is an error too
                errors[f"{kind} {status}"] += 1
        conn.close()

    t = time.perf_counter()
    await asyncio.gather(*(client(n) for n in range(clients)))
    return {"elapsed": time.perf_counter() - t, "timings": timings, "errors": dict(errors)}


class _Connection:
    """One keep-alive HTTP/1.1 connection sending GETs and reading whole responses; it reconnects
    once when the server has closed it (an idle keep-alive connection may be closed any time)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, target: str) -> int:
        request = f"GET {quote(target, safe='/?&=%:')} HTTP/1.1\r\nHost: {self.host}\r\n\r\n".encode()
        try:
            return await self._exchange(request)
        except (ConnectionError, asyncio.IncompleteReadError):
            self.close()
            return await self._exchange(request)

    async def _exchange(self, request: bytes) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        self.writer.write(request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        length = re.search(rb"(?i)\r\ncontent-length: *(\d+)", head)
        await self.reader.readexactly(int(length.group(1)) if length else 0)
        return int(head[9:12])

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


def percentile(sorted_values: list[float], p: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, int(p / 100 * len(sorted_values)))]


def report(result: dict, clients: int, workers: int) -> None:
    total = sum(len(v) for v in result["timings"].values())
    print(f"\n{workers} server process(es), {clients} clients for {result['elapsed']:.0f} s: {total:,} requests, "
          f"{total / result['elapsed']:,.0f} requests/s overall; errors: {result['errors'] or 'none'}")
    if "connections" in result:
        print(f"connections held by each server process half-way through: {result['connections']}")
    for m in result.get("memory", []):
        print(f"server process after the run: {m['Anonymous']:,.0f} MB anonymous, {m['Rss']:,.0f} MB resident "
              f"({m['Shared_Clean']:,.0f} MB of it shared clean pages: libraries and the mapped serving index)")
    print(f"{'endpoint':<14}{'requests':>10}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for kind, _ in MIX:
        v = sorted(result["timings"][kind])
        if v:
            print(f"{kind:<14}{len(v):>10,}{len(v) / result['elapsed']:>9,.0f}"
                  + "".join(f"{percentile(v, p) * 1000:>9.1f}" for p in (50, 95, 99)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--relations", type=int, default=1_000_000)
    ap.add_argument("--hubs", type=int, default=500, help="copies share hub entities n %% HUBS")
    ap.add_argument("--clients", type=int, default=32)
    ap.add_argument("--workers", type=int, default=os.cpu_count(), help="kg serve --workers (default: one per core)")
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--store", type=Path, help="store directory (kept; reused when it holds this corpus)")
    ap.add_argument("--json", type=Path, help="also write the raw figures here")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = args.store or Path(tmp) / "graph"
        work = requests(build(store, copies(args.relations, args.hubs)))
        port = free_port()
        server = serve(store, port, args.workers)
        try:
            result = asyncio.run(drive_and_watch(f"http://127.0.0.1:{port}", work, args.clients, args.seconds,
                                                 server.pid))
            result["memory"] = [memory_mb(w) for w in workers_of(server.pid)]
        finally:
            server.terminate()
            server.wait(30)
    report(result, args.clients, args.workers)
    print(describe())
    if args.json:
        args.json.write_text(json.dumps({k: sorted(v) for k, v in result["timings"].items()}))


if __name__ == "__main__":
    main()
