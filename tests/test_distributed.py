"""Extraction on a real two-process Dask LocalCluster on loopback (extract/distributed.py): the
partitions it writes hold what one process extracts, and `kg ingest --extracted` loads them."""
from __future__ import annotations

import json

import pytest

from conftest import SAMPLE
from kg.cli import main
from kg.ingest import ingest
from kg.store import open_store

PAGES = [
    "2024年5月8日，国盾量子正式签约入驻合肥高新区。",
    "西安交通大学与中国科学院西安光学精密机械研究所签署战略合作协议。",
    "据报道，国盾量子已于今年签约入驻合肥高新技术产业开发区，开展量子通信研发。",
]


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as c, distributed.Client(c) as client:
        yield client


def test_partitions_on_a_cluster_hold_what_one_process_extracts(cluster, tmp_path, extractor):
    import dask.bag as db

    from extract.distributed import write_jsonl
    from extract.normalize import decode

    pages = [{"text": decode(SAMPLE.read_bytes()), "source": SAMPLE.name, "date": None},
             *({"text": t, "source": f"p{i}.txt", "date": "2024-06-01"} for i, t in enumerate(PAGES))]
    files = write_jsonl(db.from_sequence(pages, partition_size=1), tmp_path / "out")
    assert [f.rsplit("/", 1)[1] for f in files] == [f"part-0000{i}.jsonl" for i in range(len(pages))]
    lines = [json.loads(line) for f in files for line in open(f, encoding="utf-8")]
    one = [a.to_dict() for p in pages for a in extractor.extract(p["text"], p["source"], p["date"])]
    assert lines == one and len(one) > len(pages)

    with open_store(str(tmp_path / "one")) as s:
        ingest(s, one)
        expected = s.stats()
    assert main(["ingest", "--extracted", str(tmp_path / "out"), "--store", str(tmp_path / "graph")]) == 0
    with open_store(str(tmp_path / "graph"), read_only=True) as s:
        assert s.stats() == expected
