UNWIND $rows AS r
MATCH (e:Entity {key: r.key})
USING INDEX SEEK e:Entity(key)
SET e.name = r.name, e.aliases = r.aliases
