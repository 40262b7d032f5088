"""kg reextract and the extractor version, on both stores for real.

An extractor change is simulated honestly: the graph is first ingested from an older
extraction of the same articles (the lines today's extractor gives, with half their
relationships and the entities only those named, as a weaker extractor would give them),
recorded under another version; kg reextract must then turn it into the graph a fresh ingest
with today's extractor builds."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import BACKENDS, ROOT, SAMPLE
from faults import clear, fingerprint, kg, make_corpus
from test_backup import full_disk_line, grow, ok, small_disk, stats  # noqa: F401 - small_disk is a fixture

OLD = "0123456789abcdef"


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("pages")
    make_corpus(directory, files=6, per_file=4, seed=25)
    shutil.copy(SAMPLE, directory / "seed-page.txt")
    for name in ("01.txt", "16.txt"):  # pages with residue inside the article (a byline with a name, share bars)
        shutil.copy(ROOT / "tests" / "data" / "articles" / name, directory / f"article-{name}")
    return directory


@pytest.fixture(scope="module")
def fresh(pages, tmp_path_factory) -> tuple[dict, dict]:
    """The graph a fresh ingest of the pages with today's extractor builds: its fingerprint and stats."""
    store = str(tmp_path_factory.mktemp("fresh") / "graph")
    ok("ingest", "--store", store, str(pages))
    return fingerprint(store), stats(store)


def older_extraction(pages: Path) -> list[dict]:
    """Today's lines for the pages, as an older, weaker extractor would have given them."""
    done = kg("extract", str(pages))
    assert done.returncode == 0, done.stderr
    lines = []
    for line in map(json.loads, done.stdout.splitlines()):
        relations = line["relations"][::2]
        named = {e for r in relations for e in (r["source"], r["target"])}
        entities = [e for i, e in enumerate(line["entities"]) if e["id"] in named or i % 2]
        lines.append({**line, "entities": entities, "relations": [r for r in relations if {r["source"], r["target"]}
                                                                  <= {e["id"] for e in entities}]})
    return lines


def ingest_older(store: str, pages: Path) -> None:
    from kg.ingest import ingest
    from kg.store import open_store

    with open_store(store) as s:
        ingest(s, older_extraction(pages), batch_size=7, extractor=OLD)


