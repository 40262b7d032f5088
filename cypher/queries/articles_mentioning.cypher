// Articles that mention an entity, newest first.
// $entity (string): a name or an alias (中国科学院, 中科院)
MATCH (a:Article)-[m:MENTIONS]->(e:Entity)
WHERE e.name = $entity OR $entity IN e.aliases
RETURN a.id AS article, a.title AS title, a.date AS date, a.source AS source, m.count AS mentions
ORDER BY date DESC, title
