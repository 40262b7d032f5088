UNWIND $ids AS i
MATCH (a:Article {id: i})
USING INDEX SEEK a:Article(id)
RETURN a.id AS id
