// One slice of the graph deleted: a store's transaction memory is bounded, so clear() repeats
// this until it deletes nothing.
MATCH (n)
WITH n LIMIT $limit
DETACH DELETE n
RETURN count(*) AS deleted
