// Every mention count, article to entity (kg backup, kg check).
MATCH (a:Article)-[m:MENTIONS]->(e:Entity)
RETURN a.id AS `from`, e.key AS `to`, m.count AS count
