"""The named statements in cypher/ as the stores receive them."""
from __future__ import annotations

import re

import pytest

from kg import cypher

# A node looked up by a key that comes from an unwound row, e.g. `(x:Alias {id: i})`.
_ROW_LOOKUP = re.compile(r"\((\w+):(\w+) \{(\w+): (?!\$)[\w.]+\}\)")


def _names(dialect: str) -> list[str]:
    """Every statement outside queries/ that `dialect` runs: its own variants and the shared ones."""
    found = set()
    for path in cypher.ROOT.glob("*.cypher"):
        name, _, variant = path.stem.partition(".")
        if variant in ("", dialect):
            found.add(name)
    return sorted(found)


def _row_lookups(name: str) -> list[tuple[str, str, str]]:
    """(variable, label, property) of each node a per-row Neo4j statement matches by key."""
    statement = cypher.text(name, "neo4j")
    if not re.search(r"^UNWIND\b", statement, re.MULTILINE):
        return []
    matches = [line for line in statement.splitlines() if line.startswith(("MATCH", "OPTIONAL MATCH"))]
    return _ROW_LOOKUP.findall("\n".join(matches))


@pytest.mark.parametrize("name", [n for n in _names("neo4j") if _row_lookups(n)])
def test_neo4j_seeks_the_index_for_every_row_lookup(name):
    """Neo4j plans from index statistics sampled in the background. Between a large batch and the
    next sampling run they can say an index is empty while it holds tens of thousands of keys,
    and the planner then scans the whole index once per unwound row: a 2,000-article batch ran
    past the 60 s transaction timeout that way (docs/benchmarks.md). An index-seek hint on every
    per-row lookup keeps the plan linear whatever the statistics say."""
    statement = cypher.text(name, "neo4j")
    for var, label, prop in _row_lookups(name):
        assert f"USING INDEX SEEK {var}:{label}({prop})" in statement, f"{name}: no seek hint for {var}"


@pytest.mark.parametrize("name", _names("ladybug"))
def test_ladybug_receives_no_planner_hints(name):
    """Ladybug has no USING clause; a hint reaching it would be a syntax error."""
    assert not re.search(r"^\s*USING\b", cypher.text(name, "ladybug"), re.MULTILINE)
