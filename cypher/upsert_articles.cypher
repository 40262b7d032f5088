UNWIND $rows AS r
MERGE (a:Article {id: r.id})
ON CREATE SET a.source = r.source, a.title = r.title, a.date = r.date, a.ingested_at = r.ingested_at, a.text = r.text
