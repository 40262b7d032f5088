// The articles kg reextract has cleared the facts of (their extractor unset), in the order they
// were first stored; those with a Redone mark have their new facts already.
MATCH (a:Article)
WHERE a.extractor IS NULL
RETURN a.id AS id
ORDER BY a.seq, a.ingested_at, a.id
