MATCH (a:Entity)-[x]->(b:Entity)
RETURN a.key AS src, type(x) AS type, b.key AS dst, x.articles AS articles, x.confidence AS confidence,
       x.date AS date, x.`rank` AS rank, x.year AS year, x.kind AS kind, x.role AS role
