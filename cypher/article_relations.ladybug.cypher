MATCH (:Article {id: $id})-[:MENTIONS]->(a:Entity)-[x]->(b:Entity)
WHERE $id IN x.articles
RETURN a.key AS `from`, label(x) AS type, b.key AS `to`
