UNWIND $rows AS r
MATCH (a:Article {id: r.from})
USING INDEX SEEK a:Article(id)
WITH a, r
MATCH (e:Entity {key: r.to})
USING INDEX SEEK e:Entity(key)
CREATE (a)-[:MENTIONS {count: r.count}]->(e)
