// Entities with a name or an alias that contains $q, optionally of one type ($prefix is
// 'Type|' or ''); ranked by the caller. Alias ids are `Type|normalised name` in one flat
// column, which the TEXT index on Alias.id serves. (The embedded store has no text index and
// searches an in-memory one instead: kg/name_index.py.)
MATCH (x:Alias)
WHERE x.id STARTS WITH $prefix AND x.id CONTAINS $q
RETURN DISTINCT x.key AS key
LIMIT $candidates
