// Entities whose name or an alias contains $q (optionally of one type); ranked by the caller.
WITH $q AS q
MATCH (e:Entity)
WHERE (e.name CONTAINS q OR any(a IN e.aliases WHERE a CONTAINS q)) AND ($type = '' OR e.type = $type)
RETURN e.key AS key, e.type AS type, e.name AS name, e.aliases AS aliases
LIMIT $candidates
