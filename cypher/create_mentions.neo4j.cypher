UNWIND $rows AS r
MATCH (a:Article {id: r.from})
WITH a, r
MATCH (e:Entity {key: r.to})
CREATE (a)-[:MENTIONS {count: r.count}]->(e)
