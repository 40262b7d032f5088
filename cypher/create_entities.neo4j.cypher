UNWIND $rows AS r
CREATE (e:Entity {key: r.key, type: r.type, name: r.name, aliases: r.aliases})
SET e:$(r.type)
