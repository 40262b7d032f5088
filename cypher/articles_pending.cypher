// Those of $ids still waiting for kg reextract: facts cleared, no Redone mark yet (a retried
// batch must not add its facts twice).
UNWIND $ids AS i
MATCH (a:Article {id: i})
USING INDEX SEEK a:Article(id)
WITH a
WHERE a.extractor IS NULL
OPTIONAL MATCH (r:Redone {id: a.id})
USING INDEX SEEK r:Redone(id)
WITH a, r
WHERE r IS NULL
RETURN a.id AS id
