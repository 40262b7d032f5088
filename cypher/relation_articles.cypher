UNWIND $rows AS r
MATCH (a:Entity {key: r.src})-[x:{TYPE}]->(b:Entity {key: r.dst})
RETURN r.src AS src, r.dst AS dst, x.articles AS articles
