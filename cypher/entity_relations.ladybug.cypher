// One entity's relationships of one type, outgoing and incoming, with their supports. Run for
// each type the entity has (the adjacency index knows them): an untyped -[x]- makes Ladybug
// visit every relationship table, and a table with no rows at all makes it scan every entity.
MATCH (e:Entity {key: $key})-[x:{TYPE}]->(o:Entity)
RETURN label(x) AS type, 'out' AS direction, o.key AS other, o.name AS other_name, o.type AS other_type,
       x.articles AS articles, x.sentences AS sentences, x.char_starts AS char_starts, x.char_ends AS char_ends,
       x.methods AS methods, x.confidences AS confidences, x.confidence AS confidence,
       x.date AS date, x.`rank` AS rank, x.year AS year, x.kind AS kind, x.role AS role
UNION ALL
MATCH (e:Entity {key: $key})<-[x:{TYPE}]-(o:Entity)
RETURN label(x) AS type, 'in' AS direction, o.key AS other, o.name AS other_name, o.type AS other_type,
       x.articles AS articles, x.sentences AS sentences, x.char_starts AS char_starts, x.char_ends AS char_ends,
       x.methods AS methods, x.confidences AS confidences, x.confidence AS confidence,
       x.date AS date, x.`rank` AS rank, x.year AS year, x.kind AS kind, x.role AS role
