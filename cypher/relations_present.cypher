UNWIND $rows AS r
MATCH (a:Entity {key: r.from})-[x:{TYPE}]->(b:Entity {key: r.to})
RETURN r.from AS `from`, r.to AS `to`
