MATCH (s:Support)-[:FROM_ARTICLE]->(a:Article {id: $id})
RETURN s.src AS src, s.type AS type, s.dst AS dst
