// The next articles kg reextract has still to redo (their facts were cleared, their extractor
// unset), in the order they were first stored, with what the extractor reads.
MATCH (a:Article)
WHERE a.extractor IS NULL
RETURN a.id AS id, a.source AS source, a.title AS title, a.date AS date, a.text AS text
ORDER BY a.seq, a.ingested_at, a.id
LIMIT $limit
