// Parks that host an industrial chain.
// $chain (entity Chain): the chain's name or an alias (量子信息, 人工智能)
MATCH (p:Park)-[r:HAS_CHAIN]->(c:Entity&Chain {key: $chain})
RETURN p.name AS park, size(r.articles) AS articles
ORDER BY articles DESC, park
