// The ingest bench's baseline: one name an entity goes by.
MERGE (x:Alias {id: $id})
ON CREATE SET x.key = $key
