"""The translation of researchers' Cypher for the embedded store (kg.cypher.ladybug_form), rule
by rule; tests/test_portable.py checks that the translated queries give Neo4j's rows."""
from __future__ import annotations

import pytest

from kg.cypher import QueryError, ladybug_form, translate


@pytest.mark.parametrize("neo4j, ladybug", [
    ("MATCH (l:Lab)-[:SETTLED_IN]->(p:Park) WHERE p.name CONTAINS '西安科学园' RETURN count(DISTINCT l) AS n",
     "MATCH (l:Entity)-[:SETTLED_IN]->(p:Entity) WHERE l.type = 'Lab' AND (p.type = 'Park' AND "
     "(p.name CONTAINS '西安科学园')) RETURN count(DISTINCT l) AS n"),
    ("MATCH (e:Enterprise)-[:IN_CHAIN]->(c:Chain {name: '人工智能'}) RETURN e.name",
     "MATCH (e:Entity)-[:IN_CHAIN]->(c:Entity {name: '人工智能'}) WHERE e.type = 'Enterprise' AND (c.type = 'Chain') "
     "RETURN e.name"),
    ("MATCH (p:Entity&Park {key: $park}) RETURN p", "MATCH (p:Entity {key: $park}) WHERE p.type = 'Park' RETURN p"),
    ("MATCH (p:Entity:Park) RETURN p", "MATCH (p:Entity) WHERE p.type = 'Park' RETURN p"),
    ("MATCH (x:Entity|Lab) RETURN x", "MATCH (x:Entity) RETURN x"),
    ("MATCH (a:Article)-[:MENTIONS]->(x) RETURN a", "MATCH (a:Article)-[:MENTIONS]->(x) RETURN a"),
    ("MATCH (x:Lab|Institute) RETURN count(*)",
     "MATCH (x:Entity) WHERE x.type IN ['Lab', 'Institute'] RETURN count(*)"),
    ("MATCH (x:Lab|Institute)-->(p) WHERE p.name STARTS WITH '西安' OR p.name ENDS WITH '园' WITH x RETURN x.name",
     "MATCH (x:Entity)-->(p) WHERE x.type IN ['Lab', 'Institute'] AND "
     "(p.name STARTS WITH '西安' OR p.name ENDS WITH '园') WITH x RETURN x.name"),
    ("MATCH (p:Park) OPTIONAL MATCH (p)<--(:Lab|University) RETURN p",
     "MATCH (p:Entity) WHERE p.type = 'Park' OPTIONAL MATCH (p)<--(_kg1:Entity) "
     "WHERE _kg1.type IN ['Lab', 'University'] RETURN p"),
    ("MATCH (a) WHERE EXISTS { MATCH (a)-->(b:Lab|Institute) } RETURN a",
     "MATCH (a) WHERE EXISTS { MATCH (a)-->(b:Entity) WHERE b.type IN ['Lab', 'Institute'] } RETURN a"),
    ("MATCH (a) WHERE EXISTS { (a)<-[:SETTLED_IN]-(:Lab) } RETURN a",
     "MATCH (a) WHERE EXISTS { (a)<-[:SETTLED_IN]-(:Entity {type: 'Lab'}) } RETURN a"),
    ("MATCH (a)-[r]->(b) RETURN type(r), TYPE (r), r.sentences[0], r.articles[0..2], r.articles[1..], x[$i]",
     "MATCH (a)-[r]->(b) RETURN label(r), label (r), r.sentences[1], r.articles[1..2], r.articles[2..], x[$i]"),
    ("MATCH (a:Article) // (x:Lab) [0]\nRETURN a.id AS `x:Lab`, 'type(r) (y:Lab) [0]', a.type",
     "MATCH (a:Article)  \nRETURN a.id AS `x:Lab`, 'type(r) (y:Lab) [0]', a.type"),
])
def test_ladybug_form(neo4j, ladybug):
    assert ladybug_form(neo4j) == ladybug
    assert translate(neo4j, "neo4j") == neo4j


@pytest.mark.parametrize("query, message", [
    ("MATCH (x:Lab:Institute) RETURN x", "an entity has one"),
    ("MATCH (x:Lab|Institute&Entity) RETURN x", "mixes"),
    ("MATCH (a) WHERE EXISTS { (a)-->(:Lab|Institute) } RETURN a", "only in a MATCH pattern"),
])
def test_what_cannot_be_translated_is_refused_with_a_reason(query, message):
    with pytest.raises(QueryError, match=message):
        ladybug_form(query)
