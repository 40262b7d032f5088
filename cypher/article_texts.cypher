// What the extractor reads of stored articles (kg reextract).
UNWIND $ids AS i
MATCH (a:Article {id: i})
USING INDEX SEEK a:Article(id)
RETURN a.id AS id, a.source AS source, a.title AS title, a.date AS date, a.text AS text
