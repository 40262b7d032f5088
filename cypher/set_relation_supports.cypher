UNWIND $rows AS r
MATCH (a:Entity {key: r.from})-[x:{TYPE}]->(b:Entity {key: r.to})
USING INDEX SEEK a:Entity(key)
USING INDEX SEEK b:Entity(key)
SET x.articles = r.articles, x.sentences = r.sentences, x.char_starts = r.char_starts, x.char_ends = r.char_ends, x.methods = r.methods,
    x.confidences = r.confidences
