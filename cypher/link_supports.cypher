UNWIND $rows AS r
MATCH (s:Support {id: r.id})
WITH s, r
MATCH (a:Article {id: r.article})
MERGE (s)-[:FROM_ARTICLE]->(a)
