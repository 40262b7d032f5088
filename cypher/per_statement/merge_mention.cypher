// The ingest bench's baseline: one article's mentions of one entity.
MATCH (a:Article {id: $article}), (e:Entity {key: $key})
MERGE (a)-[m:MENTIONS]->(e)
ON CREATE SET m.count = $count
ON MATCH SET m.count = m.count + $count
