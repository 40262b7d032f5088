// Every alias id and the entity it names (the embedded store's in-memory name index is built
// from these).
MATCH (x:Alias)
RETURN x.id AS id, x.key AS key
