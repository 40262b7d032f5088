// Every relationship type with how many there are, over any entities (no labels at all).
MATCH (a)-[r]->(b:Entity)
WHERE a.key IS NOT NULL
RETURN type(r) AS type, count(*) AS n
ORDER BY type
