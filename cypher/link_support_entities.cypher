UNWIND $rows AS r
MATCH (s:Support {id: r.id})
WITH s, r
MATCH (e:Entity {key: r.key})
MERGE (s)-[:ABOUT]->(e)
