UNWIND $keys AS k
MATCH (e:Entity {key: k})
USING INDEX SEEK e:Entity(key)
OPTIONAL MATCH (e)<-[m:MENTIONS]-(:Article)
WITH e, count(m) AS n
WHERE n = 0
RETURN e.key AS key, e.type AS type, e.name AS name, e.aliases AS aliases
