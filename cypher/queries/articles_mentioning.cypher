// Articles that mention an entity, newest first.
// $entity (entity): a name or an alias (中国科学院, 中科院)
MATCH (a:Article)-[m:MENTIONS]->(e:Entity {key: $entity})
RETURN a.id AS article, a.title AS title, a.date AS date, a.source AS source, m.count AS mentions
ORDER BY date DESC, title
