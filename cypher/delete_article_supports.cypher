MATCH (s:Support)-[:FROM_ARTICLE]->(a:Article {id: $id})
DETACH DELETE s
