UNWIND $rows AS r
MATCH (a:Article {id: r.article})
WITH a, r
MATCH (e:Entity {key: r.key})
MERGE (a)-[m:MENTIONS]->(e)
SET m.count = r.count
