// How many entities of each type?
MATCH (e:Entity)
RETURN e.type AS type, count(*) AS n
ORDER BY type
