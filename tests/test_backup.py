"""A way back: kg backup / kg restore on both stores, kg check, damaged stores and full disks,
through the real command line on real stores (the embedded Ladybug store, the Neo4j test
server; the full disk is a real tmpfs of a few MB)."""
from __future__ import annotations

import gzip
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import BACKENDS, ROOT, SAMPLE
from faults import clear, fingerprint, kg, make_corpus
from test_api import free_port

#: Every named query with parameters that find something in the sample page (the test fails
#: when a query is added to cypher/queries/ without one here).
QUERIES = {"settled_in_park": {"park": "西安科学园", "since": "2024-01-01"}, "parks_with_chain": {"chain": "量子信息"},
           "enterprises_in_park_chains": {"park": "合肥高新区"}, "partners": {"entity": "中科大"},
           "ranked_in_report": {"report": "生物医药产业园区竞争力"}, "articles_mentioning": {"entity": "中科院"},
           "most_connected_to_park": {"park": "合肥高新区", "limit": "2"},
           "parks_connection": {"park_a": "合肥高新区", "park_b": "西安科学园"}, "most_connected_parks": {"limit": "5"}}


def store_uri(backend: str, tmp: Path, name: str = "graph") -> str:
    if backend == "ladybug":
        return str(tmp / name)
    clear(os.environ["NEO4J_URI"])
    return os.environ["NEO4J_URI"]


def ok(*args: str) -> str:
    done = kg(*args)
    assert done.returncode == 0, done.stderr
    return done.stdout


def stats(store: str) -> dict:
    return json.loads(ok("stats", "--format", "json", "--store", store))


def answers(store: str) -> dict[str, list]:
    out = {}
    for name, params in QUERIES.items():
        flags = [f for k, v in params.items() for f in ("--param", f"{k}={v}")]
        out[name] = sorted(json.dumps(r, sort_keys=True, ensure_ascii=False)
                           for r in json.loads(ok("query", name, *flags, "--format", "json", "--store", store)))
    return out


