UNWIND $ids AS i
MATCH (a:Article {id: i})
USING INDEX SEEK a:Article(id)
RETURN a.id AS id, a.title AS title, a.date AS date, a.source AS source
