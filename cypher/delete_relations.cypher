UNWIND $rows AS r
MATCH (a:Entity {key: r.from})-[x:{TYPE}]->(b:Entity {key: r.to})
USING INDEX SEEK a:Entity(key)
USING INDEX SEEK b:Entity(key)
DELETE x
