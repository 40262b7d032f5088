UNWIND $rows AS r
MATCH (a:Entity {key: r.from})
USING INDEX SEEK a:Entity(key)
WITH a, r
MATCH (b:Entity {key: r.to})
USING INDEX SEEK b:Entity(key)
CREATE (a)-[:{TYPE} {articles: r.articles, sentences: r.sentences, char_starts: r.char_starts, char_ends: r.char_ends, methods: r.methods,
                     confidences: r.confidences, confidence: r.confidence, date: r.date, `rank`: r.rank, year: r.year,
                     kind: r.kind, role: r.role}]->(b)
