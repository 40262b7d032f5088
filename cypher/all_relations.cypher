MATCH (a:Entity)-[x]->(b:Entity)
RETURN a.key AS src, type(x) AS type, b.key AS dst, x.articles AS articles, x.sentences AS sentences, x.char_starts AS char_starts,
       x.char_ends AS char_ends, x.methods AS methods, x.confidences AS confidences, x.confidence AS confidence,
       x.date AS date, x.`rank` AS rank, x.year AS year, x.kind AS kind, x.role AS role
