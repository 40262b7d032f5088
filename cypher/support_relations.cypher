UNWIND $rows AS r
MATCH (a:Entity {key: r.from})
USING INDEX SEEK a:Entity(key)
WITH a, r
MATCH (b:Entity {key: r.to})
USING INDEX SEEK b:Entity(key)
WITH a, b, r
MATCH (a)-[x:{TYPE}]->(b)
SET x.articles = x.articles + r.articles, x.sentences = x.sentences + r.sentences, x.char_starts = x.char_starts + r.char_starts,
    x.char_ends = x.char_ends + r.char_ends, x.methods = x.methods + r.methods, x.confidences = x.confidences + r.confidences,
    x.confidence = CASE WHEN r.confidence > x.confidence THEN r.confidence ELSE x.confidence END,
    x.date = coalesce(x.date, r.date), x.kind = coalesce(x.kind, r.kind), x.role = coalesce(x.role, r.role)
