UNWIND $keys AS k
MATCH (e:Entity {key: k})
USING INDEX SEEK e:Entity(key)
RETURN e.key AS key, e.type AS type, e.name AS name, e.aliases AS aliases
