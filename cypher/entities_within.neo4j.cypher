// The entities at most $radius (1 or 2) hops from one entity over the ontology's relationships:
// a path request first checks that the balls around its two ends meet, because a search for
// paths between entities that are not connected explores every path around the first one.
// (The embedded store answers this from its adjacency index, kg/adjacency.py.)
MATCH p = (a:Entity {key: $key})-[:SETTLED_IN|LOCATED_IN|HAS_CHAIN|IN_CHAIN|AFFILIATED_WITH|COOPERATES_WITH|RANKED_IN|PUBLISHED|HELD_IN|RELEASED|WON*1..2]-(b:Entity)
WHERE length(p) <= $radius
RETURN DISTINCT b.key AS key
