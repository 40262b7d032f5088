UNWIND $rows AS r
MATCH (a:Article {id: r.id})
USING INDEX SEEK a:Article(id)
SET a.extractor = r.extractor
