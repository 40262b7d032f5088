// One entity's outgoing relationships of one type, with their supports. The embedded store runs
// it (and entity_relations_in) for each type and direction the entity has, as its adjacency
// index knows them: an untyped -[x]- visits every relationship table (and scans every entity
// for a table with no rows), and a UNION ALL of the two directions costs Ladybug 0.22 more than
// the two halves run apart.
MATCH (e:Entity {key: $key})-[x:{TYPE}]->(o:Entity)
RETURN label(x) AS type, 'out' AS direction, o.key AS other, o.name AS other_name, o.type AS other_type,
       x.articles AS articles, x.sentences AS sentences, x.char_starts AS char_starts, x.char_ends AS char_ends,
       x.methods AS methods, x.confidences AS confidences, x.confidence AS confidence,
       x.date AS date, x.`rank` AS rank, x.year AS year, x.kind AS kind, x.role AS role
