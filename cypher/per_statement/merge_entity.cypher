// The ingest bench's baseline: one entity an article names.
MERGE (e:Entity {key: $key})
ON CREATE SET e.type = $type, e.name = $name, e.aliases = $aliases
ON MATCH SET e.aliases = e.aliases + [n IN $aliases WHERE NOT n IN e.aliases]
SET e:$($type)
