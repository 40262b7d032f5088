// The shortest paths between two entities over the ontology's relationships (never through
// an Article), as lists of entity keys. The hop bound is fixed here; $max_hops filters.
MATCH p = (a:Entity {key: $from})-[:SETTLED_IN|LOCATED_IN|HAS_CHAIN|IN_CHAIN|AFFILIATED_WITH|COOPERATES_WITH|RANKED_IN|PUBLISHED|HELD_IN|RELEASED|WON* ALL SHORTEST 1..4]-(b:Entity {key: $to})
WHERE length(p) <= $max_hops
RETURN properties(nodes(p), 'key') AS keys
LIMIT $limit
