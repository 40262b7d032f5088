"""Named Cypher statements from `cypher/`, per store dialect, with their parameters checked."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .ontology import ENTITY_TYPES, RELATION_TYPES

ROOT = Path(__file__).resolve().parent.parent / "cypher"
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_HINT = re.compile(r"^[ \t]*USING\b[^\n]*\n?", re.MULTILINE)


class QueryError(ValueError):
    """A named statement that does not exist or was called with the wrong parameters."""


@lru_cache(maxsize=None)
def text(name: str, dialect: str) -> str:
    """The statement `name` for `dialect`: its variant file if there is one, else the shared one.
    Planner hints (`USING …` lines) are Neo4j's; Ladybug has no such clause, so its text drops them,
    and is translated as researchers' queries are (`ladybug_form`)."""
    for candidate in (ROOT / f"{name}.{dialect}.cypher", ROOT / f"{name}.cypher"):
        if candidate.is_file():
            statement = candidate.read_text(encoding="utf-8").strip()
            return statement if dialect == "neo4j" else ladybug_form(_HINT.sub("", statement))
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


# -- one Cypher for both stores ---------------------------------------------------------------
# Researchers write the Cypher Neo4j runs: entity types as node labels, type(r), lists indexed
# from 0. The embedded store keeps every entity in one `Entity` table with its type in a
# column, names a relationship's type with label(r) and indexes lists from 1, so a statement is
# translated before Ladybug runs it (`translate`); cypher/README.md says why this and not one
# table per type, and tests/test_translate.py pins each rule.

