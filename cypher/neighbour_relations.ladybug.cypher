// Who is one hop from the given entities, over the given relationship types, capped.
// Each entity is found by its key, then expanded on its own (OPTIONAL MATCH runs per row);
// a plain MATCH of the pattern, or `key IN $keys`, makes Ladybug 0.22 join or scan every
// entity and relationship: 330 ms against 11 ms for 181 entities of a 1M-relationship graph.
UNWIND $keys AS k
MATCH (a:Entity {key: k})
OPTIONAL MATCH (a)-[x]-(b:Entity)
WHERE label(x) IN $types
WITH a, x, b
WHERE b IS NOT NULL
RETURN a.key AS near, b.key AS far, label(x) AS type
LIMIT $limit