def store_uri(backend: str, tmp: Path) -> str:
    if backend == "ladybug":
        return str(tmp / "graph")
    clear(os.environ["NEO4J_URI"])
    return os.environ["NEO4J_URI"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_after_an_extractor_change_reextract_gives_the_graph_of_a_fresh_ingest(backend, pages, fresh, tmp_path):
    store = store_uri(backend, tmp_path)
    ingest_older(store, pages)
    before = stats(store)
    assert before["extractors"] == {OLD: fresh[1]["articles"]} and before["older_extractor"] == fresh[1]["articles"]
    assert fingerprint(store) != fresh[0] and before["supports"] < fresh[1]["supports"]
    done = kg("reextract", "--store", store, "--batch", "5")
    assert done.returncode == 0, done.stderr
    assert f"re-extracted {fresh[1]['articles']} articles" in done.stdout
    assert fingerprint(store) == fresh[0]
    assert stats(store) == fresh[1]  # every article on this extractor: older_extractor 0
    again = kg("reextract", "--store", store)
    assert "nothing to do" in again.stdout and fingerprint(store) == fresh[0]


@pytest.mark.parametrize("backend", BACKENDS)
def test_reextract_on_an_unchanged_extractor_changes_nothing(backend, pages, fresh, tmp_path):
    store = store_uri(backend, tmp_path)
    ok("ingest", "--store", store, str(pages))
    assert stats(store) == fresh[1] and fresh[1]["older_extractor"] == 0
    assert "nothing to do" in ok("reextract", "--store", store)
    assert (stats(store), fingerprint(store)) == (fresh[1], fresh[0])


def test_an_interrupted_reextract_goes_on_where_it_stopped(pages, fresh, tmp_path):
    """Stopped (as by a kill) after two batches; stopped while clearing; left half done by a run
    with another extractor: each rerun ends at the fresh graph. (Real kills, of a longer run:
    tests/test_faults.py.)"""
    from extract.version import extractor_version
    from kg.model import from_extract
    from kg.reextract import STATE, reextract
    from kg.store import open_store

    store = str(tmp_path / "graph")
    ingest_older(store, pages)
    fresh_lines = {line["doc_id"]: line for line in map(json.loads, kg("extract", str(pages)).stdout.splitlines())}
    version = extractor_version()

    class Stop(Exception):
        pass

    batches = []

    def extract(rows: list[dict]) -> list[dict]:
        if len(batches) == 2:
            raise Stop
        batches.append(len(rows))
        return [fresh_lines[r["id"]] for r in rows]

    with open_store(store) as s, pytest.raises(Stop):
        reextract(s, extract, version, batch_size=3)
    with open_store(store) as s:
        assert s.meta()[STATE] == f"loading {version}"
        assert s.extractors() == {"none": fresh[1]["articles"]} and len(s.read("redone_ids")) == 6
    ok("reextract", "--store", store)
    assert fingerprint(store) == fresh[0] and stats(store) == fresh[1]

    with open_store(store) as s:  # stopped while clearing, some facts gone
        s.mark_pending(STATE, f"clearing {version}")
        assert s.clear_facts(limit=10) == 10
    ok("reextract", "--store", store)
    assert fingerprint(store) == fresh[0] and stats(store) == fresh[1]

    with open_store(store) as s:  # another extractor's run, stopped with 4 articles redone
        s.mark_pending(STATE, f"clearing {OLD}")
        while s.clear_facts():
            pass
        s.set_meta(STATE, f"loading {OLD}")
        s.redo([from_extract(older, OLD) for older in older_extraction(pages)
                if older["doc_id"] in {r["id"] for r in s.pending(4)}])
        assert len(s.read("redone_ids")) == 4
    ok("reextract", "--store", store)
    assert fingerprint(store) == fresh[0] and stats(store) == fresh[1]


def test_the_extractor_version_follows_code_data_and_model_files(tmp_path, monkeypatch):
    from extract import version

    copy = tmp_path / "checkout"
    for part in ("extract", "data/gazetteer", "data/lexicon", "data/model", "data/samples"):
        shutil.copytree(ROOT / part, copy / part, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(version, "ROOT", copy)
    compute = version.extractor_version.__wrapped__
    base = compute()
    assert base == version.extractor_version()  # the copy is the checkout's extractor
    (copy / "data" / "samples" / "another.txt").write_text("不读", encoding="utf-8")
    assert compute() == base  # the samples are not the extractor's
    seen = {base}
    for change in (lambda: (copy / "data" / "lexicon" / "generic.txt").open("a", encoding="utf-8").write("新词\n"),
                   lambda: (copy / "extract" / "relations" / "settlement.py").open("a").write("# a change\n"),
                   lambda: (copy / "data" / "gazetteer" / "chains.tsv").unlink(),
                   lambda: (copy / "data" / "model" / "relations.json").open("a").write("\n")):
        change()
        seen.add(compute())
    assert len(seen) == 5


def test_stats_counts_the_articles_on_an_older_extractor(pages, fresh, tmp_path):
    store = str(tmp_path / "graph")
    ingest_older(store, pages)
    page = tmp_path / "new.txt"
    page.write_text("本报讯 2025年3月2日，青岚微纳科技有限公司签约入驻合肥高新区。", encoding="utf-8")
    ok("ingest", "--store", store, str(page), str(pages))  # the older articles are stored already: skipped
    counted = stats(store)
    assert counted["older_extractor"] == fresh[1]["articles"] and sorted(counted["extractors"].values()) == [
        1, fresh[1]["articles"]]
    assert (f"articles with facts from an older one: {fresh[1]['articles']} (kg reextract updates them)"
            in ok("stats", "--store", store))


def test_reextract_on_a_full_disk(small_disk, pages, fresh):
    grow(small_disk)
    store = small_disk / "graph"
    ingest_older(str(store), pages)
    room = os.statvfs(small_disk)
    (small_disk / "filler").write_bytes(b"\0" * (room.f_bavail * room.f_frsize - 16 * 1024))
    line = full_disk_line(kg("reextract", "--store", str(store)), store)
    assert "the batch being written was not stored" in line
    (small_disk / "filler").unlink()
    assert stats(str(store))["articles"] == fresh[1]["articles"]  # it opens; no article lost
    ok("reextract", "--store", str(store))
    assert fingerprint(str(store)) == fresh[0]


def test_a_store_of_schema_version_1_is_upgraded_by_its_first_writer(tmp_path):
    import ladybug

    store = str(tmp_path / "graph")
    ok("ingest", "--store", store, str(SAMPLE))
    before = stats(store)
    db = ladybug.Database(store)  # back to what a store written before extractor versions holds
    conn = ladybug.Connection(db)
    for statement in ("ALTER TABLE Article DROP extractor", "ALTER TABLE Article DROP seq",
                      "ALTER TABLE Article DROP residue", "DROP TABLE Redone",
                      "MATCH (m:Meta {k: 'schema_version'}) SET m.v = '1'"):
        conn.execute(statement)
    conn.close()
    db.close()
    os.unlink(f"{store}.kg-sum")
    done = kg("stats", "--store", store)
    assert done.returncode == 1 and "schema version 1" in done.stderr and "kg reextract" in done.stderr
    assert f"re-extracted {before['articles']} articles" in ok("reextract", "--store", store)
    assert stats(store) == before
