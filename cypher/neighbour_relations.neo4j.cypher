// Who is one hop from the given entities, over the given relationship types, capped.
UNWIND $keys AS k
MATCH (a:Entity {key: k})-[x]-(b:Entity)
USING INDEX SEEK a:Entity(key)
WHERE type(x) IN $types
RETURN a.key AS near, b.key AS far, type(x) AS type
LIMIT $limit
