"""An extracted article in the `kg extract` JSON Lines contract (../shared/spec/extract-jsonl.md)."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from .relations import Relation
from .resolve import Entity


def doc_id(text: str) -> str:
    """Content address of an article: the same text always gets the same id."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class Article:
    doc_id: str
    source: str
    title: str | None
    date: str | None
    text: str
    kind: str
    entities: list[Entity]
    relations: list[Relation]
    residue: tuple[tuple[int, int], ...] = ()  # page residue inside the text: no names are taken from it

    def to_dict(self) -> dict:
        ids = {i: f"e{i + 1}" for i in range(len(self.entities))}
        return {
            "doc_id": self.doc_id,
            "source": self.source,
            "title": self.title,
            "date": self.date,
            "kind": self.kind,
            "text": self.text,
            "residue": [list(span) for span in self.residue],
            "entities": [
                {"id": ids[i], "name": e.name, "type": e.type, "aliases": e.aliases,
                 "mentions": [list(m) for m in e.mentions], "rules": e.rules}
                for i, e in enumerate(self.entities)
            ],
            "relations": [
                {"source": ids[r.source], "type": r.type, "target": ids[r.target], "properties": r.properties,
                 "evidence": {"start": r.evidence[0], "end": r.evidence[1], "sentence": self.text[r.evidence[0]:r.evidence[1]]},
                 "method": r.method, "confidence": r.confidence}
                for r in self.relations
            ],
        }
