"""Reading many inputs and extracting them in one or several processes.

Inputs are files, directories (walked recursively) or `-` for standard input. Each page is
decoded and split in the calling process; articles go to the workers, and results come back
in input order, so output is the same whatever the number of workers.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .normalize import InputError, decode, normalize
from .result import Article
from .segment import split_articles

TEXT_SUFFIXES = {".txt", ".text", ".md", ".htm", ".html", ""}


@dataclass(frozen=True)
class Job:
    text: str
    source: str
    title: str | None
    date: str | None
    kind: str
    skip: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Failure:
    source: str
    message: str


def expand(paths: Iterable[str]) -> Iterator[str | Failure]:
    """Each input path, directories replaced by the text files under them."""
    for p in paths:
        if p == "-":
            yield p
            continue
        path = Path(p)
        if path.is_dir():
            found = sorted(
                str(Path(root) / name)
                for root, dirs, files in os.walk(path)
                for name in files
                if not name.startswith(".") and Path(name).suffix.lower() in TEXT_SUFFIXES
            )
            if not found:
                yield Failure(p, "directory holds no text files")
            yield from found
        elif not path.exists():
            yield Failure(p, "a symbolic link that loops or leads nowhere" if path.is_symlink() else "no such file")
        else:
            yield p


def read(source: str) -> str:
    """Decoded text of a path or of standard input."""
    if source == "-":
        data = sys.stdin.buffer.read()
    else:
        try:
            data = Path(source).read_bytes()
        except IsADirectoryError:
            raise InputError("is a directory") from None
        except OSError as exc:
            raise InputError(exc.strerror or str(exc)) from None
    return decode(data)


def jobs(paths: Iterable[str], date: str | None = None) -> Iterator[Job | Failure]:
    """Articles to extract from every input, or a Failure for an input that cannot be read."""
    for item in expand(paths):
        if isinstance(item, Failure):
            yield item
            continue
        source = "<stdin>" if item == "-" else item
        try:
            page = normalize(read(item)).text
        except InputError as exc:
            yield Failure(source, str(exc))
            continue
        spans = split_articles(page)
        if not spans:
            yield Failure(source, "no article text found")
        for a in spans:
            yield Job(page[a.start:a.end], source, a.title, a.date or date, a.kind, a.skip)


_worker = None


def _init() -> None:
    global _worker
    if _worker is None:
        from .extractor import Extractor

        _worker = Extractor()


def _run(job: Job) -> Article | Failure:
    """One article; a fault of the extractor on it is reported like unreadable input, so the
    page's other articles and the other inputs are still extracted (exit status 1 says so)."""
    assert _worker is not None
    try:
        return _worker.article(job.text, job.source, job.title, job.date, job.kind, job.skip)
    except Exception as exc:  # noqa: BLE001 - a bug on one article must not lose the others
        return Failure(job.source, f"the extractor failed on an article ({type(exc).__name__}: {exc}); "
                                   "please report it with the input")


def extract_all(items: Iterable[Job | Failure], workers: int = 1) -> Iterator[Article | Failure]:
    """Extract every job in order; failures pass through where they occurred.

    Workers are forked after the pipeline is loaded here, so they start at once and share the
    loaded lexicon; where fork is unavailable each spawned worker loads its own.
    """
    _init()
    if workers <= 1:
        for item in items:
            yield item if isinstance(item, Failure) else _run(item)
        return
    forking = "fork" in mp.get_all_start_methods()
    ctx = mp.get_context("fork" if forking else "spawn")
    with ctx.Pool(workers, initializer=None if forking else _init) as pool:
        pending: list[Job | Failure] = []
        for item in items:
            pending.append(item)
            if len(pending) >= workers * 16:
                yield from _flush(pool, pending, workers)
                pending = []
        yield from _flush(pool, pending, workers)


def _flush(pool, pending: list[Job | Failure], workers: int) -> Iterator[Article | Failure]:
    work = [j for j in pending if isinstance(j, Job)]
    done = iter(pool.map(_run, work, chunksize=max(1, len(work) // (workers * 4))))
    for item in pending:
        yield item if isinstance(item, Failure) else next(done)
