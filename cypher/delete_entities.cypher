UNWIND $keys AS k
MATCH (e:Entity {key: k})
USING INDEX SEEK e:Entity(key)
DETACH DELETE e
