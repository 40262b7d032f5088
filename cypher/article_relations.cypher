MATCH (:Article {id: $id})-[:MENTIONS]->(a:Entity)-[x]->(b:Entity)
WHERE $id IN x.articles
RETURN a.key AS `from`, type(x) AS type, b.key AS `to`
