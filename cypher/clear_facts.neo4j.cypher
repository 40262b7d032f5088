// One slice of the facts deleted (entities with their relationships and mentions, aliases),
// articles kept: kg reextract repeats this until it deletes nothing.
MATCH (n)
WHERE n:Entity OR n:Alias
WITH n LIMIT $limit
DETACH DELETE n
RETURN count(*) AS deleted
