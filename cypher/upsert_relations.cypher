UNWIND $rows AS r
MATCH (a:Entity {key: r.src})
WITH a, r
MATCH (b:Entity {key: r.dst})
MERGE (a)-[x:{TYPE}]->(b)
ON CREATE SET x.articles = r.articles, x.confidence = r.confidence, x.date = r.date, x.kind = r.kind, x.role = r.role
ON MATCH SET x.articles = x.articles + r.articles,
             x.confidence = CASE WHEN r.confidence > x.confidence THEN r.confidence ELSE x.confidence END,
             x.date = coalesce(x.date, r.date), x.kind = coalesce(x.kind, r.kind), x.role = coalesce(x.role, r.role)
