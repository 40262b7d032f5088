// Who an entity cooperates with (either direction), with the kind of cooperation.
// $entity (entity): a name or an alias (中国科学技术大学, 中科大)
MATCH (e:Entity {key: $entity})-[r:COOPERATES_WITH]-(x:Entity)
RETURN x.name AS partner, x.type AS type, r.kind AS kind, size(r.articles) AS articles
ORDER BY articles DESC, partner
