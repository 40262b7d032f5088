UNWIND $rows AS r
MATCH (a:Entity {key: r.from})-[x:{TYPE}]->(b:Entity {key: r.to})
DELETE x
