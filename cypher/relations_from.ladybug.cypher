// The relationships going out of the given entities, as all_edges gives them: read after a commit
// that changed them, to keep the adjacency index in step. Each entity is found by its key, then
// expanded on its own (see relations_among for why).
UNWIND $keys AS k
MATCH (a:Entity {key: k})
OPTIONAL MATCH (a)-[x]->(b:Entity)
WITH a, x, b
WHERE b IS NOT NULL
RETURN a.key AS src, label(x) AS type, b.key AS dst, size(x.articles) AS supports,
       x.date AS date, x.`rank` AS rank, x.year AS year, x.kind AS kind, x.role AS role
