// Which of the given (from, to) pairs already have a relationship of this type, and the
// articles that support it. Each end is looked up by its key on its own (a key lookup per
// row), then the relationship between them; matching the whole pattern at once makes Ladybug
// scan every entity per batch.
UNWIND $rows AS r
MATCH (a:Entity {key: r.from})
USING INDEX SEEK a:Entity(key)
WITH a, r
MATCH (b:Entity {key: r.to})
USING INDEX SEEK b:Entity(key)
WITH a, b, r
MATCH (a)-[x:{TYPE}]->(b)
RETURN r.from AS `from`, r.to AS `to`, x.articles AS articles
