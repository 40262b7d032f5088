UNWIND $rows AS r
MERGE (e:Entity {key: r.key})
SET e.type = r.type, e.name = r.name, e.aliases = r.aliases
