// The entities at most $radius (1 or 2) hops from one entity over the ontology's relationships:
// a path request first checks that the balls around its two ends meet, because a search for
// paths between entities that are not connected explores every path around the first one
// (42 ms against 4 ms for the two balls, on a 1M-relationship graph).
MATCH p = (a:Entity {key: $key})-[:SETTLED_IN|LOCATED_IN|HAS_CHAIN|IN_CHAIN|AFFILIATED_WITH|COOPERATES_WITH|RANKED_IN|PUBLISHED|HELD_IN|RELEASED|WON* SHORTEST 1..2]-(b:Entity)
WHERE length(p) <= $radius
RETURN b.key AS key