_NAME = r"[A-Za-z_]\w*"
#: String literals, quoted names and comments: the rewrites must not look inside them.
_OPAQUE = re.compile(r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`[^`]*`|//[^\n]*|/\*.*?\*/""", re.DOTALL)
#: A node pattern with a label expression, e.g. (l:Lab), (:Lab|Institute {name: $n}), (x:Entity:Park).
_NODE = re.compile(rf"\(\s*(?P<var>{_NAME}|\x00\d+\x00)?\s*:\s*(?P<labels>{_NAME}(?:\s*(?:\|\s*:?|:|&)\s*{_NAME})*)"
                   rf"\s*(?P<props>\{{[^{{}}]*\}})?\s*\)")
_LABEL_OP = re.compile(r"\s*(\|\s*:?|:|&)\s*")
#: A literal list index or slice right after the list: r.sentences[0], x.aliases[1..3].
_SUBSCRIPT = re.compile(r"(?<=[\w)\]\x00])\[\s*(\d+)\s*(\.\.\s*(\d*)\s*)?\]")
_TYPE_FN = re.compile(r"(?<![\w.$\x00])type(?=\s*\()", re.IGNORECASE)
_TYPED = re.compile(r"\x01(\d+)\x01")
_CLAUSE = frozenset({"MATCH", "OPTIONAL", "WHERE", "WITH", "RETURN", "UNWIND", "ORDER", "SKIP", "LIMIT", "UNION",
                     "CALL", "CREATE", "MERGE", "DELETE", "DETACH", "SET", "REMOVE", "FOREACH", "YIELD"})
_TOKEN = re.compile(r"\w+|[^\w\s]")


def translate(statement: str, dialect: str) -> str:
    """`statement`, written as Neo4j runs it, in the form `dialect` runs with the same rows."""
    return statement if dialect == "neo4j" else ladybug_form(statement)


@lru_cache(maxsize=4096)
def ladybug_form(statement: str) -> str:
    """The embedded store's form of a Neo4j statement, rule by rule:

    - a node's entity-type label becomes a condition on the `Entity` table's `type` column at the
      head of its MATCH's WHERE: (l:Lab {name: $n}) → (l:Entity {name: $n}) WHERE l.type = 'Lab',
      (x:Lab|Institute) → x.type IN ['Lab', 'Institute'] (a variable is made up for an unnamed
      node). In a WHERE, not a property map, because Ladybug 0.22 plans a map's condition as a
      place to start: `(x:Entity {type: 'Enterprise'})-->(p:Entity {key: $k})` scanned every
      enterprise (54 ms against 9 ms on a 1M-relationship graph). Outside a MATCH pattern (a
      pattern in an expression) one type goes into the node's map instead, (:Entity {type: 'Lab'}).
      Entity with a type (x:Entity&Park, x:Entity:Park) is that type; a choice that includes
      Entity is any entity. Labels that are not entity types (Article) stay.
    - type(r) becomes label(r), which names a Ladybug relationship's table, i.e. its type.
    - a literal list index or slice counts from 1: r.sentences[0] → r.sentences[1], [1..3] → [2..3]
      (Ladybug's slices include their end). Indexes given by a parameter or an expression stay.

    Strings, quoted names and comments are left as they are; comments are dropped."""
    opaque: list[str] = []

    def hide(m: re.Match) -> str:
        if m.group(0).startswith("/"):
            return " "
        opaque.append(m.group(0))
        return f"\x00{len(opaque) - 1}\x00"

    text_ = _OPAQUE.sub(hide, statement)
    typed: list[_Typed] = []
    text_ = _NODE.sub(lambda m: _entity_node(m, typed), text_)
    text_ = _SUBSCRIPT.sub(_from_one, text_)
    text_ = _TYPE_FN.sub("label", text_)
    while marks := list(_TYPED.finditer(text_)):  # the last first: conditions then read in pattern order
        m = marks[-1]
        node = typed[int(m.group(1))]
        text_ = text_[:m.start()] + text_[m.end():]
        try:
            text_ = _where_first(text_, m.start(), node.condition)
        except QueryError:
            if not node.in_map:
                raise
            text_ = text_[:m.start() - len(node.pattern)] + node.in_map + text_[m.start():]
    return re.sub(r"\x00(\d+)\x00", lambda m: opaque[int(m.group(1))], text_).strip()


@dataclass(frozen=True)
class _Typed:
    """A node pattern whose labels named entity types, as translated (see ladybug_form)."""

    pattern: str  # the node as an Entity, without its type: (x:Entity {name: $n})
    condition: str  # its type, for a WHERE: x.type = 'Lab', x.type IN ['Lab', 'Institute']
    in_map: str  # one type in the node's map instead, where there is no WHERE: (:Entity {type: 'Lab'}); '' for a choice


def _entity_node(m: re.Match, typed: list[_Typed]) -> str:
    """One node pattern in the embedded store's form, marked when its type is still to be placed
    (see ladybug_form)."""
    labels = _LABEL_OP.split(m.group("labels"))
    names, ops = labels[::2], {op[0] for op in labels[1::2]}
    if not set(names) <= {"Entity", *ENTITY_TYPES}:
        return m.group(0)
    if "|" in ops and ops - {"|"}:
        raise QueryError(f"(:{m.group('labels')}) mixes | with : or &; write one choice of types, (x:Lab|Institute)")
    types = list(dict.fromkeys(n for n in names if n != "Entity"))
    if "|" in ops and "Entity" in names:
        types = []
    if "|" not in ops and len(types) > 1:
        raise QueryError(f"(:{m.group('labels')}) asks for an entity of several types at once, and an entity has one; "
                         f"for any of them write (:{'|'.join(types)})")
    props = (m.group("props") or "{}")[1:-1].strip()
    if not types:
        return f"({m.group('var') or ''}:Entity" + (f" {{{props}}}" if props else "") + ")"
    var = m.group("var") or f"_kg{len(typed)}"
    pattern = f"({var}:Entity" + (f" {{{props}}}" if props else "") + ")"
    if len(types) == 1:
        in_map = f"({m.group('var') or ''}:Entity {{type: '{types[0]}'" + (f", {props}" if props else "") + "})"
        typed.append(_Typed(pattern, f"{var}.type = '{types[0]}'", in_map))
    else:
        typed.append(_Typed(pattern, f"{var}.type IN [{', '.join(repr(t) for t in types)}]", ""))
    return f"{pattern}\x01{len(typed) - 1}\x01"


def _from_one(m: re.Match) -> str:
    start, dots, end = m.groups()
    return f"[{int(start) + 1}" + (f"..{end}" if dots else "") + "]"


def _where_first(statement: str, at: int, condition: str) -> str:
    """`statement` with `condition` ANDed first into the WHERE of the MATCH whose pattern holds
    position `at` (a WHERE is added where there is none)."""
    tokens: list[tuple[int, int, int, str]] = []  # start, end, bracket depth, the clause it starts or ''
    depth, previous = 0, ""
    for t in _TOKEN.finditer(statement):
        word = t.group(0).upper()
        depth -= word in (")", "]", "}")
        starts = word in _CLAUSE and not (word == "WITH" and previous in ("STARTS", "ENDS"))
        tokens.append((t.start(), t.end(), depth, word if starts else ""))
        depth += word in ("(", "[", "{")
        previous = word
    level = sum((statement[s] in "([{") - (statement[s] in ")]}") for s, _, _, _ in tokens if s < at)
    clause = None
    for start, _, d, word in tokens:
        if start >= at:
            break
        if d < level:
            clause = None
        elif d == level and word:
            clause = word
    if clause != "MATCH":
        raise QueryError("a choice of types (x:Lab|Institute) works on both stores only in a MATCH pattern; "
                         "elsewhere write (x:Entity) WHERE x.type IN ['Lab', 'Institute']")
    bounds = [(s, e, w) for s, e, d, w in tokens if s >= at and (d < level or (d == level and w))]
    if not bounds:
        return f"{statement} WHERE {condition}"
    start, end, word = bounds[0]
    if word != "WHERE":
        return f"{statement[:start]}WHERE {condition} {statement[start:]}"
    close = bounds[1][0] if len(bounds) > 1 else len(statement)
    return f"{statement[:end]} {condition} AND ({statement[end:close].strip()}) {statement[close:]}".rstrip()
