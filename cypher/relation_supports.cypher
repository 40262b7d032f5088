UNWIND $rows AS r
MATCH (a:Entity {key: r.from})-[x:{TYPE}]->(b:Entity {key: r.to})
USING INDEX SEEK a:Entity(key)
USING INDEX SEEK b:Entity(key)
RETURN r.from AS `from`, r.to AS `to`, x.articles AS articles, x.sentences AS sentences, x.char_starts AS char_starts,
       x.char_ends AS char_ends, x.methods AS methods, x.confidences AS confidences
