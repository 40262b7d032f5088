// The relationships among the given entities, with their supports. Each entity is found by its
// key, then its outgoing relationships on their own (OPTIONAL MATCH runs per row; a plain MATCH
// here is a hash join over every entity: 360 ms against 9 ms for 181 entities of a
// 1M-relationship graph).
UNWIND $keys AS k
MATCH (a:Entity {key: k})
OPTIONAL MATCH (a)-[x]->(b:Entity)
WHERE b.key IN $keys
WITH a, x, b
WHERE b IS NOT NULL
RETURN a.key AS src, label(x) AS type, b.key AS dst, x.articles AS articles, x.sentences AS sentences, x.char_starts AS char_starts,
       x.char_ends AS char_ends, x.methods AS methods, x.confidences AS confidences, x.confidence AS confidence,
       x.date AS date, x.`rank` AS rank, x.year AS year, x.kind AS kind, x.role AS role
