// Parks that host an industrial chain.
// $chain (string): the chain's name or an alias (量子信息, 人工智能)
MATCH (p:Entity)-[r:HAS_CHAIN]->(c:Entity)
WHERE c.name = $chain OR $chain IN c.aliases
RETURN p.name AS park, size(r.articles) AS articles
ORDER BY articles DESC, park
