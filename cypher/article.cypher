MATCH (a:Article {id: $id})
RETURN a.id AS id, a.title AS title, a.date AS date, a.source AS source, a.ingested_at AS ingested_at, a.text AS text
