// One entity's incoming relationships of one type, with their supports (see entity_relations_out).
MATCH (e:Entity {key: $key})<-[x:{TYPE}]-(o:Entity)
RETURN label(x) AS type, 'in' AS direction, o.key AS other, o.name AS other_name, o.type AS other_type,
       x.articles AS articles, x.sentences AS sentences, x.char_starts AS char_starts, x.char_ends AS char_ends,
       x.methods AS methods, x.confidences AS confidences, x.confidence AS confidence,
       x.date AS date, x.`rank` AS rank, x.year AS year, x.kind AS kind, x.role AS role
