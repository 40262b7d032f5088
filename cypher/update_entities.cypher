UNWIND $rows AS r
MATCH (e:Entity {key: r.key})
SET e.name = r.name, e.aliases = r.aliases
