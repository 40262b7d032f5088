UNWIND $keys AS k
MATCH (e:Entity {key: k})
RETURN e.key AS key, e.type AS type, e.name AS name, e.aliases AS aliases
