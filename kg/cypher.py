"""Named Cypher statements from `cypher/`, per store dialect, with their parameters checked."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from .ontology import RELATION_TYPES

ROOT = Path(__file__).resolve().parent.parent / "cypher"
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_HINT = re.compile(r"^[ \t]*USING\b[^\n]*\n?", re.MULTILINE)


class QueryError(ValueError):
    """A named statement that does not exist or was called with the wrong parameters."""


@lru_cache(maxsize=None)
def text(name: str, dialect: str) -> str:
    """The statement `name` for `dialect`: its variant file if there is one, else the shared one.
    Planner hints (`USING …` lines) are Neo4j's; Ladybug has no such clause, so its text drops them."""
    for candidate in (ROOT / f"{name}.{dialect}.cypher", ROOT / f"{name}.cypher"):
        if candidate.is_file():
            statement = candidate.read_text(encoding="utf-8").strip()
            return statement if dialect == "neo4j" else _HINT.sub("", statement)
    raise QueryError(f"no Cypher statement named {name!r}")


def per_type(name: str, dialect: str) -> bool:
    """Does the statement run once per relationship type ({TYPE})?"""
    return "{TYPE}" in text(name, dialect)


def for_type(name: str, dialect: str, rel_type: str) -> str:
    if rel_type not in RELATION_TYPES:
        raise QueryError(f"not a relationship type of the ontology: {rel_type!r}")
    return text(name, dialect).replace("{TYPE}", rel_type)


def parameters(statement: str) -> set[str]:
    return set(_PARAM.findall(re.sub(r"'[^']*'|\"[^\"]*\"", "", statement)))


def check(statement: str, params: dict) -> None:
    """Refuse to run a statement whose parameters are not all given."""
    missing = parameters(statement) - set(params)
    if missing:
        raise QueryError(f"missing parameter(s): {', '.join(sorted(missing))}")


_FILE_CLAUSE = re.compile(r"\b(COPY|EXPORT|IMPORT|LOAD|ATTACH|INSTALL|USE)\b|\b(apoc)\s*\.", re.IGNORECASE)


def file_clause(statement: str) -> str | None:
    """The first clause of `statement` that reads or writes the server's files or network
    (COPY … TO, EXPORT/IMPORT DATABASE, LOAD FROM / LOAD CSV, ATTACH, INSTALL, APOC's
    procedures, where a Neo4j has them: apoc.load.*, apoc.export.*), if any.
    A read-only transaction does not stop these: Ladybug runs COPY TO and EXPORT DATABASE in one."""
    m = _FILE_CLAUSE.search(re.sub(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`", "''", statement))
    return (m.group(1) or m.group(2)).upper() if m else None


def unwinds_nothing(statement: str, params: dict) -> bool:
    """Does the statement start by unwinding an empty list parameter (and so do nothing)?"""
    m = re.match(r"(?:\s*//[^\n]*\n)*\s*UNWIND\s+\$(\w+)", statement)
    return bool(m) and params.get(m.group(1)) == []


def split(statement: str) -> list[str]:
    """The statements of a schema file (separated by ';')."""
    return [s.strip() for s in statement.split(";") if s.strip()]