def refused(done: subprocess.CompletedProcess, *words: str) -> str:
    """A failure told in one line of stderr, exit 1, holding `words`."""
    assert done.returncode == 1, (done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    for w in words:
        assert w in lines[0], lines[0]
    return lines[0]


def test_every_named_query_is_compared():
    assert set(QUERIES) == {p.stem for p in (ROOT / "cypher" / "queries").glob("*.cypher")}


@pytest.mark.parametrize("backend", BACKENDS)
def test_round_trip_gives_the_same_stats_and_answers(backend, tmp_path):
    store = store_uri(backend, tmp_path)
    ok("ingest", "--store", store, str(SAMPLE))
    before, asked, facts = stats(store), answers(store), fingerprint(store)
    assert before["articles"] == 4 and all(v for k, v in asked.items() if k != "parks_connection")  # none on the page
    backup = tmp_path / "graph.kgb"
    ok("backup", "--store", store, str(backup))
    # Into a new embedded store, whichever store it came from.
    copy = str(tmp_path / "restored")
    assert "sha256" in ok("restore", "--store", copy, str(backup))
    assert (stats(copy), answers(copy), fingerprint(copy)) == (before, asked, facts)
    # Over a store that holds a graph: only when told.
    refused(kg("restore", "--store", store, str(backup)), "not empty", "--force")
    ok("restore", "--force", "--store", store, str(backup))
    assert (stats(store), answers(store), fingerprint(store)) == (before, asked, facts)


@pytest.mark.parametrize("backend", BACKENDS)
def test_check_reads_everything_and_finds_a_support_without_its_article(backend, tmp_path):
    from kg.store import open_store

    store = store_uri(backend, tmp_path)
    ok("ingest", "--store", store, str(SAMPLE))
    assert "is whole: 52 entities, 111 aliases, 4 articles, 53 mentions, 40 relations, 40 supports" in ok(
        "check", "--store", store)
    with open_store(store) as s:  # an article deleted behind the graph's back, its supports left
        victim = s.read("all_relations")[0]["articles"][0]
        s.write(lambda tx: s._run(tx, "delete_article", {"id": victim}))
    refused(kg("check", "--store", store), "is damaged", f"cites article {victim}, which is not stored", "kg restore")


def test_a_damaged_backup_is_refused_and_the_store_left_alone(tmp_path):
    store = str(tmp_path / "graph")
    ok("ingest", "--store", store, str(SAMPLE))
    backup = tmp_path / "graph.kgb"
    ok("backup", "--store", store, str(backup))
    target = str(tmp_path / "target")
    lines = gzip.decompress(backup.read_bytes()).splitlines(keepends=True)
    altered = tmp_path / "altered.kgb"  # one fact changed, the checksum line kept
    altered.write_bytes(gzip.compress(b"".join([lines[0], lines[1].replace("Park".encode(), b"Lab"), *lines[2:]])))
    assert lines[1] != lines[1].replace(b"Park", b"Lab")
    refused(kg("restore", "--store", target, str(altered)), "is damaged", "checksum")
    truncated = tmp_path / "truncated.kgb"
    truncated.write_bytes(backup.read_bytes()[: backup.stat().st_size // 2])
    refused(kg("restore", "--store", target, str(truncated)), "damaged")
    cut = tmp_path / "cut.kgb"  # a whole gzip stream that stops before the checksum line
    cut.write_bytes(gzip.compress(b"".join(lines[:-1])))
    refused(kg("restore", "--store", target, str(cut)), "incomplete")
    refused(kg("restore", "--store", target, str(SAMPLE)), "not a parkgraph backup")
    assert not Path(target).exists()


def test_backup_while_a_read_only_server_runs(tmp_path):
    store = str(tmp_path / "graph")
    ok("ingest", "--store", store, str(SAMPLE))
    before = stats(store)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "KG_API_KEY"}
    server = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--store", store, "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        import httpx

        for _ in range(600):
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        assert httpx.get(f"http://127.0.0.1:{port}/stats").json()["articles"] == 4
        backup = tmp_path / "graph.kgb"
        ok("backup", "--store", store, str(backup))
        assert httpx.get(f"http://127.0.0.1:{port}/stats").json()["articles"] == 4  # still serving
    finally:
        server.terminate()
        server.wait(30)
    copy = str(tmp_path / "copy")
    ok("restore", "--store", copy, str(backup))
    assert stats(copy) == before


def _damage(path: Path, how: str) -> None:
    size = path.stat().st_size
    if how == "random 8 KB in its middle":
        with open(path, "r+b") as f:
            f.seek(size // 2)
            f.write(random.Random(8).randbytes(8192))
    elif how == "truncated":
        os.truncate(path, size // 2)
    elif how == "overwritten":
        path.write_bytes(b"\0" * size)
    else:
        path.unlink()


@pytest.mark.parametrize("how", ["random 8 KB in its middle", "truncated", "overwritten", "missing"])
def test_a_damaged_store_is_refused_in_one_line_and_a_backup_brings_it_back(tmp_path, how):
    store = tmp_path / "graph"
    ok("ingest", "--store", str(store), str(SAMPLE))
    before, facts = stats(str(store)), fingerprint(str(store))
    backup = tmp_path / "graph.kgb"
    ok("backup", "--store", str(store), str(backup))
    _damage(store, how)
    for command in (["stats"], ["check"], ["query", "partners", "--param", "entity=中科大"],
                    ["ingest", str(SAMPLE)], ["backup", str(tmp_path / "again.kgb")]):
        refused(kg(*command, "--store", str(store)), "is damaged", "kg restore --force", "kg ingest")
    assert not (tmp_path / "again.kgb").exists()
    refused(kg("restore", "--store", str(store), str(backup)), "is damaged")  # replacing it takes --force
    ok("restore", "--force", "--store", str(store), str(backup))
    assert (stats(str(store)), fingerprint(str(store))) == (before, facts)
    assert "is whole" in ok("check", "--store", str(store))


# -- a full disk: a real tmpfs of a few MB ------------------------------------------------------
@pytest.fixture
def small_disk(tmp_path):
    """A 5 MB filesystem (tmpfs), made bigger by `grow` to free space."""
    if os.geteuid() != 0:
        pytest.skip("a small filesystem for the full-disk tests needs mount, i.e. root")
    mount = tmp_path / "small"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=5m", "tmpfs", str(mount)], capture_output=True, text=True)
    if made.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def grow(mount: Path) -> None:
    subprocess.run(["mount", "-o", "remount,size=64m", str(mount)], check=True)


def full_disk_line(done: subprocess.CompletedProcess, where: Path) -> str:
    return refused(done, f"no space left on the disk holding {where}", "free space there, then rerun")


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("pages")
    make_corpus(directory, files=10, per_file=5)
    return directory


def test_ingest_on_a_full_disk(small_disk, pages, tmp_path):
    clean = str(tmp_path / "clean")
    ok("ingest", "--store", clean, "--batch", "5", str(pages))
    store = small_disk / "graph"
    line = full_disk_line(kg("ingest", "--store", str(store), "--batch", "5", str(pages)), store)
    assert "nothing committed before the disk filled is lost" in line
    grow(small_disk)
    kept = stats(str(store))["articles"]  # it opens, with the batches committed before (a first load is one)
    assert 0 <= kept <= 50 and kept % 5 == 0
    ok("ingest", "--store", str(store), "--batch", "5", str(pages))
    assert fingerprint(str(store)) == fingerprint(clean)


def test_backup_and_restore_on_a_full_disk(small_disk, pages, tmp_path):
    store = str(tmp_path / "graph")
    ok("ingest", "--store", store, "--batch", "50", str(pages))
    before = stats(store)
    (small_disk / "filler").write_bytes(b"\0" * (5 * 2**20 - 4096))  # leaves one page
    backup = small_disk / "graph.kgb"
    assert "no backup was written" in full_disk_line(kg("backup", "--store", store, str(backup)), backup)
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler"]
    (small_disk / "filler").unlink()
    ok("backup", "--store", store, str(tmp_path / "graph.kgb"))
    target = small_disk / "restored"  # the restored graph needs ~4.5 MB; 1 MB is left
    (small_disk / "filler").write_bytes(b"\0" * (4 * 2**20))
    line = full_disk_line(kg("restore", "--store", str(target), str(tmp_path / "graph.kgb")), target)
    assert "nothing was restored" in line
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler"]
    (small_disk / "filler").unlink()
    ok("restore", "--store", str(target), str(tmp_path / "graph.kgb"))
    assert stats(str(target)) == before


def test_a_store_written_compressed_is_told_to_be_rebuilt_and_a_restore_rebuilds_it(tmp_path):
    """Ladybug 0.22 keeps a store's compressed columns, whose lists can lose appended values:
    a writer of a store written before compression was turned off says how to rebuild it."""
    import ladybug

    store = str(tmp_path / "graph")
    ok("ingest", "--store", store, str(SAMPLE))
    db = ladybug.Database(store)  # as an earlier parkgraph left it: no record of compression
    conn = ladybug.Connection(db)
    conn.execute("MATCH (m:Meta {k: 'compression'}) DELETE m")
    conn.close()
    db.close()
    os.unlink(f"{store}.kg-sum")
    told = kg("ingest", "--store", store, str(SAMPLE))
    assert told.returncode == 0 and "kg restore --force --store" in told.stderr, told.stderr
    ok("backup", "--store", store, str(tmp_path / "graph.kgb"))
    ok("restore", "--force", "--store", store, str(tmp_path / "graph.kgb"))
    again = kg("ingest", "--store", store, str(SAMPLE))
    assert again.returncode == 0 and "kg restore" not in again.stderr, again.stderr
