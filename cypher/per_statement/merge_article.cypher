// The ingest bench's baseline (bench/ingest_throughput.py): the graph `kg ingest` writes,
// loaded the py2neo-era way, one MERGE per fact, each in its own transaction.
MERGE (a:Article {id: $id})
SET a.source = $source, a.title = $title, a.date = $date, a.ingested_at = $ingested_at, a.text = $text
