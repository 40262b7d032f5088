// What the extractor reads of stored articles (kg reextract); residue: the page residue spans
// kg extract skipped in the text, as JSON (null for none, or for articles stored before it was kept).
UNWIND $ids AS i
MATCH (a:Article {id: i})
USING INDEX SEEK a:Article(id)
RETURN a.id AS id, a.source AS source, a.title AS title, a.date AS date, a.text AS text,
       a.residue AS residue
