"""The API under load: 8 clients POST pages of articles while 32 others read, against a real
`kg serve` over each store. No request may fail, every article posted must be in the graph
afterwards, and what readers see only ever grows. Marked `reliability` (.ci/run's second step)."""
from __future__ import annotations

import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from conftest import BACKENDS
from faults import make_corpus, record
from test_api import CAS, KEY, PARK, Server, load_sample

pytestmark = pytest.mark.reliability
WRITERS, READERS = 8, 32


@pytest.fixture(params=BACKENDS)
def loaded_server(request, tmp_path):
    if request.param == "ladybug":
        store = str(tmp_path / "graph")
    else:
        from faults import clear

        store = os.environ["NEO4J_URI"]
        clear(store)
    load_sample(store)
    srv = Server(store, KEY, tmp_path)
    yield request.param, srv
    srv.stop()


def test_writers_and_readers_at_once(loaded_server, tmp_path):
    backend, srv = loaded_server
    base = f"http://127.0.0.1:{srv.port}"
    pages = make_corpus(tmp_path / "corpus", files=32, per_file=3)
    before = srv.http.get("/stats").json()["articles"]
    posted: list[str] = []
    failures: list[str] = []
    seen_articles: list[list[int]] = [[] for _ in range(READERS)]
    done = threading.Event()
    lock = threading.Lock()

    def write(batch: list) -> None:
        with httpx.Client(base_url=base, timeout=120) as http:
            for page in batch:
                r = http.post("/articles", headers={"X-API-Key": KEY},
                              files={"file": (page.name, page.read_bytes())})
                if r.status_code != 200:
                    failures.append(f"POST {page.name}: {r.status_code} {r.text[:200]}")
                    continue
                with lock:
                    posted.extend(a["doc_id"] for a in r.json()["extraction"])

    def read(n: int) -> int:
        requests = 0
        with httpx.Client(base_url=base, timeout=120) as http:
            while not done.is_set():
                for path, params in (("/stats", {}), ("/entities", {"q": "科技"}), (f"/entities/{PARK}", {}),
                                     (f"/entities/{CAS}/neighbors", {"depth": 2}), ("/queries/settled_in_park",
                                                                                      {"park": "西安科学园"})):
                    r = http.get(path, params=params)
                    requests += 1
                    if r.status_code != 200:
                        failures.append(f"GET {path}: {r.status_code} {r.text[:200]}")
                    elif path == "/stats":
                        seen_articles[n].append(r.json()["articles"])
        return requests

    t = time.monotonic()
    with ThreadPoolExecutor(WRITERS + READERS) as pool:
        readers = [pool.submit(read, n) for n in range(READERS)]
        writers = [pool.submit(write, pages[k::WRITERS]) for k in range(WRITERS)]
        for w in writers:
            w.result()
        done.set()
        reads = sum(r.result() for r in readers)
    elapsed = time.monotonic() - t

    assert not failures, failures[:5]
    assert len(posted) == len(set(posted)) == 96
    after = srv.http.get("/stats").json()["articles"]
    assert after == before + 96  # no article lost
    for doc_id in posted:
        assert srv.http.get(f"/articles/{doc_id}").status_code == 200
    for counts in seen_articles:  # a reader never sees the graph shrink
        assert counts == sorted(counts) and all(before <= c <= after for c in counts)
    record(f"api-load-{backend}", writers=WRITERS, readers=READERS, pages_posted=len(pages), articles_posted=96,
           articles_in_graph_after=after - before, articles_lost=0, reads=reads, failed_requests=len(failures),
           seconds=round(elapsed, 1))
