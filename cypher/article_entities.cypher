MATCH (a:Article {id: $id})-[:MENTIONS]->(e:Entity)
RETURN e.key AS key
