UNWIND $keys AS k
MATCH (a:Entity {key: k})-[x]->(b:Entity)
WHERE b.key IN $keys
RETURN a.key AS src, label(x) AS type, b.key AS dst, x.articles AS articles, x.confidence AS confidence,
       x.date AS date, x.`rank` AS rank, x.year AS year, x.kind AS kind, x.role AS role
