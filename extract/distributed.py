"""Extraction on a Dask cluster (`dask.distributed`), partition by partition.

`kg extract --workers N` uses the processes of one machine. With millions of articles, a
cluster extracts them as a Dask bag (or dataframe) of pages: each worker process loads the
pipeline once and runs the same `Extractor.extract` over the pages of its partitions, and each
partition becomes one JSON Lines file of the `kg extract` contract, which `kg ingest --extracted
DIR` loads. The files are numbered in partition order, so reading them in name order gives
the lines one process would print for the pages in the same order. docs/scaling.md shows how to
run it, and how Spark would call `extract_pages` per partition instead.

    from dask.distributed import Client
    import dask.bag as db
    from extract.distributed import write_jsonl

    client = Client("tcp://scheduler:8786")
    pages = db.from_sequence([{"text": t, "source": s} for t, s in ...], npartitions=64)
    write_jsonl(pages, "extracted/")          # extracted/part-00000.jsonl …
    # then: kg ingest --extracted extracted/
"""
from __future__ import annotations

import json
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import dask.bag
    import dask.dataframe

_local = threading.local()  # one pipeline per worker thread: a spaCy pipeline serves one at a time


def extract_pages(pages: Iterable[dict]) -> list[dict]:
    """The articles of `pages` (each `{"text": decoded page, "source": name, "date": optional
    YYYY-MM-DD for articles that state none}`) as `kg extract` prints them, in page order.
    Called once per partition, on the worker that holds it."""
    extractor = getattr(_local, "extractor", None)
    if extractor is None:
        import logging

        import jieba

        from .extractor import Extractor

        jieba.setLogLevel(logging.WARNING)
        extractor = _local.extractor = Extractor()
    return [a.to_dict() for page in pages
            for a in extractor.extract(page["text"], page["source"], page.get("date") or None)]


def write_jsonl(pages: "dask.bag.Bag | dask.dataframe.DataFrame", folder: str | Path) -> list[str]:
    """Extract every page of a bag of page dicts (or a dataframe with columns text, source and
    optionally date) on the cluster the current Dask client points at, one JSON Lines file per
    partition in `folder` (part-00000.jsonl, …); returns the files' paths in partition order."""
    import dask.bag

    if not isinstance(pages, dask.bag.Bag):  # a dataframe: its rows as dicts
        pages = pages.to_bag(format="dict")
    Path(folder).mkdir(parents=True, exist_ok=True)
    lines = pages.map_partitions(extract_pages).map(lambda a: json.dumps(a, ensure_ascii=False))
    return lines.to_textfiles(str(Path(folder) / "part-*.jsonl"), name_function=lambda i: f"{i:05d}",
                              encoding="utf-8")
