"""The extractor's version: a hash of everything that decides what it extracts.

The graph records, for every article, the version of the extractor that produced its facts, so
`kg stats` can say how many articles an improved extractor has not seen yet and `kg reextract`
knows which ones to redo. A version number kept by hand would be forgotten; a hash of the code
and the data files changes whenever any of them does, and only then.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: What the extractor's output depends on: its code, and under data/ the gazetteers, the rules'
#: word lists and any trained model (data/model/). The samples under data/ are not read by it.
_INPUTS = (("extract", "**/*.py"), ("data/gazetteer", "**/*"), ("data/lexicon", "**/*"), ("data/model", "**/*"))


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """16 hex digits of the SHA-256 of the extractor's files (paths and contents, in path order);
    computed once per process."""
    digest = hashlib.sha256()
    files = sorted({p for base, pattern in _INPUTS for p in (ROOT / base).glob(pattern)
                    if p.is_file() and "__pycache__" not in p.parts})
    for path in files:
        digest.update(path.relative_to(ROOT).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]
