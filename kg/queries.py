"""The named researcher queries of `cypher/queries/`, with typed parameters.

Each file declares its parameters in its header comment, so the CLI, the API and the docs read
one description:

    // $park (entity Park): the park's name or one of its aliases (西安科学园, 合肥高新区)
    // $since (date, optional): settled on or after this day (2024-01-01)
    // $limit (int, optional = 20): how many to return (5)

A parameter's description ends with examples in parentheses, the first one a value the sample
graph holds (`kg query` with no name lists them all; `describe` is what it prints).

An optional parameter without a default is bound to '' (the query treats '' as "not given"):
Ladybug cannot type a null parameter. An `entity` parameter (optionally of one type) takes a
name or alias from the user; the store turns it into the entity's key, which the query matches
by `{key: $param}`, an index lookup instead of a scan of every name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from . import cypher
from .cypher import QueryError
from .ontology import ENTITY_TYPES

_DECL = re.compile(r"//\s*\$(\w+)\s*\((string|int|date|entity)(?: (\w+))?(, optional(?: = ([^)]*))?)?\):\s*(.*)")
_NAME = re.compile(r"[a-z][a-z0-9_]*")
_EXAMPLES = re.compile(r"\s*\(([^()]*)\)$")
MAX_LIMIT = 1000


class UnknownQuery(QueryError):
    """No named query by that name."""


class WrongEntityType(QueryError):
    """An `entity TYPE` parameter was given the name of an entity of another type."""


class UnknownEntity(QueryError):
    """An `entity` parameter was given a name no entity goes by: the query could only answer
    with no rows, which would read as "nothing there" rather than "no such thing"."""

    def __init__(self, param: Param, name: str, suggestions: list[str]) -> None:
        what = f"no {param.entity_type}" if param.entity_type else "no entity"
        hint = f"; closest names in the graph: {', '.join(suggestions)}" if suggestions else ""
        super().__init__(f"${param.name}: {what} is named {name!r}{hint}")
        self.param, self.name, self.suggestions = param, name, suggestions


@dataclass(frozen=True)
class Param:
    name: str
    type: str  # string | int | date | entity
    required: bool
    default: str | int
    description: str
    entity_type: str | None = None  # for an entity parameter: the one type it names, if declared
    examples: tuple[str, ...] = ()  # values to try, the first one in the sample graph

    @property
    def kind(self) -> str:
        """The type as the header writes it: `entity Park`, `date`, …"""
        return f"{self.type} {self.entity_type}" if self.entity_type else self.type


@dataclass(frozen=True)
class NamedQuery:
    name: str
    description: str
    params: tuple[Param, ...]

    def example(self) -> str:
        """A command line that runs this query with the first example of each required parameter."""
        return " ".join(["kg query", self.name, *(f"--param {p.name}={p.examples[0]}" for p in self.params
                                                   if p.required)])

    def describe(self) -> str:
        """What `kg query` prints about this query: its description, one line per parameter
        (name, type, required or default, what it is, examples) and a command to try."""
        width = max((len(p.name) for p in self.params), default=0)
        kinds = max((len(p.kind) for p in self.params), default=0)
        lines = [f"{self.name}: {self.description}"]
        for p in self.params:
            need = "required" if p.required else f"default {p.default}" if p.default != "" else "optional"
            eg = f" (e.g. {', '.join(p.examples)})" if p.examples else ""
            lines.append(f"  {p.name:<{width}}  {p.kind:<{kinds}}  {need:<11} {p.description}{eg}")
        lines.append(f"  try: {self.example()}")
        return "\n".join(lines)

    def bind(self, raw: dict[str, object]) -> dict[str, object]:
        """Typed parameter values from what a user sent (strings from a URL or a command line)."""
        unknown = set(raw) - {p.name for p in self.params}
        if unknown:
            raise QueryError(f"{self.name} takes no parameter(s) {', '.join(sorted(unknown))}; "
                             f"it takes {', '.join(p.name for p in self.params)}")
        missing = [p.name for p in self.params if p.required and raw.get(p.name) in (None, "")]
        if missing:
            raise QueryError(f"missing parameter(s): {', '.join(missing)}")
        return {p.name: _convert(p, raw[p.name]) if raw.get(p.name) not in (None, "") else p.default
                for p in self.params}


def _convert(p: Param, value: object) -> str | int:
    text = str(value).strip()
    if p.type == "int":
        if not re.fullmatch(r"\d{1,7}", text) or not 1 <= int(text) <= MAX_LIMIT:
            raise QueryError(f"{p.name} must be a whole number from 1 to {MAX_LIMIT}, not {text!r}")
        return int(text)
    if p.type == "date":
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            raise QueryError(f"{p.name} must be an ISO date (YYYY-MM-DD), not {text!r}") from None
    if not text:
        raise QueryError(f"{p.name} must not be empty")
    return text


@lru_cache(maxsize=None)
def catalog() -> dict[str, NamedQuery]:
    """Every named query, by name."""
    out = {}
    for path in sorted((cypher.ROOT / "queries").glob("*.cypher")):
        lines = path.read_text(encoding="utf-8").splitlines()
        description = lines[0].removeprefix("//").strip()
        params = []
        for line in lines[1:]:
            m = _DECL.match(line)
            if m:
                name, type_, entity_type, optional, default, text = m.groups()
                if entity_type and entity_type not in ENTITY_TYPES:
                    raise QueryError(f"{path.name}: ${name} names an unknown entity type {entity_type!r}")
                value: str | int = int(default) if default and type_ == "int" else (default or "")
                examples = _EXAMPLES.search(text.strip())
                if not examples:
                    raise QueryError(f"{path.name}: ${name} gives no examples: end its line with (VALUE, …)")
                params.append(Param(name, type_, not optional, value, text.strip()[:examples.start()], entity_type,
                                    tuple(e.strip() for e in examples[1].split(", "))))
        out[path.stem] = NamedQuery(path.stem, description, tuple(params))
    return out


def get(name: str) -> NamedQuery:
    if not _NAME.fullmatch(name) or name not in catalog():
        raise UnknownQuery(f"no named query {name!r}; the named queries are {', '.join(catalog())}")
    return catalog()[name]
