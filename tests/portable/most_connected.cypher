// The five most connected entities (ORDER BY … LIMIT).
MATCH (x:Entity)-[r]-(:Entity)
RETURN x.name AS name, x.type AS type, count(r) AS degree
ORDER BY degree DESC, name
LIMIT 5
