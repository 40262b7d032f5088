"""Characters per second of the `kg extract` pipeline against bare `jieba.lcut`, same text, one core.

    python bench/extract_throughput.py [--repeat 40] [--workers 2]

The text is the sample page repeated (each copy a page of three articles and captions). The
pipeline figure covers everything `kg extract` does to a page: normalisation, article split,
the spaCy pipeline, name resolution and relation rules (not JSON printing or file reading).
With --workers N it also times extraction across N processes.
"""
from __future__ import annotations

import argparse
import logging
import time
from pathlib import Path

import jieba

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=40)
    ap.add_argument("--workers", type=int, default=0)
    args = ap.parse_args()
    jieba.setLogLevel(logging.WARNING)
    from extract.batch import Job, extract_all
    from extract.extractor import Extractor
    from extract.normalize import normalize
    from extract.segment import split_articles

    page = (ROOT / "data" / "samples" / "seed-page.txt").read_text(encoding="utf-8")
    pages = [page] * args.repeat
    chars = sum(len(p) for p in pages)
    x = Extractor()
    list(x.extract(page, "warmup"))
    jieba.lcut(page)

    t = time.perf_counter()
    for p in pages:
        jieba.lcut(p)
    jieba_rate = chars / (time.perf_counter() - t)

    t = time.perf_counter()
    n = sum(1 for p in pages for _ in x.extract(p, "bench"))
    pipe_rate = chars / (time.perf_counter() - t)

    print(f"input: {chars:,} characters ({args.repeat} pages, {n} articles)")
    print(f"jieba.lcut alone      {jieba_rate:>12,.0f} chars/s")
    print(f"kg extract pipeline   {pipe_rate:>12,.0f} chars/s")
    print(f"ratio pipeline/jieba  {pipe_rate / jieba_rate:>12.2f}")
    if args.workers > 1:
        jobs = []
        for p in pages:
            text = normalize(p).text
            jobs += [Job(text[a.start:a.end], "bench", a.title, a.date, a.kind, a.skip) for a in split_articles(text)]
        list(extract_all(jobs[:2], args.workers))  # start the workers before timing
        t = time.perf_counter()
        list(extract_all(jobs, args.workers))
        rate = chars / (time.perf_counter() - t)
        print(f"pipeline, {args.workers} workers  {rate:>12,.0f} chars/s (includes worker start-up)")


if __name__ == "__main__":
    main()
