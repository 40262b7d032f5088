// Who an entity cooperates with (either direction), with the kind of cooperation.
// $entity (string): a name or an alias (中国科学技术大学, 中科大)
MATCH (e:Entity)-[r:COOPERATES_WITH]-(x:Entity)
WHERE e.name = $entity OR $entity IN e.aliases
RETURN x.name AS partner, x.type AS type, r.kind AS kind, size(r.articles) AS articles
ORDER BY articles DESC, partner
