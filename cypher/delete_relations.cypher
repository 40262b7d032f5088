UNWIND $rows AS r
MATCH (a:Entity {key: r.src})-[x:{TYPE}]->(b:Entity {key: r.dst})
DELETE x
